import { validateZodSchema, z } from '@strapi/utils';

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
