import type { Core, Modules, Struct } from '@strapi/strapi';

import { getConfig, getCustomerModel, isLocalized } from '../../utils/config';
import { getService } from '../../utils/get-service';

/*
 * Workaround for strapi#21944 (https://github.com/strapi/strapi/issues/21944), open in Strapi 5.54:
 * when the document service copies a customer's row (publish, discard draft, an update that
 * creates a locale), it passes the stored bcrypt hash through the password transform again, so
 * the copy holds a hash of the hash, which no password matches. This middleware reads the
 * document's hash before such an action and puts it back on every row after it, in the action's
 * transaction. Delete this file and its line in index.ts once Strapi copies rows without
 * hashing them again.
 *
 * Order: it comes right after the customer-credentials middleware in index.ts, so it runs
 * inside that one. It sees a save without its credential keys, joins the transaction that
 * middleware opens for a save touching the login (strapi.db.transaction reuses an open one), and
 * puts the old hash back before that middleware applies the save's plan, so a password the save
 * sets still ends on every row.
 */

type Middleware = Modules.Documents.Middleware.Middleware;

// Actions that may write copies of a row through the document service's password transform.
const COPY_ACTIONS = new Set(['publish', 'discardDraft', 'update']);

/** Whether the document service may write copies of a row (published versions, new locales). */
const copiesRows = (model: Struct.ContentTypeSchema) =>
  model.options?.draftAndPublish === true || isLocalized(model);

export const createPasswordCopiesMiddleware = ({ strapi }: { strapi: Core.Strapi }): Middleware => {
  const customers = () => getService(strapi, 'customers');

  return async (context, next) => {
    if (context.uid !== getConfig(strapi).contentType || !COPY_ACTIONS.has(context.action)) {
      return next();
    }
    const { documentId } = context.params as { documentId?: string };
    if (!documentId || !copiesRows(getCustomerModel(strapi))) return next();

    return strapi.db.transaction(async () => {
      const stored = await customers().storedHash(documentId);
      const result = await next();
      await customers().restorePasswordHash(documentId, stored);
      return result;
    });
  };
};
