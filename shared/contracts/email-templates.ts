import type { EmailKey, EmailLocale } from '../email-templates';

/** One email in one language. */
export interface EmailTemplate {
  /** One line: a template with a line break is refused, and rendered line breaks become spaces. */
  subject: string;
  /** Values are HTML-escaped. */
  html: string;
  /** Values are inserted as they are. */
  text: string;
}

export interface EmailTemplateEntry extends EmailTemplate {
  /** An admin's version is stored for this email and language; else this is the default. */
  customized: boolean;
  /** What the plugin ships for this email and language. */
  default: EmailTemplate;
}

export interface EmailTemplatesSettings {
  locales: EmailLocale[];
  /** `email.locale`: the language of customers without one of their own. */
  defaultLocale: EmailLocale;
  /** `email.localeField`: the customer attribute that names a customer's language, if any. */
  localeField: string | null;
  emails: Record<
    EmailKey,
    {
      /** Names usable as `<%= name %>` and `<% if name %>` in this email. */
      variables: string[];
      templates: Record<EmailLocale, EmailTemplateEntry>;
    }
  >;
}

/**
 * GET /customer-login/email-templates (admin API)
 *
 * Every email in every language, the admin's version where there is one.
 */
export declare namespace GetEmailTemplates {
  export type Request = Record<string, never>;
  export interface Response {
    data: EmailTemplatesSettings;
  }
}

/**
 * PUT /customer-login/email-templates (admin API)
 *
 * Saves the templates given (one, some or all); `null` restores the default. Each template is
 * rendered before it is stored: one that fails is refused with `details.errors[].path` naming it,
 * such as `['credentials', 'it', 'html']`, and nothing is stored.
 */
export declare namespace UpdateEmailTemplates {
  export type Request = {
    [K in EmailKey]?: { [L in EmailLocale]?: EmailTemplate | null };
  };
  export interface Response {
    data: EmailTemplatesSettings;
  }
}

/**
 * POST /customer-login/email-templates/preview (admin API)
 *
 * Renders a template (saved or not) with sample data, exactly as it would be sent.
 */
export declare namespace PreviewEmailTemplate {
  export interface Request {
    email: EmailKey;
    locale: EmailLocale;
    template: EmailTemplate;
  }
  export interface Response {
    data: EmailTemplate;
  }
}

/**
 * POST /customer-login/email-templates/test-email (admin API)
 *
 * Renders a template (saved or not) with sample data and emails it to the signed-in admin.
 */
export declare namespace SendTestEmail {
  export type Request = PreviewEmailTemplate.Request;
  export interface Response {
    data: {
      /** The admin's own address, where the email went. */
      email: string;
      /** ISO 8601 time of sending. */
      sentAt: string;
    };
  }
}
