import { Box, Checkbox, Field, Flex, Typography } from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';

import type { LoginFieldOptions } from '../../../shared/login-field';
import { useMaySendCredentials } from '../hooks/useMaySendCredentials';
import { useSaveOutcome } from '../hooks/useSaveOutcome';
import { disabledReasonMessage } from '../hooks/useSendCredentials';
import { useEditForm, useEditedDocument } from '../utils/content-manager';
import { getTranslation } from '../utils/getTranslation';
import type { FormError } from '../utils/loginField';
import { PasswordField } from './PasswordField';

interface LoginSectionProps {
  name: string;
  attribute: { options?: LoginFieldOptions };
  disabled?: boolean;
}

/** An address as the server compares them: case and surrounding spaces do not count. */
const addressOf = (value: unknown) => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/**
 * The Login section of the customer edit view: a Content Manager custom field on the `password`
 * attribute that also edits `loginEnabled`, `emailConfirmed` and the transient keys the server
 * reads on Save (`passwordConfirmation`, `sendCredentials`).
 */
const LoginSection = ({ name, attribute, disabled = false }: LoginSectionProps) => {
  const { formatMessage } = useIntl();
  const { isNew } = useEditedDocument();
  const values = useEditForm('LoginSection', (state) => state.values);
  const errors = useEditForm('LoginSection', (state) => state.errors);
  const initialValues = useEditForm('LoginSection', (state) => state.initialValues);
  const onChange = useEditForm('LoginSection', (state) => state.onChange);

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

  const { forgetNotice } = useSaveOutcome('LoginSection', {
    email: String(values[emailField] ?? ''),
    sendRequested: sendCredentials,
  });

  const setSendCredentials = (checked: boolean) => {
    if (!checked) forgetNotice();
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

export default LoginSection;
