import { isFetchError, useFetchClient, useNotification } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import type {
  EmailTemplate,
  EmailTemplatesSettings,
  GetEmailTemplates,
  PreviewEmailTemplate,
  SendTestEmail,
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
import { getTranslation } from '../utils/getTranslation';
import { useErrorMessage } from './useErrorMessage';

const URL = `/${PLUGIN_ID}/email-templates`;

export type Drafts = Record<EmailKey, Record<EmailLocale, EmailTemplate>>;
export type TemplatePart = keyof EmailTemplate;

/** Field errors keyed `email.locale.part`, as the server's `details.errors[].path` names them. */
export type FieldErrors = Record<string, string>;
export const errorKey = (email: EmailKey, locale: EmailLocale, part: TemplatePart) =>
  `${email}.${locale}.${part}`;

const pick = ({ subject, html, text }: EmailTemplate): EmailTemplate => ({ subject, html, text });

const draftsOf = (settings: EmailTemplatesSettings): Drafts =>
  Object.fromEntries(
    EMAIL_KEYS.map((email) => [
      email,
      Object.fromEntries(
        EMAIL_LOCALES.map((locale) => [locale, pick(settings.emails[email].templates[locale])])
      ),
    ])
  ) as Drafts;

interface ValidationDetails {
  errors?: Array<{ path?: string[]; message?: string }>;
}

/** The server's ValidationError entries, keyed by their joined path. */
const validationErrorsOf = (error: unknown): FieldErrors | null => {
  if (!isFetchError(error)) return null;
  const details = error.response?.data?.error?.details as ValidationDetails | undefined;
  if (!details?.errors?.length) return null;
  return Object.fromEntries(
    details.errors
      .filter((entry) => entry.path && entry.message)
      .map((entry) => [entry.path!.join('.'), entry.message!])
  );
};

/**
 * The templates as saved, the admin's unsaved edits (drafts), and saving them: only the templates
 * that differ from what is saved are sent. A refused save puts each error under its field.
 */
export const useEmailTemplates = () => {
  const { formatMessage } = useIntl();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const [settings, setSettings] = React.useState<EmailTemplatesSettings | null>(null);
  const [drafts, setDrafts] = React.useState<Drafts | null>(null);
  const [loadError, setLoadError] = React.useState(false);
  const [isSaving, setIsSaving] = React.useState(false);
  const [errors, setErrors] = React.useState<FieldErrors>({});

  React.useEffect(() => {
    let cancelled = false;
    get<GetEmailTemplates.Response>(URL)
      .then(({ data }) => {
        if (cancelled) return;
        setSettings(data.data);
        setDrafts(draftsOf(data.data));
      })
      .catch(() => {
        if (!cancelled) setLoadError(true);
      });
    return () => {
      cancelled = true;
    };
  }, [get]);

  const changes = React.useMemo(() => {
    const result: UpdateEmailTemplates.Request = {};
    if (!settings || !drafts) return result;
    for (const email of EMAIL_KEYS) {
      for (const locale of EMAIL_LOCALES) {
        const draft = drafts[email][locale];
        if (!sameTemplate(draft, settings.emails[email].templates[locale])) {
          result[email] = { ...result[email], [locale]: draft };
        }
      }
    }
    return result;
  }, [settings, drafts]);

  const isModified = (email: EmailKey, locale?: EmailLocale) =>
    locale ? Boolean(changes[email]?.[locale]) : Boolean(changes[email]);

  const setPart = (email: EmailKey, locale: EmailLocale, part: TemplatePart, value: string) => {
    setDrafts((current) =>
      current
        ? {
            ...current,
            [email]: { ...current[email], [locale]: { ...current[email][locale], [part]: value } },
          }
        : current
    );
    setErrors(({ [errorKey(email, locale, part)]: _fixed, ...rest }) => rest);
  };

  /** Puts the shipped template into the form; Save stores it (which removes the admin's version). */
  const restoreDefault = (email: EmailKey, locale: EmailLocale) => {
    const fallback = settings?.emails[email].templates[locale].default;
    if (!fallback) return;
    setDrafts((current) =>
      current ? { ...current, [email]: { ...current[email], [locale]: pick(fallback) } } : current
    );
    setErrors((current) =>
      Object.fromEntries(
        Object.entries(current).filter(([key]) => !key.startsWith(`${email}.${locale}.`))
      )
    );
  };

  const save = async () => {
    setIsSaving(true);
    try {
      const { data } = await put<UpdateEmailTemplates.Response, UpdateEmailTemplates.Request>(
        URL,
        changes
      );
      setSettings(data.data);
      setDrafts(draftsOf(data.data));
      setErrors({});
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: getTranslation('templates.notification.saved'),
          defaultMessage: 'Email templates saved',
        }),
      });
    } catch (error) {
      setErrors(validationErrorsOf(error) ?? {});
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setIsSaving(false);
    }
  };

  return {
    settings,
    drafts,
    loadError,
    errors,
    isSaving,
    hasChanges: Object.keys(changes).length > 0,
    isModified,
    setPart,
    restoreDefault,
    save,
  };
};

export type PreviewState =
  | { status: 'loading' }
  | { status: 'ready'; email: EmailTemplate }
  | { status: 'invalid'; errors: Partial<Record<TemplatePart, string>> }
  | { status: 'failed'; message: string };

/**
 * The server's rendering of a template with sample data, refreshed a moment after each edit, so
 * the preview is exactly what would be sent. A template that does not render gives its errors.
 */
export const useEmailPreview = (email: EmailKey, locale: EmailLocale, template: EmailTemplate) => {
  const { post } = useFetchClient();
  const errorMessage = useErrorMessage();
  const [state, setState] = React.useState<PreviewState>({ status: 'loading' });
  const { subject, html, text } = template;

  React.useEffect(() => {
    const controller = new AbortController();
    const timer = setTimeout(() => {
      post<PreviewEmailTemplate.Response, PreviewEmailTemplate.Request>(
        `${URL}/preview`,
        { email, locale, template: { subject, html, text } },
        { signal: controller.signal }
      )
        .then(({ data }) => setState({ status: 'ready', email: data.data }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const errors = validationErrorsOf(error);
          setState(
            errors
              ? {
                  status: 'invalid',
                  errors: {
                    subject: errors['template.subject'],
                    html: errors['template.html'],
                    text: errors['template.text'],
                  },
                }
              : { status: 'failed', message: errorMessage(error) }
          );
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [post, errorMessage, email, locale, subject, html, text]);

  return state;
};

/** "Send me a test email": the template as it stands in the form, with sample data. */
export const useSendTestEmail = () => {
  const { formatMessage } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const errorMessage = useErrorMessage();
  const [isSending, setIsSending] = React.useState(false);

  const send = async (input: SendTestEmail.Request) => {
    setIsSending(true);
    try {
      const { data } = await post<SendTestEmail.Response, SendTestEmail.Request>(
        `${URL}/test-email`,
        input
      );
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslation('templates.notification.testSent'),
            defaultMessage: 'Test email sent to {email}',
          },
          { email: data.data.email }
        ),
      });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setIsSending(false);
    }
  };

  return { send, isSending };
};
