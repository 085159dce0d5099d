import type { Core } from '@strapi/strapi';

import { getService } from '../utils/get-service';

/** What a route behind `plugin::customer-login.is-customer` finds in `ctx.state.customer`. */
export interface CustomerSession {
  documentId: string;
  /** The session of the request's access token (its id in `GET /auth/sessions`). */
  sessionId: string;
}

/**
 * Lets a site's own routes require a signed-in customer: an access token of an open session whose
 * customer has login enabled, a confirmed address and (with `generatedPassword.enforceChange`) no
 * temporary password left to change. Only the document id and the session id are put on the
 * state, so a handler cannot send the password hash back by accident.
 */
// Strapi awaits policies, though Core.PolicyHandler is typed as synchronous; the policy context
// carries the request's state like any Koa context.
const isCustomer = async (
  policyContext: Core.PolicyContext & { state: Record<string, unknown> },
  _config: unknown,
  { strapi }: { strapi: Core.Strapi }
): Promise<true> => {
  const { customer, sessionId } = await getService(strapi, 'sessions').authenticate(
    policyContext.request.header.authorization
  );
  const session: CustomerSession = { documentId: customer.documentId, sessionId };
  policyContext.state.customer = session;
  return true;
};

export default isCustomer;
