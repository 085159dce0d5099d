import type { Core, Modules } from '@strapi/strapi';

import type { SavePlan } from '../../services/credentials';
import { getConfig } from '../../utils/config';
import { getService } from '../../utils/get-service';
import { readCredentialIntent } from '../../validation/customer-save';

type Middleware = Modules.Documents.Middleware.Middleware;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const SAVE_ACTIONS = new Set(['create', 'update', 'clone']);

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
  return async (context, next) => {
    const config = getConfig(strapi);
    if (context.uid !== config.contentType) return next();
    if (!SAVE_ACTIONS.has(context.action)) return next();

    const params = context.params as { data?: unknown; documentId?: string };
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

    if (typeof data.loginEnabled === 'boolean') {
      const before =
        context.action === 'update' && params.documentId
          ? await getService(strapi, 'customers').findByDocumentId(params.documentId)
          : null;
      plan.loginTurnedOn = data.loginEnabled && !before?.loginEnabled;
      plan.loginTurnedOff = !data.loginEnabled && before?.loginEnabled === true;
    }

    const touchesLogin =
      context.action === 'clone' ||
      plan.hash !== undefined ||
      data.loginEnabled === true ||
      plan.loginTurnedOff === true ||
      config.emailField in data;
    if (!touchesLogin) return next();

    return strapi.db.transaction(async () => {
      const saved = await next();
      const documentId = (saved as { documentId?: string } | null)?.documentId;
      if (documentId) await getService(strapi, 'credentials').applySavePlan(documentId, plan);
      return saved;
    });
  };
};
