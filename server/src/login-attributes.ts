/**
 * The attributes this plugin adds to the site's customer type. They are private (the Content API
 * never returns them) and shared by every locale, because a customer has one login whatever the
 * language of the entry being edited.
 */
export const LOGIN_ATTRIBUTES = {
  loginEnabled: {
    type: 'boolean',
    default: false,
    private: true,
    configurable: false,
    pluginOptions: { i18n: { localized: false } },
  },
  password: {
    type: 'password',
    private: true,
    configurable: false,
    pluginOptions: { i18n: { localized: false } },
  },
  emailConfirmed: {
    type: 'boolean',
    default: false,
    private: true,
    configurable: false,
    pluginOptions: { i18n: { localized: false } },
  },
} as const;

export type LoginAttribute = keyof typeof LOGIN_ATTRIBUTES;

/**
 * Keys an admin save may carry for this plugin that are never stored: they only steer the save.
 */
export const TRANSIENT_KEYS = ['passwordConfirmation', 'sendCredentials'] as const;
