import type { Core, Modules, Struct } from '@strapi/strapi';

import { isAddressChange, type SavePlan } from '../../services/credentials';
import { getConfig, getCustomerModel } from '../../utils/config';
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

const SAVE_ACTIONS = new Set(['create', 'update', 'clone']);
// Actions that copy rows through the document service's password transform.
const COPY_ACTIONS = new Set(['publish', 'discardDraft']);

/**
 * Whether the document service may write copies of a row (published versions, new locales). Each
 * copy of the stored hash is hashed again on the way (strapi#21944), so it must be put back.
 */
const copiesRows = (model: Struct.ContentTypeSchema) =>
  model.options?.draftAndPublish === true ||
  (model.pluginOptions?.i18n as { localized?: boolean } | undefined)?.localized === true;

/**
 * Document Service middleware for the customer type: turns the credential keys of a create,
 * update or clone into a hash, a generated password and emails, and applies them in the same
 * transaction as the save. The plaintext never reaches the document service, so it is hashed
 * exactly once. Who may ask for what depends on the request the write runs in (`requestOrigin`):
 * the Content API may not write login keys at all, an admin may generate and send credentials
 * only with the plugin's permission and the right to change that customer's password, and code
 * outside any request is the site's own. A delete takes the plugin's rows of the customer with it.
 */
export const createCustomerCredentialsMiddleware = ({
  strapi,
}: {
  strapi: Core.Strapi;
}): Middleware => {
  const customers = () => getService(strapi, 'customers');

  /** Runs a document action and puts the document's hash back on every row it copied. */
  const keepingStoredHash = <T>(documentId: string, next: () => T) =>
    strapi.db.transaction(async () => {
      const stored = await customers().storedHash(documentId);
      const result = await next();
      await customers().restorePasswordHash(documentId, stored);
      return result;
    });

  /** Generating and sending credentials is an admin's act only with both permissions. */
  const authorizeSend = async (
    origin: Extract<RequestOrigin, { kind: 'admin' }>,
    action: string,
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
        await getService(strapi, 'credentials').forgetCustomer(before);
      }
      return result;
    });

  return async (context, next) => {
    const config = getConfig(strapi);
    if (context.uid !== config.contentType) return next();
    const params = context.params as { data?: unknown; documentId?: string; locale?: string };

    if (context.action === 'delete') {
      return params.documentId ? deleting(params.documentId, next) : next();
    }
    if (COPY_ACTIONS.has(context.action)) {
      return params.documentId && copiesRows(getCustomerModel(strapi))
        ? keepingStoredHash(params.documentId, next)
        : next();
    }
    if (!SAVE_ACTIONS.has(context.action)) return next();

    // A clone without data (the Content Manager's auto-clone) still must not inherit the password.
    if (params.data === undefined && context.action === 'clone') params.data = {};
    const data = params.data;
    if (!isRecord(data)) return next();

    const origin = requestOrigin(strapi);
    if (origin.kind === 'content-api') refuseLoginKeys(data);
    const intent = readCredentialIntent(data, config.password.minLength);
    delete data.password;
    delete data.passwordConfirmation;
    delete data.sendCredentials;
    if (intent.kind === 'generate' && origin.kind === 'admin') {
      await authorizeSend(origin, context.action, params);
    }

    const passwords = getService(strapi, 'passwords');
    const plan: SavePlan = { loginTurnedOn: false };
    if (intent.kind === 'generate') {
      plan.generatedPassword = passwords.generate();
      plan.hash = await passwords.hash(plan.generatedPassword);
    } else if (intent.kind === 'set') {
      plan.hash = await passwords.hash(intent.password);
    } else if (context.action === 'clone') {
      // The copied hash would be hashed again on the way in, and a duplicate must not share a login.
      plan.hash = null;
    }

    const addressGiven = config.emailField in data;
    if (typeof data.loginEnabled === 'boolean' || data.emailConfirmed === true || addressGiven) {
      const before =
        context.action === 'update' && params.documentId
          ? await customers().findByDocumentId(params.documentId)
          : null;
      if (typeof data.loginEnabled === 'boolean') {
        plan.loginTurnedOn = data.loginEnabled && !before?.loginEnabled;
        plan.loginTurnedOff = !data.loginEnabled && before?.loginEnabled === true;
      }
      if (before && addressGiven && isAddressChange(before.email, data[config.emailField])) {
        // A new address is unconfirmed, whatever this save says: it is confirmed by its link, or
        // by an admin in a later save.
        plan.addressChanged = { from: before.email };
        delete data.emailConfirmed;
      }
      plan.emailConfirmedByAdmin =
        !plan.addressChanged && data.emailConfirmed === true && !before?.emailConfirmed;
    }

    const touchesLogin =
      context.action === 'clone' ||
      plan.hash !== undefined ||
      data.loginEnabled === true ||
      plan.loginTurnedOff === true ||
      plan.emailConfirmedByAdmin === true ||
      plan.addressChanged !== undefined ||
      addressGiven;
    // An update keeping the password can still copy it: into a new locale, or by publishing.
    const keepsHash =
      plan.hash === undefined &&
      context.action === 'update' &&
      params.documentId !== undefined &&
      copiesRows(getCustomerModel(strapi));
    if (keepsHash && !touchesLogin) return keepingStoredHash(params.documentId as string, next);
    if (!touchesLogin) return next();

    const credentials = getService(strapi, 'credentials');
    try {
      return await strapi.db.transaction(async () => {
        const stored = keepsHash ? await customers().storedHash(params.documentId as string) : null;
        const saved = await next();
        const documentId = (saved as { documentId?: string } | null)?.documentId;
        if (!documentId) return saved;
        if (keepsHash) await customers().restorePasswordHash(documentId, stored);
        await credentials.applySavePlan(documentId, plan);
        return saved;
      });
    } catch (error) {
      // A customer being created or cloned was rolled back: it has no history to write to.
      if (context.action === 'update' && params.documentId) {
        await credentials.recordSendingFailure(params.documentId, error);
      }
      throw error;
    }
  };
};
