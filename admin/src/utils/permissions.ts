import { PERMISSIONS, type PermissionAction } from '../../../shared/permissions';

/** The plugin's actions as useRBAC, Page.Protect and settings links take them: on no subject. */
const onNoSubject = (...actions: PermissionAction[]) =>
  actions.map((action) => ({ action, subject: null }));

// useRBAC names each result after the action's last segment: canSendCredentials, canRead, canUpdate.
export const SEND_CREDENTIALS_PERMISSIONS = onNoSubject(PERMISSIONS.sendCredentials);
export const SETTINGS_READ_PERMISSIONS = onNoSubject(PERMISSIONS.settingsRead);
export const SETTINGS_PERMISSIONS = onNoSubject(
  PERMISSIONS.settingsRead,
  PERMISSIONS.settingsUpdate
);
