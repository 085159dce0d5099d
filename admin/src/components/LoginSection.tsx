import { Box, Checkbox, Field, Flex, Typography } from '@strapi/design-system';
import {
  unstable_useContentManagerContext as useContentManagerContext,
  unstable_useDocument as useDocument,
  useFetchClient,
  useForm,
  useNotification,
} from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import type { LoginFieldOptions } from '../../../shared/login-field';
import { useMaySendCredentials } from '../hooks/useMaySendCredentials';
import { disabledReasonMessage } from '../hooks/useSendCredentials';
import { getTranslation } from '../utils/getTranslation';
import type { FormError } from '../utils/loginField';
import { PasswordField } from './PasswordField';

interface LoginSectionProps {
  name: string;
  attribute: { options?: LoginFieldOptions };
  disabled?: boolean;
}

type Values = Record<string, unknown>;

/** An address as the server compares them: case and surrounding spaces do not count. */
const addressOf = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/**
 * The Login section of the customer edit view: a Content Manager custom field on the `password`
 * attribute that also edits `loginEnabled`, `emailConfirmed` and the transient keys the server
 * reads on Save (`passwordConfirmation`, `sendCredentials`).
 */
const LoginSection = ({ name, attribute, disabled = false }: LoginSectionProps) => {
  const { formatMessage } = useIntl();
  const { toggleNotification } = useNotification();
  const { get } = useFetchClient();
  const { id, isCreatingEntry, model, collectionType } = useContentManagerContext();
  const isNew = isCreatingEntry || !id || id === 'create';
  // The saved document's time tells a successful save from a failed one: the form cannot, since
  // the Content Manager reloads it from the server after either.
  const { document } = useDocument(
    { model, collectionType, documentId: isNew ? undefined : id },
    { skip: isNew }
  );
  const values = useForm('LoginSection', (state) => state.values) as Values;
  const errors = useForm('LoginSection', (state) => state.errors) as Record<string, FormError>;
  const isSubmitting = useForm('LoginSection', (state) => state.isSubmitting);
  const initialValues = useForm('LoginSection', (state) => state.initialValues) as Values;
  const setValues = useForm('LoginSection', (state) => state.setValues);
  const onChange = useForm('LoginSection', (state) => state.onChange);

  const emailField = attribute.options?.emailField ?? 'email';
  const sendPermission = useMaySendCredentials('LoginSection', isNew);
  // The server leaves a new address unconfirmed whatever this save says: the form shows it so.
  const addressChanged =
    !isNew && addressOf(values[emailField]) !== addressOf(initialValues[emailField]);
  const loginEnabled = values.loginEnabled === true;
  const sendCredentials = values.sendCredentials === true;
  const password = typeof values[name] === 'string' ? (values[name] as string) : '';
  const confirmation =
    typeof values.passwordConfirmation === 'string' ? values.passwordConfirmation : '';

  const message = (error: FormError | undefined) =>
    error === undefined ? undefined : typeof error === 'string' ? error : formatMessage(error);
  const mismatch =
    confirmation !== '' && confirmation !== password
      ? formatMessage({
          id: getTranslation('section.passwordConfirmation.mismatch'),
          defaultMessage: 'Passwords do not match',
        })
      : undefined;

  const forgetPendingNotice = useSaveOutcome({
    isNew,
    isSubmitting,
    sendRequested: sendCredentials,
    email: String(values[emailField] ?? ''),
    savedAt: document?.updatedAt,
    fetchSavedAt: async () => {
      // The locale being edited, as the Content Manager keeps it in the URL.
      const locale = new URLSearchParams(window.location.search).get('plugins[i18n][locale]');
      const { data } = await get<{ data: { updatedAt?: string } }>(
        `/content-manager/collection-types/${model}/${id}`,
        locale ? { params: { locale } } : undefined
      );
      return data.data.updatedAt;
    },
    values,
    initialValues,
    restore: setValues,
    onSent: (email) =>
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('notification.sent'),
            defaultMessage: 'Login credentials sent to {email}',
          },
          { email }
        ),
      }),
  });

  const setSendCredentials = (checked: boolean) => {
    if (!checked) forgetPendingNotice();
    onChange('sendCredentials', checked);
    // The server makes the password, and the fields come back empty when unchecked.
    onChange(name, undefined);
    onChange('passwordConfirmation', undefined);
  };

  const headingId = React.useId();

  return (
    <Box
      tag="section"
      aria-labelledby={headingId}
      paddingTop={2}
      borderColor="neutral150"
      borderStyle="solid"
      borderWidth="1px 0 0 0"
      width="100%"
    >
      <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
        <Typography variant="delta" tag="h2" id={headingId}>
          {formatMessage({ id: getTranslation('section.title'), defaultMessage: 'Login' })}
        </Typography>

        <Field.Root name="loginEnabled">
          <Checkbox
            name="loginEnabled"
            checked={loginEnabled}
            disabled={disabled}
            onCheckedChange={(checked) => onChange('loginEnabled', checked === true)}
          >
            {formatMessage({
              id: getTranslation('section.loginEnabled'),
              defaultMessage: 'Enable Login',
            })}
          </Checkbox>
        </Field.Root>

        <Field.Root
          name="sendCredentials"
          hint={formatMessage(
            sendPermission.reason
              ? disabledReasonMessage(sendPermission.reason)
              : {
                  id: getTranslation('section.sendCredentials.hint'),
                  defaultMessage:
                    'On Save, a random password is created and emailed to the customer.',
                }
          )}
        >
          <Checkbox
            name="sendCredentials"
            checked={sendCredentials}
            disabled={disabled || !loginEnabled || sendPermission.reason !== null}
            onCheckedChange={(checked) => setSendCredentials(checked === true)}
          >
            {formatMessage({
              id: getTranslation('section.sendCredentials'),
              defaultMessage: 'Generate and send credentials',
            })}
          </Checkbox>
          <Field.Hint />
        </Field.Root>

        {!sendCredentials && (
          <Flex gap={4} alignItems="flex-start" wrap="wrap">
            <Box flex="1" minWidth="240px">
              <PasswordField
                name={name}
                label={formatMessage({
                  id: getTranslation('section.password'),
                  defaultMessage: 'Password',
                })}
                value={password}
                onChange={(value) => onChange(name, value)}
                disabled={disabled || !loginEnabled}
                error={message(errors[name])}
                hint={
                  isNew
                    ? undefined
                    : formatMessage({
                        id: getTranslation('section.password.keep'),
                        defaultMessage: 'Leave empty to not modify',
                      })
                }
              />
            </Box>
            <Box flex="1" minWidth="240px">
              <PasswordField
                name="passwordConfirmation"
                label={formatMessage({
                  id: getTranslation('section.passwordConfirmation'),
                  defaultMessage: 'Confirm Password',
                })}
                value={confirmation}
                onChange={(value) => onChange('passwordConfirmation', value)}
                disabled={disabled || !loginEnabled}
                error={message(errors.passwordConfirmation) ?? mismatch}
              />
            </Box>
          </Flex>
        )}

        <Field.Root
          name="emailConfirmed"
          hint={
            addressChanged
              ? formatMessage({
                  id: getTranslation('section.emailConfirmed.addressChanged'),
                  defaultMessage:
                    "The new address will need confirming. On Save, the customer's sessions end and, with login enabled, a confirmation link goes to the new address and a notice to the old one.",
                })
              : undefined
          }
        >
          <Checkbox
            name="emailConfirmed"
            checked={!addressChanged && values.emailConfirmed === true}
            disabled={disabled || !loginEnabled || addressChanged}
            onCheckedChange={(checked) => onChange('emailConfirmed', checked === true)}
          >
            {formatMessage({
              id: getTranslation('section.emailConfirmed'),
              defaultMessage: 'Email confirmed',
            })}
          </Checkbox>
          <Field.Hint />
        </Field.Root>
      </Flex>
    </Box>
  );
};

