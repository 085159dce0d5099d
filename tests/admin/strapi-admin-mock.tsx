/**
 * The one stand-in for `@strapi/strapi/admin` in component tests: the real module is the whole
 * admin app. Each piece copies what Strapi 5.54's own does where the plugin's behaviour depends on
 * it (read from @strapi/admin and @strapi/content-manager 5.54.0's sources):
 *
 * - `useRBAC` and `Page.Protect` answer from the permissions the test grants the signed-in admin,
 *   matched by exact action (and subject), so an action the admin code misspells is denied;
 *   `useRBAC` is loading on its first render, as the real one is.
 * - `Form`/`useForm` keep the real form's state rules: `modified` compares the values with the
 *   initial values, `resetForm(values)` makes those the initial values, and a new `initialValues`
 *   prop replaces the values only when it differs (deeply) from the current initial values.
 * - `EditView` is the Content Manager's edit view over a `ContentManagerServer`: Save runs the
 *   UpdateAction's steps (submitting, client validation, the request and its notification, a
 *   ValidationError's field errors or else `resetForm(sent values)`, not submitting) and the
 *   request invalidates the document, which is fetched again and becomes the form's initial
 *   values; a create navigates to the new document, which is loaded into a new form.
 */
import { Button, Dialog } from '@strapi/design-system';
import isEqual from 'lodash/isEqual';
import * as React from 'react';

type Values = Record<string, unknown>;

/* ------------------------------------------------------------------------------------------------
 * The signed-in admin and their permissions
 * ----------------------------------------------------------------------------------------------*/

export interface Permission {
  action: string;
  subject?: string | null;
  properties?: { fields?: string[] };
}

const AuthContext = React.createContext<{ permissions: Permission[] } | null>(null);

