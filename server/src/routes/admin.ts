import { PERMISSIONS } from '../permissions';
import { emailTemplateRoutes } from './email-templates';

export default {
  type: 'admin' as const,
  routes: [
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
    ...emailTemplateRoutes,
  ],
};
