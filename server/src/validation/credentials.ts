import { validateZodSchema, z } from '../utils/strapi-utils';

import { DOCUMENT_ID_PATTERN } from './document-id';

export const MAX_BULK_SIZE = 500;

const documentId = z
  .string({ error: 'must be a document id' })
  .regex(DOCUMENT_ID_PATTERN, { error: 'must be a document id' });

export const sendCredentialsManySchema = z.strictObject({
  documentIds: z
    .array(documentId, { error: 'documentIds must be a list of document ids' })
    .min(1, { error: 'documentIds must name at least one customer' })
    .max(MAX_BULK_SIZE, { error: `documentIds may name at most ${MAX_BULK_SIZE} customers` })
    .refine((ids) => new Set(ids).size === ids.length, {
      error: 'documentIds must not repeat an id',
    }),
});
export const validateSendCredentialsMany = validateZodSchema(sendCredentialsManySchema);
