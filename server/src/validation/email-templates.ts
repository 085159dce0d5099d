import { validateZodSchema, z } from '../utils/strapi-utils';

import type {
  PreviewEmailTemplate,
  UpdateEmailTemplates,
} from '../../../shared/contracts/email-templates';
import { EMAIL_KEYS, EMAIL_LOCALES } from '../../../shared/email-templates';

const required = (name: string) => ({ error: `The ${name} is required` });

/** The shape of one template; whether it renders is the email-templates service's check. */
export const emailTemplateSchema = z.strictObject({
  subject: z
    .string(required('subject'))
    .max(500, { error: 'The subject is too long (500 characters at most)' })
    .refine((value) => value.trim() !== '', required('subject')),
  html: z
    .string(required('HTML body'))
    .max(100_000, { error: 'The HTML body is too long (100,000 characters at most)' })
    .refine((value) => value.trim() !== '', required('HTML body')),
  text: z
    .string(required('text body'))
    .max(100_000, { error: 'The text body is too long (100,000 characters at most)' })
    .refine((value) => value.trim() !== '', required('text body')),
});

/** `null` restores the default. */
const perLocale = z
  .strictObject({
    en: emailTemplateSchema.nullable(),
    it: emailTemplateSchema.nullable(),
    fr: emailTemplateSchema.nullable(),
    de: emailTemplateSchema.nullable(),
    es: emailTemplateSchema.nullable(),
  } satisfies Record<(typeof EMAIL_LOCALES)[number], unknown>)
  .partial();

export const updateEmailTemplatesSchema = z
  .strictObject({
    credentials: perLocale,
    emailConfirmation: perLocale,
    passwordReset: perLocale,
    passwordChanged: perLocale,
    emailChanged: perLocale,
  } satisfies Record<(typeof EMAIL_KEYS)[number], unknown>)
  .partial();

export const previewEmailTemplateSchema = z.strictObject({
  email: z.enum(EMAIL_KEYS, { error: `The email must be one of ${EMAIL_KEYS.join(', ')}` }),
  locale: z.enum(EMAIL_LOCALES, {
    error: `The language must be one of ${EMAIL_LOCALES.join(', ')}`,
  }),
  template: emailTemplateSchema,
});

export const validateUpdateEmailTemplates: (body: unknown) => UpdateEmailTemplates.Request =
  validateZodSchema(updateEmailTemplatesSchema);

export const validatePreviewEmailTemplate: (body: unknown) => PreviewEmailTemplate.Request =
  validateZodSchema(previewEmailTemplateSchema);
