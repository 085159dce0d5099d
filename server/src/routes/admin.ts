import { PERMISSIONS } from '../../../shared/permissions';
import { adminRoute } from './admin-route';

export default {
  type: 'admin' as const,
  routes: [
    adminRoute({
      method: 'GET',
      path: '/customers/:documentId/history',
      handler: 'history.list',
      // Who may read the customer may read its history: checked in the controller.
      actions: [],
    }),
    adminRoute({
      method: 'POST',
      path: '/customers/:documentId/send-credentials',
      handler: 'credentials.sendCredentials',
      actions: [PERMISSIONS.sendCredentials],
    }),
    adminRoute({
      method: 'POST',
      path: '/customers/send-credentials',
      handler: 'credentials.sendCredentialsMany',
      actions: [PERMISSIONS.sendCredentials],
    }),
    adminRoute({
      method: 'GET',
      path: '/customers/:documentId/sessions',
      handler: 'sessions.facts',
      // Who may read the customer may read these: checked in the controller.
      actions: [],
    }),
    adminRoute({
      method: 'POST',
      path: '/customers/:documentId/sign-out',
      handler: 'sessions.signOut',
      actions: [PERMISSIONS.signOut],
    }),
    // Settings → Customer Login → Email templates.
    adminRoute({
      method: 'GET',
      path: '/email-templates',
      handler: 'email-templates.find',
      actions: [PERMISSIONS.settingsRead],
    }),
    adminRoute({
      method: 'PUT',
      path: '/email-templates',
      handler: 'email-templates.update',
      actions: [PERMISSIONS.settingsUpdate],
    }),
    adminRoute({
      method: 'POST',
      path: '/email-templates/preview',
      handler: 'email-templates.preview',
      actions: [PERMISSIONS.settingsRead],
    }),
    adminRoute({
      method: 'POST',
      path: '/email-templates/test-email',
      handler: 'email-templates.sendTestEmail',
      actions: [PERMISSIONS.settingsUpdate],
    }),
  ],
};
