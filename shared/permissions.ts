import { PLUGIN_ID } from './plugin-id';

/**
 * Every permission action the plugin registers, declared once: the server registers these, the
 * admin routes require them, and the admin checks them before it shows a control. `uid` is the
 * part after the plugin (Strapi's registration takes it so); `displayName` is what Settings →
 * Roles → Plugins → Customer Login shows, grouped under `subCategory` when there is one.
 */
export const PERMISSION_ACTIONS = {
  /** The Save checkbox, the side panel's button and the bulk action. */
  sendCredentials: { uid: 'send-credentials', displayName: 'Generate and send credentials' },
  /** The side panel's Sign out everywhere, and its route: ends every session of a customer. */
  signOut: { uid: 'sign-out', displayName: 'Sign out customers everywhere' },
  /** Settings → Customer Login → Email templates, and its preview. */
  settingsRead: { uid: 'settings.read', displayName: 'Read', subCategory: 'settings' },
  /** Saving templates and sending test emails (which makes the server send mail). */
  settingsUpdate: { uid: 'settings.update', displayName: 'Edit', subCategory: 'settings' },
} as const;

type Actions = typeof PERMISSION_ACTIONS;

/** The full action ids (`plugin::customer-login.send-credentials`), by name. */
export const PERMISSIONS = Object.fromEntries(
  Object.entries(PERMISSION_ACTIONS).map(([name, { uid }]) => [name, `plugin::${PLUGIN_ID}.${uid}`])
) as { readonly [N in keyof Actions]: `plugin::${typeof PLUGIN_ID}.${Actions[N]['uid']}` };

export type PermissionAction = (typeof PERMISSIONS)[keyof Actions];
