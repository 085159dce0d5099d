import { SEND_CREDENTIALS_ACTION } from '../../shared/login-field';
import { PLUGIN_ID } from '../../shared/plugin-id';

export const PERMISSIONS = {
  sendCredentials: SEND_CREDENTIALS_ACTION,
} as const;

export const PERMISSION_ACTIONS = [
  {
    section: 'plugins',
    displayName: 'Generate and send credentials',
    uid: 'send-credentials',
    pluginName: PLUGIN_ID,
  },
];
