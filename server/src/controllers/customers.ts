import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import type { SendCredentials, SendCredentialsBulk } from '../../../shared/contracts/customers';
import type { ListEvents } from '../../../shared/contracts/history';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import {
  validateBulkSend,
  validateDocumentParams,
  validateEventsQuery,
} from '../validation/customers';

type Action = 'read' | 'update';

interface PermissionChecker {
  cannot: Record<Action, (entity?: unknown) => boolean>;
  sanitizedQuery: Record<Action, (query: object) => Promise<object>>;
}

interface DocumentManager {
  findOne(
    documentId: string,
    model: string,
    params: { populate: unknown; locale?: string; status: 'draft' }
  ): Promise<Record<string, unknown> | null>;
}

type PopulateBuilder = (model: string) => {
  populateFromQuery(query: object): { build(): Promise<unknown> };
};

/** The checks the Content Manager itself makes on customers, for the admin of this request. */
const customerPermissions = (strapi: Core.Strapi, ctx: Context) =>
  strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({
      userAbility: ctx.state.userAbility,
      model: getConfig(strapi).contentType,
    }) as PermissionChecker;

/**
 * The customer, once the admin may act on it as `action` says. Loaded as the Content Manager loads
 * it for its own checks, with what the admin's permission conditions (such as "is creator") read.
 *
 * @throws ForbiddenError without the permission on this customer.
 * @throws NotFoundError when the document does not exist.
 */
const findPermitted = async (
  strapi: Core.Strapi,
  permissions: PermissionChecker,
  action: Action,
  documentId: string
) => {
  const row = await getService(strapi, 'customers').findEntry(documentId);
  if (!row) throw new errors.NotFoundError('Customer not found');
  const contentManager = strapi.plugin('content-manager');
  const model = getConfig(strapi).contentType;
  const populate = await (contentManager.service('populate-builder') as unknown as PopulateBuilder)(
    model
  )
    .populateFromQuery(await permissions.sanitizedQuery[action]({}))
    .build();
  const entry = await (
    contentManager.service('document-manager') as unknown as DocumentManager
  ).findOne(documentId, model, {
    populate,
    locale: typeof row.locale === 'string' ? row.locale : undefined,
    status: 'draft',
  });
  if (!entry || permissions.cannot[action](entry)) {
    throw new errors.ForbiddenError(`You may not ${action} this customer`);
  }
  return entry;
};

const createCustomersController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The customer's credential history, for admins who may read the customer. */
  async listEvents(ctx: Context) {
    const { documentId } = validateDocumentParams(ctx.params);
    const { page, pageSize } = validateEventsQuery(ctx.query);
    const permissions = customerPermissions(strapi, ctx);
    if (permissions.cannot.read()) throw new errors.ForbiddenError('You may not read customers');
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
    const permissions = customerPermissions(strapi, ctx);
    // The same checks the Content Manager makes before an update.
    if (permissions.cannot.update()) {
      throw new errors.ForbiddenError('You may not update customers');
    }
    await findPermitted(strapi, permissions, 'update', documentId);

    const data: SendCredentials.Response['data'] = await getService(
      strapi,
      'credentials'
    ).resetAndSend(documentId);
    ctx.body = { data } satisfies SendCredentials.Response;
  },

  /** The same for many customers, each on its own: the answer says what happened to each. */
  async sendCredentialsBulk(ctx: Context) {
    const { documentIds } = validateBulkSend(ctx.request.body ?? {});
    const permissions = customerPermissions(strapi, ctx);
    if (permissions.cannot.update()) {
      throw new errors.ForbiddenError('You may not update customers');
    }

    const data = await getService(strapi, 'credentials').resetAndSendMany(
      documentIds,
      (documentId) => findPermitted(strapi, permissions, 'update', documentId)
    );
    ctx.body = { data } satisfies SendCredentialsBulk.Response;
  },
});

export default createCustomersController;
