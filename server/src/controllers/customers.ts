import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';

import type { SendCredentials } from '../../../shared/contracts/customers';
import type { ListEvents } from '../../../shared/contracts/history';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import { validateDocumentParams, validateEventsQuery } from '../validation/customers';

interface PermissionChecker {
  cannot: { read: (entity?: unknown) => boolean; update: (entity?: unknown) => boolean };
}

const createCustomersController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The customer's credential history, for admins who may read the customer. */
  async listEvents(ctx: Context) {
    const { documentId } = validateDocumentParams(ctx.params);
    const { page, pageSize } = validateEventsQuery(ctx.query);
    const permissionChecker = strapi
      .plugin('content-manager')
      .service('permission-checker')
      .create({
        userAbility: ctx.state.userAbility,
        model: getConfig(strapi).contentType,
      }) as PermissionChecker;

    if (permissionChecker.cannot.read()) {
      throw new errors.ForbiddenError('You may not read customers');
    }
    const entry = await getService(strapi, 'customers').findEntry(documentId);
    if (!entry) throw new errors.NotFoundError('Customer not found');
    if (permissionChecker.cannot.read(entry)) {
      throw new errors.ForbiddenError('You may not read this customer');
    }

    const body: ListEvents.Response = await getService(strapi, 'history').list(documentId, {
      page,
      pageSize,
    });
    ctx.body = body;
  },

  /** Resets an existing customer's password to a generated one and emails it. */
  async sendCredentials(ctx: Context) {
    const { documentId } = validateDocumentParams(ctx.params);
    const model = getConfig(strapi).contentType;
    // The same entry-level check the Content Manager makes before an update.
    const permissionChecker = strapi
      .plugin('content-manager')
      .service('permission-checker')
      .create({ userAbility: ctx.state.userAbility, model }) as PermissionChecker;

    if (permissionChecker.cannot.update()) {
      throw new errors.ForbiddenError('You may not update customers');
    }
    const entry = await getService(strapi, 'customers').findEntry(documentId);
    if (!entry) throw new errors.NotFoundError('Customer not found');
    if (permissionChecker.cannot.update(entry)) {
      throw new errors.ForbiddenError('You may not update this customer');
    }

    const data: SendCredentials.Response['data'] = await getService(
      strapi,
      'credentials'
    ).resetAndSend(documentId);
    ctx.body = { data } satisfies SendCredentials.Response;
  },
});

export default createCustomersController;
