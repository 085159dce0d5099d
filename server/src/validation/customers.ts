import { validateZodSchema, z } from '../utils/strapi-utils';

export const documentParamsSchema = z.looseObject({
  documentId: z
    .string({ error: 'documentId is required' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'documentId is not valid' }),
});
export const validateDocumentParams = validateZodSchema(documentParamsSchema);

const pageNumber = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(1, { error: `${name} must be at least 1` })
    .max(max, { error: `${name} must be at most ${max}` });

export const eventsQuerySchema = z.looseObject({
  page: pageNumber('page', 1_000_000).default(1),
  pageSize: pageNumber('pageSize', 100).default(10),
});
export const validateEventsQuery = validateZodSchema(eventsQuerySchema);

export const MAX_BULK_SIZE = 500;

const documentId = z
  .string({ error: 'must be a document id' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'must be a document id' });

export const bulkSendSchema = z.strictObject({
  documentIds: z
    .array(documentId, { error: 'documentIds must be a list of document ids' })
    .min(1, { error: 'documentIds must name at least one customer' })
    .max(MAX_BULK_SIZE, { error: `documentIds may name at most ${MAX_BULK_SIZE} customers` })
    .refine((ids) => new Set(ids).size === ids.length, {
      error: 'documentIds must not repeat an id',
    }),
});
export const validateBulkSend = validateZodSchema(bulkSendSchema);
