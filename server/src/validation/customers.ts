import { validateZodSchema, z } from '@strapi/utils';

export const documentParamsSchema = z.looseObject({
  documentId: z
    .string({ error: 'documentId is required' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: 'documentId is not valid' }),
});
export const validateDocumentParams = validateZodSchema(documentParamsSchema);
