import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { type MessageDescriptor, useIntl } from 'react-intl';

import type { SendCredentials } from '../../../shared/contracts/credentials';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getTranslation } from '../utils/getTranslation';
import { useMaySendCredentials, type SendPermissionReason } from './useMaySendCredentials';
import { useErrorMessage } from './useErrorMessage';

export interface SendCredentialsTarget {
  /** Undefined while the customer is being created. */
  documentId?: string;
  /** The saved customer's login state and address. */
  loginEnabled: boolean;
  email: string | null;
  /** The form has unsaved changes. */
  modified: boolean;
}

export type DisabledReason =
  'creating' | 'modified' | SendPermissionReason | 'loginDisabled' | 'noEmail';

const REASON_MESSAGES: Record<DisabledReason, string> = {
  creating: 'Save the customer first',
  modified: 'Save your changes first',
  permission: 'You are not allowed to send credentials',
  passwordPermission: "You are not allowed to change this customer's password",
  loginDisabled: 'Enable login and save first',
  noEmail: 'The customer has no email address',
};

/** What the admin is told when credentials cannot be sent, wherever the control is. */
export const disabledReasonMessage = (reason: DisabledReason): MessageDescriptor => ({
  id: getTranslation(`panel.disabled.${reason}`),
  defaultMessage: REASON_MESSAGES[reason],
});

/**
 * Whether credentials can be sent to this customer now (and if not, why), and the action that
 * resets the password and emails it through the admin route.
 */
export const useSendCredentials = (target: SendCredentialsTarget) => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const permission = useMaySendCredentials('LoginPanel', !target.documentId);
  const [isSending, setIsSending] = React.useState(false);

  let reason: DisabledReason | null = null;
  if (!target.documentId) reason = 'creating';
  else if (target.modified) reason = 'modified';
  else if (permission.reason) reason = permission.reason;
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
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setIsSending(false);
    }
  };

  return {
    disabledReason: reason,
    disabledMessage: reason ? formatMessage(disabledReasonMessage(reason)) : null,
    isBusy: isSending || permission.isLoading,
    send,
  };
};
