import type { Core, Modules } from '@strapi/strapi';

import { createCustomerCredentialsMiddleware } from './customer-credentials';
import { createPasswordCopiesMiddleware } from './password-copies';

/**
 * The plugin's Document Service middlewares, in the order bootstrap adds them. Strapi runs them
 * in that order, each around the ones after it: the strapi#21944 workaround runs inside the
 * credentials middleware, which it needs (see password-copies.ts).
 */
export const createDocumentMiddlewares = ({
  strapi,
}: {
  strapi: Core.Strapi;
}): Modules.Documents.Middleware.Middleware[] => [
  createCustomerCredentialsMiddleware({ strapi }),
  createPasswordCopiesMiddleware({ strapi }),
];
