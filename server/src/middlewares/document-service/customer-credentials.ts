import type { Core, Modules } from '@strapi/strapi';

import type { CredentialsService } from '../../services/credentials';
import { getConfig } from '../../utils/config';
import {
  assertMaySendCredentials,
  customerPermissions,
  loadForPermissionCheck,
} from '../../utils/content-manager';
import { getService } from '../../utils/get-service';
import { requestOrigin, type RequestOrigin } from '../../utils/request-origin';
import { readCredentialIntent, refuseLoginKeys } from '../../validation/customer-save';

type Middleware = Modules.Documents.Middleware.Middleware;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type SaveAction = Parameters<CredentialsService['planSave']>[0]['action'];
const SAVE_ACTIONS: ReadonlySet<string> = new Set<SaveAction>(['create', 'update', 'clone']);
const isSaveAction = (action: string): action is SaveAction => SAVE_ACTIONS.has(action);

/**
 * Document Service middleware for the customer type: takes the credential keys out of a create,
 * update or clone, has the credentials service decide what they ask for, and applies that in the
 * same transaction as the save. The plaintext never reaches the document service, so it is hashed
 * exactly once. Who may ask for what depends on the request the write runs in (`requestOrigin`):
 * the Content API may not write login keys at all, an admin may generate and send credentials
 * only with the plugin's permission and the right to change that customer's password, and code
 * outside any request is the site's own. A delete takes the plugin's rows of the customer with it;
 * discarding a draft moves its login address back to the published one.
 */
export const createCustomerCredentialsMiddleware = ({
  strapi,
}: {
  strapi: Core.Strapi;
}): Middleware => {
  const customers = () => getService(strapi, 'customers');
  const credentials = () => getService(strapi, 'credentials');

  /** Generating and sending credentials is an admin's act only with both permissions. */
  const authorizeSend = async (
    origin: Extract<RequestOrigin, { kind: 'admin' }>,
    action: SaveAction,
    params: { documentId?: string; locale?: string }
  ) => {
    const ability = origin.userAbility ?? { can: () => false };
    const permissions = customerPermissions(strapi, ability);
    // A save of a locale the document does not have yet creates it: the create rules apply.
    const entry =
      action === 'update' && params.documentId
        ? await loadForPermissionCheck(
            strapi,
            permissions,
            'update',
            params.documentId,
            params.locale
          )
        : null;
    assertMaySendCredentials(ability, permissions, entry ?? 'new');
  };

  /**
   * Deletes a document version and, when none is left (a locale of several may go alone), the
   * plugin's rows of the customer, in one transaction: its sessions end at once and its links die.
   */
  const deleting = <T>(documentId: string, next: () => T) =>
    strapi.db.transaction(async () => {
      const before = await customers().findByDocumentId(documentId);
      const result = await next();
      if (before && !(await customers().findByDocumentId(documentId))) {
        await credentials().forgetCustomer(before);
      }
      return result;
    });

  /** Discarding a draft puts the published address back: the login address follows it. */
  const discarding = <T>(documentId: string, next: () => T) =>
    strapi.db.transaction(async () => {
      const result = await next();
      await credentials().followLoginAddress(documentId);
      return result;
    });

  return async (context, next) => {
    const config = getConfig(strapi);
    if (context.uid !== config.contentType) return next();
    const { action } = context;
    const params = context.params as { data?: unknown; documentId?: string; locale?: string };

    if (action === 'delete') {
      return params.documentId ? deleting(params.documentId, next) : next();
    }
    if (action === 'discardDraft') {
      return params.documentId ? discarding(params.documentId, next) : next();
    }
    if (!isSaveAction(action)) return next();

    // A clone without data (the Content Manager's auto-clone) still must not inherit the password.
    if (params.data === undefined && action === 'clone') params.data = {};
    const data = params.data;
    if (!isRecord(data)) return next();

    const origin = requestOrigin(strapi);
    if (origin.kind === 'content-api') refuseLoginKeys(data);
    const intent = readCredentialIntent(data, config.password.minLength);
    delete data.password;
    delete data.passwordConfirmation;
    delete data.sendCredentials;
    if (intent.kind === 'generate' && origin.kind === 'admin') {
      await authorizeSend(origin, action, params);
    }

    const plan = await credentials().planSave({
      action,
      data,
      intent,
      emailField: config.emailField,
      documentId: params.documentId,
    });
    if (!plan) return next();

    try {
      return await strapi.db.transaction(async () => {
        const saved = await next();
        const documentId = (saved as { documentId?: string } | null)?.documentId;
        if (documentId) await credentials().applySavePlan(documentId, plan);
        return saved;
      });
    } catch (error) {
      // A customer being created or cloned was rolled back: it has no history to write to.
      if (action === 'update' && params.documentId) {
        await credentials().recordSendingFailure(params.documentId, error);
      }
      throw error;
    }
  };
};
