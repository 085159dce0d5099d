import { PERMISSIONS } from '../permissions';

const allowed = (action: string) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    { name: 'admin::hasPermissions', config: { actions: [action] } },
  ],
});

/**
 * Settings → Customer Login. Reading and previewing need settings.read; saving and sending a test
 * email (which makes the server send mail) need settings.update.
 */
export const emailTemplateRoutes = [
  {
    method: 'GET',
    path: '/email-templates',
    handler: 'email-templates.find',
    config: allowed(PERMISSIONS.settingsRead),
  },
  {
    method: 'PUT',
    path: '/email-templates',
    handler: 'email-templates.update',
    config: allowed(PERMISSIONS.settingsUpdate),
  },
  {
    method: 'POST',
    path: '/email-templates/preview',
    handler: 'email-templates.preview',
    config: allowed(PERMISSIONS.settingsRead),
  },
  {
    method: 'POST',
    path: '/email-templates/test-email',
    handler: 'email-templates.sendTestEmail',
    config: allowed(PERMISSIONS.settingsUpdate),
  },
];
