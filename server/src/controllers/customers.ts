import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';
import type { Context } from 'koa';

import type { SendCredentials, SendCredentialsBulk } from '../../../shared/contracts/customers';
import type { ListEvents } from '../../../shared/contracts/history';
import {
  assertMaySendCredentials,
  customerPermissions,
  loadForPermissionCheck,
  type ContentManagerAction,
  type PermissionChecker,
  type UserAbility,
} from '../utils/content-manager';
import { getService } from '../utils/get-service';
import {
  validateBulkSend,
  validateDocumentParams,
  validateEventsQuery,
} from '../validation/customers';

/**
 * The customer, once the admin may act on it as `action` says, checked as the Content Manager
 * checks it (conditions such as "is creator" included).
 *
 * @throws NotFoundError when the document does not exist.
 * @throws PolicyError (403) without the permission on this customer.
 */
const findPermitted = async (
  strapi: Core.Strapi,
  permissions: PermissionChecker,
  action: Extract<ContentManagerAction, 'read' | 'update'>,
  documentId: string
) => {
  const row = await getService(strapi, 'customers').findEntry(documentId);
  if (!row) throw new errors.NotFoundError('Customer not found');
  const locale = typeof row.locale === 'string' ? row.locale : undefined;
  const entry = await loadForPermissionCheck(strapi, permissions, action, documentId, locale);
  if (!entry || permissions.cannot[action](entry)) {
    throw new errors.PolicyError(`You may not ${action} this customer`, {
      code: action === 'read' ? 'CUSTOMER_READ_PERMISSION' : 'CUSTOMER_UPDATE_PERMISSION',
    });
  }
  return entry;
};

/** Sending credentials: the Content Manager's update on this customer, and on its password. */
const authorizeSend = async (
  strapi: Core.Strapi,
  ability: UserAbility,
  permissions: PermissionChecker,
  documentId: string
) => {
  const entry = await findPermitted(strapi, permissions, 'update', documentId);
  assertMaySendCredentials(ability, permissions, entry);
};

const abilityOf = (ctx: Context) => ctx.state.userAbility as UserAbility;

const createCustomersController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The customer's credential history, for admins who may read the customer. */
  async listEvents(ctx: Context) {
    const { documentId } = validateDocumentParams(ctx.params);
    const { page, pageSize } = validateEventsQuery(ctx.query);
    const permissions = customerPermissions(strapi, abilityOf(ctx));
    if (permissions.cannot.read()) {
      throw new errors.PolicyError('You may not read customers', {
        code: 'CUSTOMER_READ_PERMISSION',
      });
    }
    await findPermitted(strapi, permissions, 'read', documentId);

    const body: ListEvents.Response = await getService(strapi, 'history').list(documentId, {
      page,
      pageSize,
    });
    ctx.body = body;
  },

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
  async sendCredentialsBulk(ctx: Context) {
    const { documentIds } = validateBulkSend(ctx.request.body ?? {});
    const ability = abilityOf(ctx);
    const permissions = customerPermissions(strapi, ability);
    // Refused as a whole when no customer could be allowed; else customer by customer.
    if (permissions.cannot.update()) {
      throw new errors.PolicyError('You may not update customers', {
        code: 'CUSTOMER_UPDATE_PERMISSION',
      });
    }
    assertMaySendCredentials(ability, permissions, 'any');

    const data = await getService(strapi, 'credentials').sendCredentialsMany(
      documentIds,
      (documentId) => authorizeSend(strapi, ability, permissions, documentId)
    );
    ctx.body = { data } satisfies SendCredentialsBulk.Response;
  },
});

export default createCustomersController;