/** The signed-in admin: granted exactly `permissions`, nothing else. */
export const AdminApp = ({
  permissions,
  children,
}: {
  permissions: Permission[];
  children: React.ReactNode;
}) => {
  const value = React.useMemo(
    () => ({
      permissions: permissions.map((permission) => ({ subject: null, ...permission })),
    }),
    [permissions]
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
};

const useAuth = () => {
  const auth = React.useContext(AuthContext);
  if (!auth) throw new Error('The stand-in needs <AdminApp permissions={…}> around the tree');
  return auth;
};

const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** As the real hook names its answers: `plugin::x.send-credentials` → `SendCredentials`. */
const actionName = (permission: Permission) =>
  (permission.action.split('.').slice(-1)[0] ?? '').split('-').map(capitalise).join('');

export const useRBAC = (permissionsToCheck: Permission[] = []) => {
  const { permissions: granted } = useAuth();
  const [answer, setAnswer] = React.useState<{ key: string; data: Record<string, boolean> }>();
  const key = JSON.stringify(permissionsToCheck);

  React.useEffect(() => {
    let active = true;
    const asked: Permission[] = JSON.parse(key);
    // The real check is asynchronous (it runs the RBAC middlewares): so is this one.
    void Promise.resolve().then(() => {
      if (!active) return;
      const matching = granted.filter((permission) =>
        asked.some(
          (perm) =>
            perm.action === permission.action &&
            (perm.subject == undefined || perm.subject === permission.subject)
        )
      );
      setAnswer({
        key,
        data: Object.fromEntries(matching.map((permission) => [actionName(permission), true])),
      });
    });
    return () => {
      active = false;
    };
  }, [key, granted]);

  const data = answer?.key === key ? answer.data : undefined;
  const names = { ...Object.fromEntries(permissionsToCheck.map((p) => [actionName(p), false])) };
  const allowedActions = Object.fromEntries(
    Object.entries({ ...names, ...data }).map(([name, allowed]) => [`can${name}`, allowed])
  );
  return { allowedActions, isLoading: data === undefined, permissions: permissionsToCheck };
};

/** The Content Manager's document permissions for the model being edited. */
export const useDocumentRBAC = <T,>(
  _consumer: string,
  selector: (rbac: {
    canCreateFields: string[];
    canReadFields: string[];
    canUpdateFields: string[];
  }) => T
): T => {
  const { permissions } = useAuth();
  const { model } = React.useContext(EditViewContext) ?? { model: CUSTOMER_MODEL };
  const of = (action: string) =>
    permissions.filter(
      (permission) =>
        permission.subject === model && permission.action.split('.').slice(-1)[0] === action
    );
  // As the real one: a permission without a field list gives an empty list.
  const fields = (list: Permission[]) =>
    list.some((permission) => permission.properties?.fields === undefined)
      ? []
      : [...new Set(list.flatMap((permission) => permission.properties?.fields ?? []))];
  return selector({
    canCreateFields: fields(of('create')),
    canReadFields: fields(of('read')),
    canUpdateFields: fields(of('update')),
  });
};

/** The permissions an admin needs to edit every field of the customer type. */
export const CUSTOMER_MODEL = 'api::customer.customer';
export const ALL_FIELDS = ['email', 'loginEnabled', 'password', 'emailConfirmed', 'lastName'];
export const editCustomers = (fields: string[] = ALL_FIELDS): Permission[] =>
  ['create', 'read', 'update'].map((action) => ({
    action: `plugin::content-manager.explorer.${action}`,
    subject: CUSTOMER_MODEL,
    properties: { fields },
  }));

/* ------------------------------------------------------------------------------------------------
 * Page, layouts, notifications, errors, fetch client
 * ----------------------------------------------------------------------------------------------*/

const Protect = ({
  permissions = [],
  children,
}: {
  permissions?: Permission[];
  children: React.ReactNode | ((args: { permissions: Permission[] }) => React.ReactNode);
}) => {
  const { permissions: granted } = useAuth();
  const matching = granted.filter((permission) =>
    permissions.some(
      (perm) => perm.action === permission.action && perm.subject === permission.subject
    )
  );
  if (matching.length === 0)
    return <p>You don&apos;t have the permissions to access that content</p>;
  return <>{typeof children === 'function' ? children({ permissions: matching }) : children}</>;
};

export const Page = {
  Main: ({ children }: { children: React.ReactNode }) => <main>{children}</main>,
  Title: () => null,
  Loading: () => <p>Loading</p>,
  Error: () => <p>Page error</p>,
  Protect,
};

export const Layouts = {
  Header: ({
    title,
    subtitle,
    primaryAction,
  }: {
    title: string;
    subtitle: string;
    primaryAction?: React.ReactNode;
  }) => (
    <header>
      <h1>{title}</h1>
      <p>{subtitle}</p>
      {primaryAction}
    </header>
  ),
  Content: ({ children }: { children: React.ReactNode }) => <div>{children}</div>,
};

export const notifications: Array<{ type: string; message: string }> = [];
export const useNotification = () => ({
  toggleNotification: (notification: { type: string; message: string }) =>
    notifications.push({ type: notification.type, message: notification.message }),
});

export class FetchError extends Error {
  constructor(
    message: string,
    readonly response?: { data: { data: null; error: { message: string; details?: unknown } } }
  ) {
    super(message);
  }
}
export const isFetchError = (error: unknown): error is FetchError => error instanceof FetchError;

// Stable, as the real hook's callback is: effects may depend on it.
const formatAPIError = (error: { message?: string }) => error.message ?? 'error';
export const useAPIErrorHandler = () => ({ formatAPIError });

/** The plugin's own routes, answered as each test says. */
export const get = jest.fn();
export const post = jest.fn();
export const put = jest.fn();
const pluginClient = { get, post, put };

/** The fetch client: the Content Manager's routes go to the edit view's server. */
export const useFetchClient = () => {
  const server = React.useContext(EditViewContext)?.server;
  return React.useMemo(
    () =>
      server
        ? {
            ...pluginClient,
            get: (url: string, config?: unknown) =>
              url.startsWith('/content-manager/') ? server.answer(url) : get(url, config),
          }
        : pluginClient,
    [server]
  );
};

export const ConfirmDialog = ({
  title,
  children,
  endAction,
}: {
  title: React.ReactNode;
  children: React.ReactNode;
  endAction: React.ReactNode;
}) => (
  <Dialog.Content>
    <Dialog.Header>{title}</Dialog.Header>
    <Dialog.Body>{children}</Dialog.Body>
    <Dialog.Footer>
      <Dialog.Cancel>
        <Button variant="tertiary">Cancel</Button>
      </Dialog.Cancel>
      {endAction}
    </Dialog.Footer>
  </Dialog.Content>
);

/* ------------------------------------------------------------------------------------------------
 * Form
 * ----------------------------------------------------------------------------------------------*/

interface FormState {
  values: Values;
  initialValues: Values;
  errors: Record<string, string>;
  isSubmitting: boolean;
  modified: boolean;
  getValues: () => Values;
  onChange: (path: string, value: unknown) => void;
  setValues: (values: Values) => void;
  setErrors: (errors: Record<string, string>) => void;
  setSubmitting: (isSubmitting: boolean) => void;
  resetForm: (newInitialValues?: Values) => void;
  validate: () => Promise<{ errors?: Record<string, string> }>;
}

const FormContext = React.createContext<FormState | null>(null);

type FormAction =
  | { type: 'SET_VALUES'; values: Values }
  | { type: 'SET_FIELD_VALUE'; path: string; value: unknown }
  | { type: 'SET_ERRORS'; errors: Record<string, string> }
  | { type: 'SET_ISSUBMITTING'; isSubmitting: boolean }
  | { type: 'RESET_FORM'; values: Values };

const formReducer = (
  state: { values: Values; errors: Record<string, string>; isSubmitting: boolean },
  action: FormAction
) => {
  switch (action.type) {
    case 'SET_VALUES':
      return { ...state, values: action.values };
    case 'SET_FIELD_VALUE':
      return { ...state, values: { ...state.values, [action.path]: action.value } };
    case 'SET_ERRORS':
      return isEqual(state.errors, action.errors) ? state : { ...state, errors: action.errors };
    case 'SET_ISSUBMITTING':
      return { ...state, isSubmitting: action.isSubmitting };
    case 'RESET_FORM':
      return { values: action.values, errors: {}, isSubmitting: false };
  }
};

const Form = ({
  initialValues: initialValuesProp,
  validate: validateValues,
  children,
}: {
  initialValues: Values;
  validate?: (values: Values) => Record<string, string> | null;
  children: React.ReactNode;
}) => {
  const initialValues = React.useRef(initialValuesProp);
  const [state, dispatch] = React.useReducer(formReducer, {
    values: initialValuesProp,
    errors: {},
    isSubmitting: false,
  });
  const valuesRef = React.useRef(state.values);
  valuesRef.current = state.values;

  React.useEffect(() => {
    if (!isEqual(initialValues.current, initialValuesProp)) {
      initialValues.current = initialValuesProp;
      dispatch({ type: 'SET_VALUES', values: initialValuesProp });
    }
  }, [initialValuesProp]);

  const methods = React.useMemo(
    () => ({
      getValues: () => valuesRef.current,
      onChange: (path: string, value: unknown) =>
        dispatch({ type: 'SET_FIELD_VALUE', path, value }),
      setValues: (values: Values) => dispatch({ type: 'SET_VALUES', values }),
      setErrors: (errors: Record<string, string>) => dispatch({ type: 'SET_ERRORS', errors }),
      setSubmitting: (isSubmitting: boolean) =>
        dispatch({ type: 'SET_ISSUBMITTING', isSubmitting }),
      resetForm: (newInitialValues?: Values) => {
        if (newInitialValues) initialValues.current = newInitialValues;
        dispatch({ type: 'RESET_FORM', values: initialValues.current });
      },
    }),
    []
  );
  const validate = async () => {
    dispatch({ type: 'SET_ERRORS', errors: {} });
    const errors = validateValues?.(valuesRef.current) ?? null;
    if (errors === null) return {};
    dispatch({ type: 'SET_ERRORS', errors });
    return { errors };
  };

  const value: FormState = {
    ...state,
    ...methods,
    validate,
    initialValues: initialValues.current,
    modified: !isEqual(initialValues.current, state.values),
  };
  return <FormContext.Provider value={value}>{children}</FormContext.Provider>;
};

export const useForm = <T,>(_consumer: string, selector: (state: FormState) => T): T => {
  const state = React.useContext(FormContext);
  if (!state) throw new Error('useForm outside a Form');
  return selector(state);
};

/** One of the customer's own text fields, as the Content Manager renders it in the form. */
export const TextField = ({ name, label }: { name: string; label: string }) => {
  const value = useForm('TextField', (state) => state.values[name]);
  const onChange = useForm('TextField', (state) => state.onChange);
  return (
    <input
      aria-label={label}
      value={typeof value === 'string' ? value : ''}
      onChange={(event) => onChange(name, event.target.value === '' ? null : event.target.value)}
    />
  );
};

/* ------------------------------------------------------------------------------------------------
 * The Content Manager: its server and its edit view
 * ----------------------------------------------------------------------------------------------*/

export interface ServerDocument extends Values {
  documentId: string;
  updatedAt: string;
}

export interface ServerError {
  name: 'ValidationError' | 'ApplicationError';
  message: string;
  details?: { errors?: Array<{ path: string[]; message: string }> };
}

/** What the server drops from a save body before it stores the customer, and from answers. */
const NOT_STORED = ['password', 'passwordConfirmation', 'sendCredentials'];

type Answer = 'reload' | 'check';

/**
 * The Content Manager's HTTP side for one model: documents, saves the test may refuse, and reads
 * the test may hold, to choose the order in which the edit view's reload and the plugin's own
 * check are answered.
 */
export class ContentManagerServer {
  readonly documents = new Map<string, ServerDocument>();
  /** Every save body received, in order. */
  readonly saves: Values[] = [];
  /** How many reads of each kind have been answered. */
  readonly answered: Record<Answer, number> = { reload: 0, check: 0 };
  private refusals: ServerError[] = [];
  private checkFailures: Error[] = [];
  private held: Array<{ kind: Answer; release: () => void }> | null = null;
  private clock = 0;
  private created = 0;

  constructor(...documents: Array<Values & { documentId: string }>) {
    for (const document of documents) this.store(document);
  }

  private store(data: Values & { documentId: string }) {
    this.clock += 1;
    const document = Object.fromEntries(
      Object.entries(data).filter(([key]) => !NOT_STORED.includes(key))
    ) as ServerDocument;
    document.updatedAt = `2026-12-01T00:00:${String(this.clock).padStart(2, '0')}.000Z`;
    this.documents.set(data.documentId, document);
    return document;
  }

  /** The next save is refused with this error, and changes nothing. */
  refuseNextSave(error: ServerError) {
    this.refusals.push(error);
  }

  /** The plugin's next read of the document fails with this error (a network failure, say). */
  failNextCheck(error: Error) {
    this.checkFailures.push(error);
  }

  /** From now on, reads wait until the test releases them. */
  holdReads() {
    this.held = [];
  }

  /** Answers the oldest held read of this kind. */
  release(kind: Answer) {
    const index = this.held?.findIndex((read) => read.kind === kind) ?? -1;
    if (index < 0) throw new Error(`no ${kind} is waiting for its answer`);
    const [read] = this.held!.splice(index, 1);
    read!.release();
  }

  waiting(kind: Answer) {
    return (this.held ?? []).filter((read) => read.kind === kind).length;
  }

  async read(kind: Answer, documentId: string) {
    if (this.held) await new Promise<void>((release) => this.held!.push({ kind, release }));
    this.answered[kind] += 1;
    const failure = kind === 'check' ? this.checkFailures.shift() : undefined;
    if (failure) throw failure;
    const document = this.documents.get(documentId);
    if (!document) throw new Error(`no document ${documentId}`);
    return { ...document };
  }

  /** GET /content-manager/collection-types/:model/:documentId, as the plugin calls it. */
  async answer(url: string) {
    const documentId = url.split('/').pop()!;
    return { data: { data: await this.read('check', documentId), meta: {} } };
  }

  async save(
    documentId: string | undefined,
    body: Values
  ): Promise<{ data: ServerDocument } | { error: ServerError }> {
    this.saves.push(body);
    await Promise.resolve();
    const refusal = this.refusals.shift();
    if (refusal) return { error: refusal };
    this.created += documentId ? 0 : 1;
    return { data: this.store({ ...body, documentId: documentId ?? `created${this.created}` }) };
  }
}

const EditViewContext = React.createContext<{
  server: ContentManagerServer;
  model: string;
  id: string | undefined;
  document: ServerDocument | undefined;
  contentType: object;
} | null>(null);

/** The form as the Content Manager fills it from a document: without password fields. */
const initialValuesOf = (document: ServerDocument | undefined, defaults: Values) =>
  document
    ? Object.fromEntries(Object.entries(document).filter(([key]) => key !== 'password'))
    : { ...defaults };

/**
 * The Content Manager's edit view of one customer (or of a new one, without `documentId`): the
 * form, the fields the test renders in it, and the Save button.
 */
export const EditView = ({
  server,
  documentId: openedId,
  createDefaults = {},
  validate,
  contentType = {},
  children,
}: {
  server: ContentManagerServer;
  documentId?: string;
  /** The schema's defaults, the create form's initial values. */
  createDefaults?: Values;
  /** The form's own validation before any request: field errors, or null. */
  validate?: (values: Values) => Record<string, string> | null;
  contentType?: object;
  children: React.ReactNode;
}) => {
  const [documentId, setDocumentId] = React.useState(openedId);
  const [document, setDocument] = React.useState(() =>
    openedId ? { ...server.documents.get(openedId)! } : undefined
  );

  const refetch = React.useCallback(
    (id: string) => {
      void server.read('reload', id).then(setDocument);
    },
    [server]
  );
  const navigate = (id: string) => {
    setDocumentId(id);
    setDocument(undefined);
    refetch(id);
  };

  const context = React.useMemo(
    () => ({ server, model: CUSTOMER_MODEL, id: documentId, document, contentType }),
    [server, documentId, document, contentType]
  );
  if (documentId && !document) return <Page.Loading />;
  return (
    <EditViewContext.Provider value={context}>
      <Form
        key={documentId ?? 'create'}
        initialValues={initialValuesOf(document, createDefaults)}
        validate={validate}
      >
        {children}
        <SaveAction
          server={server}
          documentId={documentId}
          onSaved={refetch}
          onCreated={navigate}
        />
      </Form>
    </EditViewContext.Provider>
  );
};

/** The edit view's Save: the steps of the Content Manager's UpdateAction, in its order. */
const SaveAction = ({
  server,
  documentId,
  onSaved,
  onCreated,
}: {
  server: ContentManagerServer;
  documentId: string | undefined;
  onSaved: (documentId: string) => void;
  onCreated: (documentId: string) => void;
}) => {
  const { toggleNotification } = useNotification();
  const form = useForm('SaveAction', (state) => state);

  const handleUpdate = async () => {
    form.setSubmitting(true);
    try {
      if (!form.modified) return;
      const { errors } = await form.validate();
      if (errors) {
        toggleNotification({
          type: 'danger',
          message: 'There are validation errors in your document. Please fix them before saving.',
        });
        return;
      }
      const latestValues = form.getValues();
      const res = await server.save(documentId, latestValues);
      // useDocumentActions: the outcome's notification; the document's cache tag is
      // invalidated whatever the outcome, so the edit view fetches it again.
      toggleNotification(
        'data' in res
          ? { type: 'success', message: 'Saved document' }
          : { type: 'danger', message: res.error.message }
      );
      if (documentId) {
        onSaved(documentId);
        if ('error' in res && res.error.name === 'ValidationError') {
          form.setErrors(
            Object.fromEntries(
              (res.error.details?.errors ?? []).map((error) => [
                error.path.join('.'),
                error.message,
              ])
            )
          );
        } else {
          form.resetForm(latestValues);
        }
      } else if ('data' in res) {
        onCreated(res.data.documentId);
      } else if (res.error.name === 'ValidationError') {
        form.setErrors(
          Object.fromEntries(
            (res.error.details?.errors ?? []).map((error) => [error.path.join('.'), error.message])
          )
        );
      }
    } finally {
      form.setSubmitting(false);
    }
  };

  return (
    <button type="button" disabled={form.isSubmitting || !form.modified} onClick={handleUpdate}>
      Save
    </button>
  );
};

export const unstable_useContentManagerContext = () => {
  const context = React.useContext(EditViewContext);
  if (!context) throw new Error('unstable_useContentManagerContext outside the edit view');
  return {
    id: context.id,
    isCreatingEntry: context.id === undefined,
    contentType: context.contentType,
    model: context.model,
    collectionType: 'collection-types',
  };
};

const ListViewContext = React.createContext<{ contentType: object } | null>(null);

/** The Content Manager's list view of one content type, where bulk actions render. */
export const ListView = ({
  contentType,
  children,
}: {
  contentType: object;
  children: React.ReactNode;
}) => {
  const value = React.useMemo(() => ({ contentType }), [contentType]);
  return <ListViewContext.Provider value={value}>{children}</ListViewContext.Provider>;
};

/** The Content Manager's cached document (the one the edit view has loaded) and its schema. */
export const unstable_useDocument = (
  args: { model: string; collectionType: string; documentId?: string },
  opts?: { skip?: boolean }
) => {
  const context = React.useContext(EditViewContext);
  const list = React.useContext(ListViewContext);
  const document =
    !opts?.skip && context && args.documentId === context.id ? context.document : undefined;
  return { document, schema: context?.contentType ?? list?.contentType };
};
