import { randomUUID } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';
import jwt from 'jsonwebtoken';
import ms from 'ms';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import type { CustomerLogin } from './customers';

/**
 * Who a customer token is for, and what it is: no other token signed with the same secret (a
 * users-permissions one, if a site gave both one secret) passes for it.
 */
const AUDIENCE = PLUGIN_ID;
const TOKEN_TYPE = 'customer-session';

interface SessionClaims {
  sub: string;
  /** The customer's session stamp when the token was issued. */
  cs: string;
  typ: typeof TOKEN_TYPE;
}

const isSessionClaims = (payload: unknown): payload is SessionClaims =>
  typeof payload === 'object' &&
  payload !== null &&
  typeof (payload as SessionClaims).sub === 'string' &&
  typeof (payload as SessionClaims).cs === 'string' &&
  (payload as SessionClaims).typ === TOKEN_TYPE;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

/**
 * Customer session tokens: HS256 JWTs (the algorithm and the audience are pinned on verify)
 * carrying the customer's document id and session stamp, each with an id of its own, so no two
 * logins share a token. A token is valid while the stamp is current, login is enabled and the
 * address confirmed.
 */
const createSessionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const secret = () => getConfig(strapi).jwt.secret as string;

  return {
    /**
     * A new session token of the customer, carrying `stamp` when the caller has just read it,
     * else the current one (created on first use).
     */
    async issue(documentId: string, stamp?: string | null): Promise<string> {
      stamp ??= await getService(strapi, 'accounts').currentStamp(documentId);
      const claims: Pick<SessionClaims, 'cs' | 'typ'> = { cs: stamp, typ: TOKEN_TYPE };
      return jwt.sign(claims, secret(), {
        algorithm: 'HS256',
        subject: documentId,
        audience: AUDIENCE,
        jwtid: randomUUID(),
        expiresIn: Math.floor(ms(getConfig(strapi).jwt.expiresIn) / 1000),
      });
    },

    /**
     * The customer a request's `Authorization: Bearer …` header belongs to. With
     * `generatedPassword.enforceChange`, a customer who has not yet replaced a generated password is
     * let through only where `passwordChange` says the route serves that change (`/me` and
     * change-password).
     *
     * @throws UnauthorizedError for a missing, malformed, expired, forged or revoked token.
     * @throws PolicyError (403, details.code PASSWORD_CHANGE_REQUIRED) when the password must be
     *   changed first.
     */
    async authenticate(
      authorization: string | undefined,
      { passwordChange = false }: { passwordChange?: boolean } = {}
    ): Promise<CustomerLogin> {
      const token = BEARER.exec(authorization ?? '')?.[1];
      if (!token) throw new errors.UnauthorizedError('Missing or malformed bearer token');

      let payload: unknown;
      try {
        payload = jwt.verify(token, secret(), { algorithms: ['HS256'], audience: AUDIENCE });
      } catch {
        throw new errors.UnauthorizedError('Invalid or expired token');
      }
      if (!isSessionClaims(payload)) throw new errors.UnauthorizedError('Invalid token');

      const customer = await getService(strapi, 'customers').findByDocumentId(payload.sub);
      const state = await getService(strapi, 'accounts').sessionState(payload.sub);
      if (!customer?.loginEnabled || !customer.emailConfirmed || state.stamp !== payload.cs) {
        throw new errors.UnauthorizedError('This session has ended');
      }
      if (
        !passwordChange &&
        state.mustChangePassword &&
        getConfig(strapi).generatedPassword.enforceChange
      ) {
        throw new errors.PolicyError('Change your temporary password before going on.', {
          code: 'PASSWORD_CHANGE_REQUIRED',
        });
      }
      return customer;
    },
  };
};

export type SessionsService = ReturnType<typeof createSessionsService>;
export default createSessionsService;
