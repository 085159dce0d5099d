import { PLUGIN_ID } from './plugin-id';

/** The emails the plugin sends, in the order the settings page shows them. */
export const EMAIL_KEYS = [
  'credentials',
  'emailConfirmation',
  'passwordReset',
  'passwordChanged',
] as const;
export type EmailKey = (typeof EMAIL_KEYS)[number];

/** The languages the default templates ship in. */
export const EMAIL_LOCALES = ['en', 'it', 'fr', 'de', 'es'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];

/** Permissions of the email template settings (page and routes). */
export const SETTINGS_READ_ACTION = `plugin::${PLUGIN_ID}.settings.read` as const;
export const SETTINGS_UPDATE_ACTION = `plugin::${PLUGIN_ID}.settings.update` as const;
