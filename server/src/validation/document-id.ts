import { validateZodSchema, z } from '../utils/strapi-utils';

/** What Strapi's document ids look like, with room to spare; anything else names no customer. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The customer a route or a service call names. */
export const documentParamsSchema = z.looseObject({
  documentId: z
    .string({ error: 'documentId is required' })
    .regex(DOCUMENT_ID_PATTERN, { error: 'documentId is not valid' }),
});
export const validateDocumentParams = validateZodSchema(documentParamsSchema);
