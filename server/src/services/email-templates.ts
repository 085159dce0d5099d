import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';

import type {
  EmailTemplate,
  EmailTemplatesSettings,
  PreviewEmailTemplate,
  UpdateEmailTemplates,
} from '../../../shared/contracts/email-templates';
import {
  EMAIL_KEYS,
  EMAIL_LOCALES,
  sameTemplate,
  type EmailKey,
  type EmailLocale,
} from '../../../shared/email-templates';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import {
  emailValues,
  SAMPLE_FACTS,
  variablesOf,
  type EmailContext,
  type EmailInput,
} from '../email-templates/catalogue';
import {
  customerValues,
  sampleCustomerValues,
  SAMPLE_EMAIL,
} from '../email-templates/customer-fields';
import { DEFAULT_TEMPLATES } from '../email-templates/defaults';
import { checkEmailTemplate, type CompiledEmail, type Values } from '../email-templates/render';
import { getConfig, getCustomerModel } from '../utils/config';
import { emailLinks } from '../utils/links';
import { fieldIssue, type FieldIssue } from '../utils/errors';

/** Only admins' versions are stored: `{ [email]: { [locale]: EmailTemplate } }`. */
type Overrides = { [K in EmailKey]?: { [L in EmailLocale]?: EmailTemplate } };

const STORE = { type: 'plugin', name: PLUGIN_ID, key: 'email-templates' } as const;

/** Checked templates kept per process: every email and language, default and saved, twice over. */
const SENDING_CACHE_SIZE = 64;

const isTemplate = (value: unknown): value is EmailTemplate => {
  const candidate = value as Partial<Record<keyof EmailTemplate, unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.subject === 'string' &&
    typeof candidate.html === 'string' &&
    typeof candidate.text === 'string'
  );
};

/** Keeps the well-formed entries of whatever the store holds. */
const readOverrides = (stored: unknown): Overrides => {
  const overrides: Overrides = {};
  if (typeof stored !== 'object' || stored === null) return overrides;
  for (const email of EMAIL_KEYS) {
    const byLocale = (stored as Record<string, unknown>)[email];
    if (typeof byLocale !== 'object' || byLocale === null) continue;
    for (const locale of EMAIL_LOCALES) {
      const template = (byLocale as Record<string, unknown>)[locale];
      if (isTemplate(template)) {
        const { subject, html, text } = template;
        overrides[email] = { ...overrides[email], [locale]: { subject, html, text } };
      }
    }
  }
  return overrides;
};

/**
 * The editable email templates: defaults in five languages shipped in code, admins' versions in
 * Strapi's plugin store (read at every send, so every Strapi process sends the saved version), and
 * rendering with either a customer's values or sample ones.
 */
const createEmailTemplatesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => strapi.store(STORE);
  const variables = (email: EmailKey) => variablesOf(email, getCustomerModel(strapi));
  const overrides = async () => readOverrides(await store().get({}));

  // Every send checks its template again (another process may have saved a new one), and the
  // check parses the HTML once per combination of its conditions: the outcome for the same text
  // and variables is kept, so a bulk send parses each template once.
  const checkedForSending = new Map<string, ReturnType<typeof checkEmailTemplate>>();
  const checkForSending = (template: EmailTemplate, offered: readonly string[]) => {
    const key = JSON.stringify([template.subject, template.html, template.text, offered]);
    let checked = checkedForSending.get(key);
    if (!checked) {
      checked = checkEmailTemplate(template, offered);
      if (checkedForSending.size >= SENDING_CACHE_SIZE) {
        checkedForSending.delete(checkedForSending.keys().next().value as string);
      }
      checkedForSending.set(key, checked);
    }
    return checked;
  };

  const compileDefault = (email: EmailKey, locale: EmailLocale): CompiledEmail => {
    const checked = checkForSending(DEFAULT_TEMPLATES[locale][email], variables(email));
    if (!checked.email) {
      throw new Error(`${PLUGIN_ID}: the default ${email} email in ${locale} does not render`);
    }
    return checked.email;
  };

  /** The customer's language (`email.localeField`) when it is one of the five, else `email.locale`. */
  const localeOf = (customer: Record<string, unknown> | null): EmailLocale => {
    const { locale, localeField } = getConfig(strapi).email;
    const value = localeField ? customer?.[localeField] : undefined;
    if (typeof value === 'string') {
      const language = value.trim().toLowerCase().split(/[-_]/)[0];
      const match = EMAIL_LOCALES.find((candidate) => candidate === language);
      if (match) return match;
    }
    return locale;
  };

  const contextOf = (to: string, locale: EmailLocale, customer: Values): EmailContext => ({
    to,
    locale,
    customer,
    config: getConfig(strapi),
    links: emailLinks(strapi),
  });

  /** A made-up customer's context, with the site's real configuration (login URL, lifetimes). */
  const sampleContext = (locale: EmailLocale): EmailContext => {
    const config = getConfig(strapi);
    const customer = sampleCustomerValues(getCustomerModel(strapi), {
      emailField: config.emailField,
      localeField: config.email.localeField,
      locale,
    });
    return contextOf(SAMPLE_EMAIL, locale, customer);
  };

  return {
    variables,

    /** Every email in every language, with its default and the admin's version if any. */
    async settings(): Promise<EmailTemplatesSettings> {
      const saved = await overrides();
      const { locale, localeField } = getConfig(strapi).email;
      const emails = Object.fromEntries(
        EMAIL_KEYS.map((email) => [
          email,
          {
            variables: variables(email),
            templates: Object.fromEntries(
              EMAIL_LOCALES.map((lang) => {
                const fallback = DEFAULT_TEMPLATES[lang][email];
                const override = saved[email]?.[lang];
                return [
                  lang,
                  { ...(override ?? fallback), customized: Boolean(override), default: fallback },
                ];
              })
            ),
          },
        ])
      ) as EmailTemplatesSettings['emails'];
      return {
        locales: [...EMAIL_LOCALES],
        defaultLocale: locale,
        localeField: localeField ?? null,
        emails,
      };
    },

    /**
     * Stores the given templates (null, or the default itself, removes the admin's version), all
     * or none: each is rendered first.
     *
     * @throws ValidationError with one entry per part that does not render, its path naming the
     *   email, language and part (`['credentials', 'it', 'html']`).
     */
    async update(changes: UpdateEmailTemplates.Request): Promise<EmailTemplatesSettings> {
      const problems: FieldIssue[] = [];
      for (const email of EMAIL_KEYS) {
        for (const locale of EMAIL_LOCALES) {
          const template = changes[email]?.[locale];
          if (!template) continue;
          for (const problem of checkEmailTemplate(template, variables(email)).problems) {
            problems.push(fieldIssue([email, locale, problem.part], problem.message));
          }
        }
      }
      if (problems.length > 0) {
        throw new errors.ValidationError(
          `The ${problems[0]!.path.join(' / ')} template cannot be saved: ${problems[0]!.message}`,
          { errors: problems }
        );
      }

      const saved = await overrides();
      for (const email of EMAIL_KEYS) {
        for (const locale of EMAIL_LOCALES) {
          const template = changes[email]?.[locale];
          if (template === undefined) continue;
          const byLocale = { ...saved[email] };
          if (template === null || sameTemplate(template, DEFAULT_TEMPLATES[locale][email])) {
            delete byLocale[locale];
          } else {
            const { subject, html, text } = template;
            byLocale[locale] = { subject, html, text };
          }
          saved[email] = byLocale;
        }
      }
      await store().set({ value: saved });
      return this.settings();
    },

    /**
     * The template an email is sent with: the admin's version, or the default. A saved version
     * that no longer passes the checks (the customer type lost a field it shows, or it was saved
     * before a check existed, such as the one keeping secrets in the body) is logged and the
     * default is sent, so a send never fails because of a template. The log names the parts and
     * lines only: a template's text may hold what the check is there to keep out of logs.
     */
    async compiled(email: EmailKey, locale: EmailLocale): Promise<CompiledEmail> {
      const override = (await overrides())[email]?.[locale];
      if (override) {
        const checked = checkForSending(override, variables(email));
        if (checked.email) return checked.email;
        const where = checked.problems
          .map((problem) => `${problem.part} line ${problem.line}`)
          .join(', ');
        strapi.log.error(
          `${PLUGIN_ID}: the saved ${email} email in "${locale}" does not pass the template checks (${where}); the default is sent until it is fixed in Settings → Customer Login → Email templates.`
        );
      }
      return compileDefault(email, locale);
    },

    /**
     * The context of an email to `to` about a customer row (null for none): its fields fill
     * `customer.*` and pick the language.
     */
    context(to: string, customer: Record<string, unknown> | null): EmailContext {
      return contextOf(to, localeOf(customer), customerValues(getCustomerModel(strapi), customer));
    },

    /** An email written from the template it is sent with (see `compiled`). */
    async message<K extends EmailKey>(email: K, input: EmailInput<K>): Promise<EmailTemplate> {
      return (await this.compiled(email, input.locale)).render(emailValues(email, input));
    },

    /**
     * Renders a template (saved or not) with sample values.
     *
     * @throws ValidationError naming `['template', part]` for each part that does not render.
     */
    preview(input: PreviewEmailTemplate.Request): EmailTemplate {
      const checked = checkEmailTemplate(input.template, variables(input.email));
      if (!checked.email) {
        const problems = checked.problems.map((problem) =>
          fieldIssue(['template', problem.part], problem.message)
        );
        throw new errors.ValidationError(problems[0]!.message, { errors: problems });
      }
      const sample = { ...sampleContext(input.locale), ...SAMPLE_FACTS[input.email] };
      return checked.email.render(emailValues(input.email, sample));
    },
  };
};

export type EmailTemplatesService = ReturnType<typeof createEmailTemplatesService>;
export default createEmailTemplatesService;