/**
 * A create that asked for credentials, handed over to the section of the created document: the
 * Content Manager navigates there on success and stays on the create page on failure.
 */
let pendingCreate: { email: string; at: number } | null = null;
const HANDOVER_MS = 60_000;

/**
 * Follows a Save of an existing customer. The form cannot tell success from failure, because the
 * Content Manager reloads it from the server after either; so once the save ends the section asks
 * the server whether the document changed. Saved: it calls `onSent` if credentials were requested.
 * Not saved: the reload dropped what the admin filled in, so the section puts it back, and the
 * admin can fix the cause (the error notification says what) and save again.
 */
const useSaveOutcome = ({
  isNew,
  isSubmitting,
  sendRequested,
  email,
  savedAt,
  fetchSavedAt,
  values,
  initialValues,
  restore,
  onSent,
}: {
  isNew: boolean;
  isSubmitting: boolean;
  sendRequested: boolean;
  email: string;
  savedAt: unknown;
  fetchSavedAt: () => Promise<unknown>;
  values: Values;
  initialValues: Values;
  restore: (values: Values) => void;
  onSent: (email: string) => void;
}) => {
  const latest = React.useRef({
    isNew,
    sendRequested,
    email,
    savedAt,
    fetchSavedAt,
    values,
    restore,
    onSent,
  });
  latest.current = { isNew, sendRequested, email, savedAt, fetchSavedAt, values, restore, onSent };
  const save = React.useRef<{
    email: string | null;
    savedAt: unknown;
    values: Values;
    reloaded: boolean;
    failed: boolean;
  } | null>(null);

  React.useEffect(() => {
    const { isNew: creating, email: address, onSent: notify } = latest.current;
    if (creating || pendingCreate === null) return;
    if (pendingCreate.email === address && Date.now() - pendingCreate.at < HANDOVER_MS) {
      notify(address);
    }
    pendingCreate = null;
  }, []);

  React.useEffect(() => {
    const { isNew: creating, sendRequested: requested, email: address } = latest.current;
    if (isSubmitting) {
      pendingCreate = requested && creating ? { email: address, at: Date.now() } : null;
      save.current = creating
        ? null
        : {
            email: requested ? address : null,
            savedAt: latest.current.savedAt,
            values: latest.current.values,
            reloaded: false,
            failed: false,
          };
      return;
    }
    const current = save.current;
    if (current === null) return;
    let active = true;
    latest.current
      .fetchSavedAt()
      .then((after) => {
        if (!active || save.current !== current) return;
        if (after !== current.savedAt) {
          save.current = null;
          if (current.email !== null) latest.current.onSent(current.email);
          return;
        }
        current.failed = true;
        if (current.reloaded) {
          save.current = null;
          latest.current.restore(current.values);
        }
      })
      .catch(() => undefined);
    return () => {
      active = false;
    };
  }, [isSubmitting]);

  const seenInitialValues = React.useRef(initialValues);
  React.useEffect(() => {
    if (seenInitialValues.current === initialValues) return;
    seenInitialValues.current = initialValues;
    const current = save.current;
    if (isSubmitting || current === null) return;
    current.reloaded = true;
    if (current.failed) {
      save.current = null;
      latest.current.restore(current.values);
    }
  }, [isSubmitting, initialValues]);

  /** The admin unchecked the box themselves: no notice is due any more. */
  return React.useCallback(() => {
    if (save.current) save.current.email = null;
  }, []);
};

export default LoginSection;
