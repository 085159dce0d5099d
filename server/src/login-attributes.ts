import { LOGIN_CUSTOM_FIELD, type LoginFieldOptions } from '../../shared/login-field';

const shared = {
  private: true,
  configurable: false,
  pluginOptions: { i18n: { localized: false } },
};

export const LOGIN_ATTRIBUTE_NAMES = ['loginEnabled', 'password', 'emailConfirmed'] as const;

/**
 * The attributes this plugin adds to the site's customer type. They are private (the Content API
 * never returns them) and shared by every locale, because a customer has one login whatever the
 * language of the entry being edited. The password attribute is the Login section's custom field,
 * which also edits the two booleans; its options tell the admin what it needs of the config.
 */
export const loginAttributes = (options: LoginFieldOptions) => ({
  loginEnabled: { type: 'boolean', default: false, ...shared },
  password: { type: 'password', customField: LOGIN_CUSTOM_FIELD, options, ...shared },
  emailConfirmed: { type: 'boolean', default: false, ...shared },
});
