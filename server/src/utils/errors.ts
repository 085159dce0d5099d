import { errors } from './strapi-utils';

/** A path into the request body: a key, or the keys down to a nested one. */
type FieldPath = string | readonly string[];

/** One entry of a ValidationError's `details.errors`, shaped as Strapi's own validation writes it. */
export const fieldIssue = (path: FieldPath, message: string) => ({
  path: typeof path === 'string' ? [path] : [...path],
  message,
  name: 'ValidationError' as const,
});

export type FieldIssue = ReturnType<typeof fieldIssue>;

/** A 400 naming the one field at fault, so a client (and the admin's form) can show it there. */
export const fieldError = (path: FieldPath, message: string) =>
  new errors.ValidationError(message, { errors: [fieldIssue(path, message)] });

/** What a log line says of a failure, whatever was thrown: its message, never its stack. */
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Strapi's error body for a 409, which none of its error classes answers. Set on the context
 * directly: an error thrown behind a route must be one of those classes to keep its status.
 */
export const conflictBody = (message: string, details: Record<string, unknown>) => ({
  data: null,
  error: { status: 409, name: 'ConflictError', message, details },
});
