import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { SendCredentials, SendCredentialsMany } from '../../../shared/contracts/credentials';
import {
  assertMayAnyCustomer,
  assertMaySendCredentials,
  customerPermissions,
  findPermittedCustomer,
  type PermissionChecker,
  type UserAbility,
} from '../utils/content-manager';
import { getService } from '../utils/get-service';
import { validateSendCredentialsMany } from '../validation/credentials';
import { validateDocumentParams } from '../validation/document-id';

/** Sending credentials: the Content Manager's update on this customer, and on its password. */
const authorizeSend = async (
  strapi: Core.Strapi,
  ability: UserAbility,
  permissions: PermissionChecker,
  documentId: string
) => {
  const entry = await findPermittedCustomer(strapi, permissions, 'update', documentId);
  assertMaySendCredentials(ability, permissions, entry);
};

const abilityOf = (ctx: Context) => ctx.state.userAbility as UserAbility;

/** The admin routes of the credentials service. */
const createCredentialsController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Resets an existing customer's password to a generated one and emails it. */
  async sendCredentials(ctx: Context) {
    const { documentId } = validateDocumentParams(ctx.params);
    const ability = abilityOf(ctx);
    const permissions = customerPermissions(strapi, ability);
    await authorizeSend(strapi, ability, permissions, documentId);

    const data: SendCredentials.Response['data'] = await getService(
      strapi,
      'credentials'
    ).sendCredentials(documentId);
    ctx.body = { data } satisfies SendCredentials.Response;
  },

  /** The same for many customers, each on its own: the answer says what happened to each. */
  async sendCredentialsMany(ctx: Context) {
    const { documentIds } = validateSendCredentialsMany(ctx.request.body ?? {});
    const ability = abilityOf(ctx);
    const permissions = customerPermissions(strapi, ability);
    // Refused as a whole when no customer could be allowed; else customer by customer.
    assertMayAnyCustomer(permissions, 'update');
    assertMaySendCredentials(ability, permissions, 'any');

    const data = await getService(strapi, 'credentials').sendCredentialsMany(
      documentIds,
      (documentId) => authorizeSend(strapi, ability, permissions, documentId)
    );
    ctx.body = { data } satisfies SendCredentialsMany.Response;
  },
});

export default createCredentialsController;
