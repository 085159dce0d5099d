import { validateZodSchema, z } from '../utils/strapi-utils';
import type { z as Zod } from '@strapi/utils';

import { passwordSchema } from './password';

/* The bodies and queries of the customers' own routes (the auth controller). */

/** The address a customer types, as login and the email requests take it. */
const emailAddress = z
  .string({ error: 'Email is required' })
  .trim()
  .min(1, { error: 'Email is required' })
  .max(320, { error: 'Email is too long' });

export const loginSchema = z.strictObject({
  email: emailAddress,
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

/** A new password and its confirmation, as every form that sets one sends them. */
const withNewPassword = <T extends Zod.ZodRawShape>(minLength: number, shape: T) =>
  z
    .strictObject({
      ...shape,
      password: passwordSchema(minLength),
      passwordConfirmation: z.string({ error: 'Confirm the new password' }),
    })
    .refine(
      (input) => {
        // The generic shape hides these two keys from the type, not from the value.
        const { password, passwordConfirmation } = input as Record<string, unknown>;
        return password === passwordConfirmation;
      },
      {
        path: ['passwordConfirmation'],
        error: 'Passwords do not match',
      }
    );

export const changePasswordSchema = (minLength: number) =>
  withNewPassword(minLength, {
    currentPassword: z
      .string({ error: 'Current password is required' })
      .min(1, { error: 'Current password is required' })
      .max(1024, { error: 'Current password is too long' }),
  });

export const validateChangePassword = (body: unknown, minLength: number) =>
  validateZodSchema(changePasswordSchema(minLength))(body);

export const resetPasswordSchema = (minLength: number) =>
  withNewPassword(minLength, {
    code: z
      .string({ error: 'The reset code is required' })
      .min(1, { error: 'The reset code is required' })
      .max(256, { error: 'This password reset code is not valid. Ask for a new one.' }),
  });

export const validateResetPassword = (body: unknown, minLength: number) =>
  validateZodSchema(resetPasswordSchema(minLength))(body);

const emailSchema = z.strictObject({
  email: emailAddress,
});

export const validateEmailRequest = validateZodSchema(emailSchema);

export const refreshSchema = z.strictObject({
  refreshToken: z
    .string({ error: 'The refresh token is required' })
    .min(1, { error: 'The refresh token is required' })
    .max(256, { error: 'This refresh token is not valid' }),
});
export const validateRefresh = validateZodSchema(refreshSchema);

/** A refresh in cookie mode: the token comes from its cookie, and a body that carries one is wrong. */
export const cookieRefreshSchema = z.strictObject({
  refreshToken: z
    .never({
      error:
        'Cookie mode is on: the refresh token travels in its httpOnly cookie only, never in the body',
    })
    .optional(),
});
export const validateCookieRefresh = validateZodSchema(cookieRefreshSchema);

export const logoutSchema = z.strictObject({
  scope: z
    .enum(['current', 'all'], { error: 'The scope is "current" (the default) or "all"' })
    .optional(),
});
export const validateLogout = validateZodSchema(logoutSchema);

/** A session's id as the session list shows it. */
export const sessionIdSchema = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{22}$/, { error: 'This is not a session id' }),
});
export const validateSessionId = validateZodSchema(sessionIdSchema);
