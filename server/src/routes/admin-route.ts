import type { PermissionAction } from '../../../shared/permissions';

interface AdminRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  handler: string;
  /**
   * What the admin must hold, every one of them. An empty list says the controller decides, from
   * the Content Manager's own permissions on the customer the route names.
   */
  actions: readonly PermissionAction[];
}

/**
 * An admin route: a signed-in admin, and `admin::hasPermissions` on its actions, as Strapi's own
 * plugins declare theirs. Every admin route is written through this, so none can forget either.
 */
export const adminRoute = ({ method, path, handler, actions }: AdminRoute) => ({
  method,
  path,
  handler,
  config: {
    policies: [
      'admin::isAuthenticatedAdmin',
      ...(actions.length > 0
        ? [{ name: 'admin::hasPermissions', config: { actions: [...actions] } }]
        : []),
    ],
  },
});
