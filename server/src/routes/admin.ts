import { PERMISSIONS } from '../permissions';
import { emailTemplateRoutes } from './email-templates';

export default {
  type: 'admin' as const,
  routes: [
    {
      method: 'GET',
      path: '/customers/:documentId/events',
      handler: 'customers.listEvents',
      // Who may read the customer may read its history: checked in the controller.
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
    {
      method: 'POST',
      path: '/customers/:documentId/send-credentials',
      handler: 'customers.sendCredentials',
      config: {
        policies: [
          'admin::isAuthenticatedAdmin',
          { name: 'admin::hasPermissions', config: { actions: [PERMISSIONS.sendCredentials] } },
        ],
      },
    },
    {
      method: 'POST',
      path: '/customers/send-credentials',
      handler: 'customers.sendCredentialsBulk',
      config: {
        policies: [
          'admin::isAuthenticatedAdmin',
          { name: 'admin::hasPermissions', config: { actions: [PERMISSIONS.sendCredentials] } },
        ],
      },
    },
    ...emailTemplateRoutes,
  ],
};
