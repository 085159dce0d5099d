import { useRBAC } from '@strapi/strapi/admin';

import { useMayWriteField } from '../utils/content-manager';
import { SEND_CREDENTIALS_PERMISSIONS } from '../utils/permissions';

/** Why this admin may not generate and send credentials, or null when they may. */
export type SendPermissionReason = 'permission' | 'passwordPermission';

/**
 * Whether the signed-in admin may generate and send credentials: it needs the plugin's permission
 * and the right to change the customer's password (the `password` field of the Content Manager's
 * update permission, or create for a customer being created). The server decides, conditions
 * included; this mirrors it so the controls say why they are off. Must render inside the Content
 * Manager's edit or list view, which provide the document's permissions.
 */
export const useMaySendCredentials = (consumer: string, creating: boolean) => {
  const { isLoading, allowedActions } = useRBAC(SEND_CREDENTIALS_PERMISSIONS);
  const mayChangePassword = useMayWriteField(consumer, creating ? 'create' : 'update', 'password');
  let reason: SendPermissionReason | null = null;
  if (!isLoading && !allowedActions.canSendCredentials) reason = 'permission';
  else if (!mayChangePassword) reason = 'passwordPermission';
  return { isLoading, reason };
};
