import { errors, validateZodSchema, z } from '../utils/strapi-utils';

import { passwordSchema } from './password';
import { fieldIssue } from '../utils/errors';

const isBlank = (value: unknown) => value === undefined || value === null || value === '';

const credentialKeysSchema = (minLength: number) =>
  z
    .strictObject({
      password: z.string({ error: 'Password must be text' }).nullish(),
      passwordConfirmation: z.string({ error: 'Confirm Password must be text' }).nullish(),
      sendCredentials: z
        .boolean({ error: 'Generate and send credentials must be true or false' })
        .nullish(),
      hasConfirmation: z.boolean(),
    })
    .superRefine((input, ctx) => {
      // The server makes the password: whatever was typed is ignored.
      if (input.sendCredentials === true || isBlank(input.password)) return;

      const policy = passwordSchema(minLength).safeParse(input.password);
      if (!policy.success) {
        for (const issue of policy.error.issues) {
          ctx.addIssue({ code: 'custom', path: ['password'], message: issue.message });
        }
      }
      if (input.hasConfirmation && input.passwordConfirmation !== input.password) {
        ctx.addIssue({
          code: 'custom',
          path: ['passwordConfirmation'],
          message: 'Passwords do not match',
        });
      }
    });

/** What an admin save asks of the credentials, once the transient keys are read. */
export type CredentialIntent =
  { kind: 'keep' } | { kind: 'set'; password: string } | { kind: 'generate' };

/**
 * Reads the credential keys of a customer save (`password`, `passwordConfirmation`,
 * `sendCredentials`) and validates them against the policy.
 *
 * @throws ValidationError whose `details.errors[].path` names the offending field.
 */
export const readCredentialIntent = (
  data: Record<string, unknown>,
  minLength: number
): CredentialIntent => {
  const input = validateZodSchema(credentialKeysSchema(minLength))({
    password: data.password,
    passwordConfirmation: data.passwordConfirmation,
    sendCredentials: data.sendCredentials,
    hasConfirmation: 'passwordConfirmation' in data,
  });

  if (input.sendCredentials === true) return { kind: 'generate' };
  if (isBlank(input.password)) return { kind: 'keep' };
  return { kind: 'set', password: input.password as string };
};

/**
 * The keys of a customer save that only the plugin writes: the login attributes and the save's
 * transient keys. Written any other way, a password would skip the policy and the history.
 */
export const LOGIN_KEYS = [
  'password',
  'loginEnabled',
  'emailConfirmed',
  'passwordConfirmation',
  'sendCredentials',
] as const;

/**
 * Refuses a Content API write (REST, GraphQL, a site's controller forwarding its input) that sets
 * any login key, whatever the token allows.
 *
 * @throws ValidationError with one `details.errors[]` entry per key, its path naming the key.
 */
export const refuseLoginKeys = (data: Record<string, unknown>) => {
  const present = LOGIN_KEYS.filter((key) => key in data);
  if (present.length === 0) return;
  const messageOf = (key: string) =>
    `${key} cannot be written through the Content API: it is managed by Customer Login (the Content Manager's Login section, or strapi.plugin('customer-login').service('credentials') in your own code)`;
  throw new errors.ValidationError(messageOf(present.join(', ')), {
    errors: present.map((key) => fieldIssue(key, messageOf(key))),
  });
};
