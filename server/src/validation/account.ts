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
