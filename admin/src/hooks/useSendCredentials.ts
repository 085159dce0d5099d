import { useAPIErrorHandler, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import type { SendCredentials } from '../../../shared/contracts/customers';
import { SEND_CREDENTIALS_ACTION } from '../../../shared/login-field';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getTranslation } from '../utils/getTranslation';

// useRBAC names the result after the action's last segment: canSendCredentials.
const PERMISSIONS = [{ action: SEND_CREDENTIALS_ACTION, subject: null }];

export interface SendCredentialsTarget {
  /** Undefined while the customer is being created. */
  documentId?: string;
  /** The saved customer's login state and address. */
  loginEnabled: boolean;
  email: string | null;
  /** The form has unsaved changes. */
  modified: boolean;
}

export type DisabledReason = 'creating' | 'modified' | 'permission' | 'loginDisabled' | 'noEmail';

const REASON_MESSAGES: Record<DisabledReason, string> = {
  creating: 'Save the customer first',
  modified: 'Save your changes first',
  permission: 'You are not allowed to send credentials',
  loginDisabled: 'Enable login and save first',
  noEmail: 'The customer has no email address',
};

/**
 * Whether credentials can be sent to this customer now (and if not, why), and the action that
 * resets the password and emails it through the admin route.
 */
export const useSendCredentials = (target: SendCredentialsTarget) => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const { isLoading: isLoadingPermissions, allowedActions } = useRBAC(PERMISSIONS);
  const [isSending, setIsSending] = React.useState(false);

  let reason: DisabledReason | null = null;
  if (!target.documentId) reason = 'creating';
  else if (target.modified) reason = 'modified';
  else if (!isLoadingPermissions && !allowedActions.canSendCredentials) reason = 'permission';
  else if (!target.loginEnabled) reason = 'loginDisabled';
  else if (!target.email) reason = 'noEmail';

  const send = async () => {
    if (!target.documentId) return;
    setIsSending(true);
    try {
      const { data } = await post<SendCredentials.Response>(
        `/${PLUGIN_ID}/customers/${target.documentId}/send-credentials`
      );
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('notification.sent'),
            defaultMessage: 'Login credentials sent to {email}',
          },
          { email: data.data.email }
        ),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: formatAPIError(error as never) });
    } finally {
      setIsSending(false);
    }
  };

  return {
    disabledReason: reason,
    disabledMessage: reason
      ? formatMessage({
          id: getTranslation(`panel.disabled.${reason}`),
          defaultMessage: REASON_MESSAGES[reason],
        })
      : null,
    isBusy: isSending || isLoadingPermissions,
    send,
  };
};
