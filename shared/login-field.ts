import { PLUGIN_ID } from './plugin-id';

/**
 * The custom field that renders the Login section of the customer edit view. It sits on the
 * `password` attribute and writes its sibling keys (`loginEnabled`, `emailConfirmed`,
 * `passwordConfirmation`, `sendCredentials`) through the Content Manager form.
 */
export const LOGIN_FIELD_NAME = 'login' as const;
export const LOGIN_CUSTOM_FIELD = `plugin::${PLUGIN_ID}.${LOGIN_FIELD_NAME}` as const;

/** Server configuration the admin needs, carried in the `password` attribute's options. */
export interface LoginFieldOptions {
  emailField: string;
  minLength: number;
}
