import { validateZodSchema, z } from '../utils/strapi-utils';
import type { z as Zod } from '@strapi/utils';

export const loginSchema = z.strictObject({
  email: z
    .string({ error: 'Email is required' })
    .trim()
    .min(1, { error: 'Email is required' })
    .max(320, { error: 'Email is too long' }),
  password: z
    .string({ error: 'Password is required' })
    .min(1, { error: 'Password is required' })
    .max(1024, { error: 'Password is too long' }),
});
export type LoginInput = Zod.infer<typeof loginSchema>;
export const validateLogin = validateZodSchema(loginSchema);

/** The token of a confirmation link, from its query string or from the form that posts it. */
export const emailConfirmationSchema = z.looseObject({
  confirmation: z.string({ error: 'The confirmation link is missing its token' }).max(256),
});
export const validateEmailConfirmation = validateZodSchema(emailConfirmationSchema);
