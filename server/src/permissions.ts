import { SETTINGS_READ_ACTION, SETTINGS_UPDATE_ACTION } from '../../shared/email-templates';
import { SEND_CREDENTIALS_ACTION } from '../../shared/login-field';
import { PLUGIN_ID } from '../../shared/plugin-id';

export const PERMISSIONS = {
  sendCredentials: SEND_CREDENTIALS_ACTION,
  settingsRead: SETTINGS_READ_ACTION,
  settingsUpdate: SETTINGS_UPDATE_ACTION,
} as const;

export const PERMISSION_ACTIONS = [
  {
    section: 'plugins',
    displayName: 'Generate and send credentials',
    uid: 'send-credentials',
    pluginName: PLUGIN_ID,
  },
  // Settings → Customer Login (the email templates), grouped as Strapi's own plugins group theirs.
  {
    section: 'plugins',
    displayName: 'Read',
    uid: 'settings.read',
    subCategory: 'settings',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Edit',
    uid: 'settings.update',
    subCategory: 'settings',
    pluginName: PLUGIN_ID,
  },
];
