/** The emails the plugin sends, in the order the settings page shows them. */
export const EMAIL_KEYS = [
  'credentials',
  'emailConfirmation',
  'passwordReset',
  'passwordChanged',
  'emailChanged',
] as const;
export type EmailKey = (typeof EMAIL_KEYS)[number];

/** What a template variable is, besides its value. */
export interface TemplateVariable {
  /**
   * It holds something that lets whoever reads it into the customer's account (a password, a
   * code, a link carrying a token). Templates may show it only in the body: as text, not glued
   * to a web address, or as the whole `href` of a link; never in the subject, in another
   * attribute, or where it could become part of a URL that sends it elsewhere.
   */
  secret?: true;
  /** A URL: the default HTML bodies make a line that holds only this variable a link. */
  link?: true;
}

/**
 * The variables the plugin provides (`customer.<field>` aside, never secret). A new variable
 * that carries a token declares `secret: true` here, and every check follows.
 */
export const TEMPLATE_VARIABLES = {
  email: {},
  newEmail: {},
  password: { secret: true },
  loginUrl: { link: true },
  confirmationUrl: { link: true, secret: true },
  resetUrl: { link: true, secret: true },
  code: { secret: true },
  expiresIn: {},
} as const satisfies Record<string, TemplateVariable>;
export type TemplateVariableName = keyof typeof TEMPLATE_VARIABLES;

const declaration = (name: string): TemplateVariable | undefined =>
  Object.prototype.hasOwnProperty.call(TEMPLATE_VARIABLES, name)
    ? (TEMPLATE_VARIABLES as Record<string, TemplateVariable>)[name]
    : undefined;

/** Whether a variable holds a secret (see `TemplateVariable.secret`). */
export const isSecretVariable = (name: string): boolean => declaration(name)?.secret === true;

/** Whether a variable holds a URL. */
export const isLinkVariable = (name: string): boolean => declaration(name)?.link === true;

/** The parts of an `EmailTemplate`, named here because its contract imports this module. */
type TemplateParts = Readonly<Record<'subject' | 'html' | 'text', string>>;

/** Whether two templates read the same: subject, HTML and text alike. */
export const sameTemplate = (a: TemplateParts, b: TemplateParts): boolean =>
  a.subject === b.subject && a.html === b.html && a.text === b.text;

/** The languages the default templates ship in. */
export const EMAIL_LOCALES = ['en', 'it', 'fr', 'de', 'es'] as const;
export type EmailLocale = (typeof EMAIL_LOCALES)[number];
