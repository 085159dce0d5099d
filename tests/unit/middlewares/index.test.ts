import middlewares from '../../../server/src/middlewares';
import redactQuery from '../../../server/src/middlewares/redact-query';
import contentApi from '../../../server/src/routes/content-api';

describe('route middlewares', () => {
  // Strapi resolves `plugin::customer-login.<name>` in a route to the plugin's middleware <name>.
  test('Given a route that names a plugin middleware, Then the plugin registers it', () => {
    const named = contentApi.routes.flatMap(
      (route) => (route.config as { middlewares?: string[] }).middlewares ?? []
    );
    expect(named).toEqual(['plugin::customer-login.redact-query']);
    expect(middlewares).toEqual({ 'redact-query': redactQuery });
  });
});
