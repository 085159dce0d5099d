import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type { ListHistory } from '../../../shared/contracts/history';
import {
  assertMayAnyCustomer,
  customerPermissions,
  findPermittedCustomer,
  type UserAbility,
} from '../utils/content-manager';
import { getService } from '../utils/get-service';
import { validateDocumentParams } from '../validation/document-id';
import { validateHistoryQuery } from '../validation/history';

/** The admin route of the history service. */
const createHistoryController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** One page of the customer's login history, for admins who may read the customer. */
  async list(ctx: Context) {
    const { documentId } = validateDocumentParams(ctx.params);
    const { page, pageSize } = validateHistoryQuery(ctx.query);
    const permissions = customerPermissions(strapi, ctx.state.userAbility as UserAbility);
    assertMayAnyCustomer(permissions, 'read');
    await findPermittedCustomer(strapi, permissions, 'read', documentId);

    const body: ListHistory.Response = await getService(strapi, 'history').list(documentId, {
      page,
      pageSize,
    });
    ctx.body = body;
  },
});

export default createHistoryController;
