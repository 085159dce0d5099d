import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type {
  CustomerSessionFacts,
  SignOutCustomer,
} from '../../../shared/contracts/customer-sessions';
import {
  assertMayAnyCustomer,
  customerPermissions,
  findPermittedCustomer,
  type UserAbility,
} from '../utils/content-manager';
import { getService } from '../utils/get-service';
import { validateDocumentParams } from '../validation/document-id';

/** The customer a route names, once the admin may `action` it as the Content Manager decides. */
const permittedDocument = async (
  strapi: Core.Strapi,
  ctx: Context,
  action: 'read' | 'update'
): Promise<string> => {
  const { documentId } = validateDocumentParams(ctx.params);
  const permissions = customerPermissions(strapi, ctx.state.userAbility as UserAbility);
  assertMayAnyCustomer(permissions, action);
  await findPermittedCustomer(strapi, permissions, action, documentId);
  return documentId;
};

/** The admin routes of the sessions service: a customer's sessions as the Login panel shows them. */
const createSessionsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The latest sign-in and the open sessions, for admins who may read the customer. */
  async facts(ctx: Context) {
    const documentId = await permittedDocument(strapi, ctx, 'read');

    const data = await getService(strapi, 'sessions').facts(documentId);
    ctx.body = { data } satisfies CustomerSessionFacts.Response;
  },

  /**
   * Sign out everywhere. The route requires the plugin's permission; ending a customer's sessions
   * changes that customer, so it also takes the Content Manager's update on them.
   */
  async signOut(ctx: Context) {
    const documentId = await permittedDocument(strapi, ctx, 'update');

    const ended = await getService(strapi, 'sessions').signOutEverywhere(documentId);
    ctx.body = { data: { ended } } satisfies SignOutCustomer.Response;
  },
});

export default createSessionsController;
