import { validateZodSchema, z } from '@strapi/utils';

import { passwordSchema } from './password';

export const changePasswordSchema = (minLength: number) =>
  z
    .strictObject({
      currentPassword: z
        .string({ error: 'Current password is required' })
        .min(1, { error: 'Current password is required' })
        .max(1024, { error: 'Current password is too long' }),
      password: passwordSchema(minLength),
      passwordConfirmation: z.string({ error: 'Confirm the new password' }),
    })
    .refine((input) => input.password === input.passwordConfirmation, {
      path: ['passwordConfirmation'],
      error: 'Passwords do not match',
    });

export type ChangePasswordInput = z.infer<ReturnType<typeof changePasswordSchema>>;

export const validateChangePassword = (body: unknown, minLength: number) =>
  validateZodSchema(changePasswordSchema(minLength))(body);

const emailSchema = z.strictObject({
  email: z
    .string({ error: 'Email is required' })
    .trim()
    .min(1, { error: 'Email is required' })
    .max(320, { error: 'Email is too long' }),
});
export const validateEmailRequest = validateZodSchema(emailSchema);

export const resetPasswordSchema = (minLength: number) =>
  z
    .strictObject({
      code: z
        .string({ error: 'The reset code is required' })
        .min(1, { error: 'The reset code is required' })
        .max(256, { error: 'This password reset code is not valid. Ask for a new one.' }),
      password: passwordSchema(minLength),
      passwordConfirmation: z.string({ error: 'Confirm the new password' }),
    })
    .refine((input) => input.password === input.passwordConfirmation, {
      path: ['passwordConfirmation'],
      error: 'Passwords do not match',
    });

export const validateResetPassword = (body: unknown, minLength: number) =>
  validateZodSchema(resetPasswordSchema(minLength))(body);
