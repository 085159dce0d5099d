import type { Core, Modules, Struct } from '@strapi/strapi';

import type { SavePlan } from '../../services/credentials';
import { getConfig, getCustomerModel } from '../../utils/config';
import { getService } from '../../utils/get-service';
import { readCredentialIntent } from '../../validation/customer-save';

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
 * exactly once.
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

  return async (context, next) => {
    const config = getConfig(strapi);
    if (context.uid !== config.contentType) return next();
    const params = context.params as { data?: unknown; documentId?: string };

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

    const intent = readCredentialIntent(data, config.password.minLength);
    delete data.password;
    delete data.passwordConfirmation;
    delete data.sendCredentials;

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

    if (typeof data.loginEnabled === 'boolean' || data.emailConfirmed === true) {
      const before =
        context.action === 'update' && params.documentId
          ? await customers().findByDocumentId(params.documentId)
          : null;
      if (typeof data.loginEnabled === 'boolean') {
        plan.loginTurnedOn = data.loginEnabled && !before?.loginEnabled;
        plan.loginTurnedOff = !data.loginEnabled && before?.loginEnabled === true;
      }
      plan.emailConfirmedByAdmin = data.emailConfirmed === true && !before?.emailConfirmed;
    }

    const touchesLogin =
      context.action === 'clone' ||
      plan.hash !== undefined ||
      data.loginEnabled === true ||
      plan.loginTurnedOff === true ||
      plan.emailConfirmedByAdmin === true ||
      config.emailField in data;
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
