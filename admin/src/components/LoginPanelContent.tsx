import { Button, Dialog, Flex, Status, Tooltip, Typography } from '@strapi/design-system';
import { Mail } from '@strapi/icons';
import { ConfirmDialog } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import { useSendCredentials } from '../hooks/useSendCredentials';
import { LoginHistory } from './LoginHistory';
import { useEditForm } from '../utils/content-manager';
import { getTranslation } from '../utils/getTranslation';

interface LoginPanelContentProps {
  documentId?: string;
  loginEnabled: boolean;
  emailConfirmed: boolean;
  email: string | null;
  /** When the saved customer last changed: a save may have added history. */
  updatedAt?: string;
}

/** The customer's login state and the button that resets and emails their credentials. */
const LoginPanelContent = ({
  documentId,
  loginEnabled,
  emailConfirmed,
  email,
  updatedAt,
}: LoginPanelContentProps) => {
  const { formatMessage } = useIntl();
  const modified = useEditForm('LoginPanel', (state) => state.modified);
  const [isOpen, setIsOpen] = React.useState(false);
  const [sentCount, setSentCount] = React.useState(0);
  const { disabledMessage, isBusy, send } = useSendCredentials({
    documentId,
    loginEnabled,
    email,
    modified,
  });

  const label = formatMessage({
    id: getTranslation('panel.button'),
    defaultMessage: 'Generate and send credentials via email',
  });
  const button = (
    <Button
      variant="secondary"
      startIcon={<Mail />}
      fullWidth
      disabled={disabledMessage !== null}
      loading={isBusy}
    >
      {label}
    </Button>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={2} width="100%">
      <Status variant={loginEnabled ? 'success' : 'neutral'} size="S">
        <Typography tag="span" variant="omega">
          {formatMessage(
            loginEnabled
              ? { id: getTranslation('panel.loginEnabled'), defaultMessage: 'Login enabled' }
              : { id: getTranslation('panel.loginDisabled'), defaultMessage: 'Login disabled' }
          )}
        </Typography>
      </Status>
      {loginEnabled && (
        <Status variant={emailConfirmed ? 'success' : 'warning'} size="S">
          <Typography tag="span" variant="omega">
            {formatMessage(
              emailConfirmed
                ? { id: getTranslation('panel.emailConfirmed'), defaultMessage: 'Email confirmed' }
                : {
                    id: getTranslation('panel.emailPending'),
                    defaultMessage: 'Email confirmation pending',
                  }
            )}
          </Typography>
        </Status>
      )}
      {disabledMessage !== null ? (
        <Tooltip label={disabledMessage}>
          {/* A disabled button gets no pointer events, so the tooltip hangs on this wrapper. */}
          <span tabIndex={0} aria-label={disabledMessage} style={{ display: 'block' }}>
            {button}
          </span>
        </Tooltip>
      ) : (
        <Dialog.Root open={isOpen} onOpenChange={setIsOpen}>
          <Dialog.Trigger>{button}</Dialog.Trigger>
          <ConfirmDialog
            title={formatMessage({
              id: getTranslation('dialog.title'),
              defaultMessage: 'Generate and send credentials?',
            })}
            endAction={
              <Button
                variant="danger-light"
                fullWidth
                onClick={async () => {
                  // A failed send is on record too.
                  await send();
                  setSentCount((count) => count + 1);
                  setIsOpen(false);
                }}
                loading={isBusy}
              >
                {formatMessage({
                  id: getTranslation('dialog.confirm'),
                  defaultMessage: 'Reset and send',
                })}
              </Button>
            }
          >
            {formatMessage(
              {
                id: getTranslation('dialog.body'),
                defaultMessage:
                  "This immediately resets the customer's current password and emails new login details to {email}.",
              },
              { email }
            )}
          </ConfirmDialog>
        </Dialog.Root>
      )}
      {documentId && (
        <LoginHistory documentId={documentId} refreshKey={`${updatedAt}:${sentCount}`} />
      )}
    </Flex>
  );
};

export default LoginPanelContent;
