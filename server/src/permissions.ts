import { PLUGIN_ID } from '../../shared/plugin-id';

export const PERMISSIONS = {
  sendCredentials: `plugin::${PLUGIN_ID}.send-credentials`,
} as const;

export const PERMISSION_ACTIONS = [
  {
    section: 'plugins',
    displayName: 'Generate and send credentials',
    uid: 'send-credentials',
    pluginName: PLUGIN_ID,
  },
];
