/**
 * A stand-in for `@strapi/strapi/admin` in component tests: the real module is the whole admin
 * app. It offers the few hooks the plugin uses, over a small form store the test controls.
 */
import { Button, Dialog } from '@strapi/design-system';
import * as React from 'react';

type Values = Record<string, unknown>;

interface FormState {
  setValues: (values: Values) => void;
  values: Values;
  initialValues: Values;
  errors: Record<string, string>;
  isSubmitting: boolean;
  modified: boolean;
  onChange: (path: string, value: unknown) => void;
}

interface Harness {
  id?: string;
  contentType: object;
  canSendCredentials: boolean;
  /** The customer fields the Content Manager lets this admin update (and create); all by default. */
  canUpdateFields?: string[];
}

const ALL_FIELDS = ['email', 'loginEnabled', 'password', 'emailConfirmed'];

const FormContext = React.createContext<FormState | null>(null);
const HarnessContext = React.createContext<Harness>({ contentType: {}, canSendCredentials: true });

export const notifications: Array<{ type: string; message: string }> = [];
export const post = jest.fn();

export const TestForm = ({
  initialValues = {},
  errors = {},
  isSubmitting = false,
  modified,
  harness,
  children,
}: {
  initialValues?: Values;
  errors?: Record<string, string>;
  isSubmitting?: boolean;
  /** Forces the form's "unsaved changes" flag; else it compares values with initialValues. */
  modified?: boolean;
  harness: Harness;
  children: React.ReactNode;
}) => {
  const [values, setValues] = React.useState<Values>(initialValues);
  const state: FormState = {
    values,
    initialValues,
    errors,
    isSubmitting,
    modified: modified ?? JSON.stringify(values) !== JSON.stringify(initialValues),
    onChange: (path, value) => setValues((current) => ({ ...current, [path]: value })),
    setValues,
  };
  return (
    <HarnessContext.Provider value={harness}>
      <FormContext.Provider value={state}>{children}</FormContext.Provider>
    </HarnessContext.Provider>
  );
};

export const useForm = <T,>(_consumer: string, selector: (state: FormState) => T): T => {
  const state = React.useContext(FormContext);
  if (!state) throw new Error('useForm outside TestForm');
  return selector(state);
};

export const unstable_useContentManagerContext = () => {
  const { id, contentType } = React.useContext(HarnessContext);
  return {
    id,
    isCreatingEntry: id === undefined,
    contentType,
    model: 'api::customer.customer',
    collectionType: 'collection-types',
  };
};

export const useNotification = () => ({
  toggleNotification: (notification: { type: string; message: string }) =>
    notifications.push(notification),
});

export const useRBAC = () => {
  const { canSendCredentials } = React.useContext(HarnessContext);
  return { isLoading: false, allowedActions: { canSendCredentials } };
};

export const useDocumentRBAC = <T,>(
  _consumer: string,
  selector: (rbac: { canCreateFields: string[]; canUpdateFields: string[] }) => T
): T => {
  const { canUpdateFields = ALL_FIELDS } = React.useContext(HarnessContext);
  return selector({ canCreateFields: canUpdateFields, canUpdateFields });
};

export const get = jest.fn();
export const useFetchClient = () => ({ post, get });

export const unstable_useDocument = () => ({ document: { updatedAt: 'saved-at' } });

// Stable, as the real hook's callback is: effects may depend on it.
const formatAPIError = (error: { message?: string }) => error.message ?? 'error';
export const useAPIErrorHandler = () => ({ formatAPIError });

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
