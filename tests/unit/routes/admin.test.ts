import routes from '../../../server/src/routes/admin';

const SEND_CREDENTIALS = 'plugin::customer-login.send-credentials';
const SIGN_OUT = 'plugin::customer-login.sign-out';
const SETTINGS_READ = 'plugin::customer-login.settings.read';
const SETTINGS_UPDATE = 'plugin::customer-login.settings.update';

/** The actions `admin::hasPermissions` demands of a route, or null when it has no such policy. */
const requiredActions = (policies: readonly unknown[]) => {
  const check = policies.find(
    (policy): policy is { name: string; config: { actions: string[] } } =>
      typeof policy === 'object' &&
      policy !== null &&
      (policy as { name?: unknown }).name === 'admin::hasPermissions'
  );
  return check ? check.config.actions : null;
};

describe('admin routes', () => {
  test('Given any admin route, Then it requires a signed-in admin before anything else', () => {
    expect(routes.routes.length).toBeGreaterThan(0);
    for (const route of routes.routes) {
      expect({ path: route.path, first: route.config.policies[0] }).toEqual({
        path: route.path,
        first: 'admin::isAuthenticatedAdmin',
      });
    }
  });

  test.each([
    ['GET', '/customers/:documentId/history', null],
    ['POST', '/customers/:documentId/send-credentials', [SEND_CREDENTIALS]],
    ['POST', '/customers/send-credentials', [SEND_CREDENTIALS]],
    ['GET', '/customers/:documentId/sessions', null],
    ['POST', '/customers/:documentId/sign-out', [SIGN_OUT]],
    ['GET', '/email-templates', [SETTINGS_READ]],
    ['PUT', '/email-templates', [SETTINGS_UPDATE]],
    ['POST', '/email-templates/preview', [SETTINGS_READ]],
    ['POST', '/email-templates/test-email', [SETTINGS_UPDATE]],
  ])('Given %s %s, Then it demands %j', (method, path, actions) => {
    const route = routes.routes.find((r) => r.method === method && r.path === path);
    expect(route).toBeDefined();
    expect(requiredActions(route!.config.policies)).toEqual(actions);
  });

  test('Given the routes, Then each is listed above', () => {
    expect(routes.routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      [
        'GET /customers/:documentId/history',
        'POST /customers/:documentId/send-credentials',
        'POST /customers/send-credentials',
        'GET /customers/:documentId/sessions',
        'POST /customers/:documentId/sign-out',
        'GET /email-templates',
        'PUT /email-templates',
        'POST /email-templates/preview',
        'POST /email-templates/test-email',
      ].sort()
    );
  });
});
