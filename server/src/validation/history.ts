import { validateZodSchema, z } from '../utils/strapi-utils';

const pageNumber = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int({ error: `${name} must be a whole number` })
    .min(1, { error: `${name} must be at least 1` })
    .max(max, { error: `${name} must be at most ${max}` });

export const historyQuerySchema = z.looseObject({
  page: pageNumber('page', 1_000_000).default(1),
  pageSize: pageNumber('pageSize', 100).default(10),
});
export const validateHistoryQuery = validateZodSchema(historyQuerySchema);
