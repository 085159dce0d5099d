import ms from 'ms';

import type { EmailKey, EmailLocale, TemplateVariableName } from '../../../shared/email-templates';
import type { Duration, PluginConfig } from '../config';
import type { EmailLinks } from '../utils/links';
import { maskEmail } from '../utils/mask-email';
import { customerFields, type CustomerModel } from './customer-fields';
import { formatDuration } from './duration';
import type { Values } from './render';

/**
 * The plugin's emails: what each one's templates may show, and how those values are made. A
 * send and a preview make them the same way from the same kind of input; only the input differs
 * (the customer and fresh tokens, or a made-up customer and `SAMPLE_FACTS`).
 */

/** What every email is made from, whichever it is. */
export interface EmailContext {
  /** The address the email goes to. */
  to: string;
  locale: EmailLocale;
  /** `customer.<field>` values of the customer the email is about. */
  customer: Values;
  config: Pick<PluginConfig, 'loginUrl' | 'emailField' | 'emailConfirmation' | 'resetPassword'>;
  links: EmailLinks;
}

/** What one sending of each email is about, besides its context. */
export interface EmailFacts {
  /** The generated password, and while the address is unconfirmed a confirmation token. */
  credentials: { password: string; confirmationToken: string | null };
  emailConfirmation: { confirmationToken: string };
  /** The one-time reset code. */
  passwordReset: { code: string };
  passwordChanged: Record<never, never>;
  /** The new address, unmasked: the email shows it masked. */
  emailChanged: { newEmail: string };
}

export type EmailInput<K extends EmailKey> = EmailContext & EmailFacts[K];

type EntryValues = Readonly<Partial<Record<TemplateVariableName | `customer.${string}`, string>>>;

interface Entry<K extends EmailKey> {
  /** What the email offers besides `customer.<field>`, in the order the settings page lists it. */
  variables: readonly TemplateVariableName[];
  /** Its values but the two every email has (`email`, `loginUrl`), which `emailValues` adds. */
  values(input: EmailInput<K>): EntryValues;
}

const lifetime = (ttl: Duration, locale: EmailLocale) => formatDuration(ms(ttl), locale);

export const EMAIL_CATALOGUE: { readonly [K in EmailKey]: Entry<K> } = {
  credentials: {
    variables: ['email', 'password', 'loginUrl', 'confirmationUrl', 'expiresIn'],
    values: ({ password, confirmationToken, links, config, locale }) => ({
      password,
      confirmationUrl: confirmationToken === null ? '' : links.confirmation(confirmationToken),
      expiresIn: lifetime(config.emailConfirmation.tokenTtl, locale),
    }),
  },
  emailConfirmation: {
    variables: ['email', 'loginUrl', 'confirmationUrl', 'expiresIn'],
    values: ({ confirmationToken, links, config, locale }) => ({
      confirmationUrl: links.confirmation(confirmationToken),
      expiresIn: lifetime(config.emailConfirmation.tokenTtl, locale),
    }),
  },
  passwordReset: {
    // Without a reset page (`resetPassword.url`) there is no link, and the email shows the code.
    variables: ['email', 'loginUrl', 'resetUrl', 'code', 'expiresIn'],
    values: ({ code, links, config, locale }) => ({
      code,
      resetUrl: links.reset(code) ?? '',
      expiresIn: lifetime(config.resetPassword.tokenTtl, locale),
    }),
  },
  passwordChanged: {
    variables: ['email', 'loginUrl'],
    values: () => ({}),
  },
  emailChanged: {
    // Goes to the old address, which may no longer be the customer's: the new one is shown
    // masked, in `customer.<email field>` too, whatever the customer row holds by then.
    variables: ['email', 'newEmail', 'loginUrl'],
    values: ({ newEmail, config }) => {
      const masked = maskEmail(newEmail);
      return { newEmail: masked, [`customer.${config.emailField}`]: masked };
    },
  },
};

/** Every variable of an email for this customer type. */
export const variablesOf = (email: EmailKey, model: CustomerModel): string[] => [
  ...EMAIL_CATALOGUE[email].variables,
  ...customerFields(model).map(([name]) => `customer.${name}`),
];

/** The values of every variable an email offers. */
export const emailValues = <K extends EmailKey>(email: K, input: EmailInput<K>): Values => ({
  ...input.customer,
  email: input.to,
  loginUrl: input.config.loginUrl ?? '',
  ...EMAIL_CATALOGUE[email].values(input),
});

const SAMPLE_CONFIRMATION_TOKEN = 'example-confirmation-token';

/** Made-up facts for previews and test emails, of the kind customers get. */
export const SAMPLE_FACTS: { readonly [K in EmailKey]: EmailFacts[K] } = {
  credentials: { password: 'Example-Pass-2030', confirmationToken: SAMPLE_CONFIRMATION_TOKEN },
  emailConfirmation: { confirmationToken: SAMPLE_CONFIRMATION_TOKEN },
  passwordReset: { code: 'example-reset-code' },
  passwordChanged: {},
  emailChanged: { newEmail: 'jane.smith@example.com' },
};
