import { LOGIN_CUSTOM_FIELD, type LoginFieldOptions } from '../../../shared/login-field';

interface SchemaLike {
  attributes?: object;
}

/** The Login section's options when this schema is the configured customer type, else null. */
export const getLoginFieldOptions = (schema: SchemaLike | undefined): LoginFieldOptions | null => {
  const attributes = schema?.attributes as
    Record<string, { customField?: string; options?: unknown } | undefined> | undefined;
  const password = attributes?.password;
  return password?.customField === LOGIN_CUSTOM_FIELD
    ? (password.options as LoginFieldOptions)
    : null;
};

/** Form errors are either strings or translatable messages. */
export type FormError = string | { id: string; defaultMessage: string; values?: object };
