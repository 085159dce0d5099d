import type { Core } from '@strapi/strapi';

import { createCustomerCredentialsMiddleware } from './middlewares/document-service/customer-credentials';
import { PERMISSION_ACTIONS } from './permissions';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(PERMISSION_ACTIONS);
  strapi.documents.use(createCustomerCredentialsMiddleware({ strapi }));
};
