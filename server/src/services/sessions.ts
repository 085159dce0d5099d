import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

import type { Core } from '@strapi/strapi';
import jwt from 'jsonwebtoken';
import ms from 'ms';

import type { CustomerSessionInfo } from '../../../shared/contracts/auth';
import type { CustomerSessionFacts } from '../../../shared/contracts/customer-sessions';
import type { HistoryActor } from '../../../shared/contracts/history';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import { SESSION_UID } from '../models';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import { errors, getDeviceName } from '../utils/strapi-utils';
import type { CustomerLogin } from './customers';

/**
 * Who an access token is for, and what it is: no other token signed with the same secret (a
 * users-permissions one, if a site gave both one secret) passes for it.
 */
const AUDIENCE = PLUGIN_ID;
const TOKEN_TYPE = 'customer-session';

/**
 * A refresh token replaced less than this long ago, presented again, lost a race with the refresh
 * that replaced it (two tabs refreshing at once) rather than being a stolen copy: it gets a 409
 * and the session stays. Later, it ends the session.
 */
export const REFRESH_RACE_MS = 10_000;

/** Why a session ended; kept on its row until housekeeping deletes it. */
export type SessionEndReason =
  | 'logout'
  | 'signed-out'
  | 'password-changed'
  | 'login-disabled'
  | 'email-changed'
  | 'refresh-token-reused';

/** What a request's access token proves: which customer, in which session. */
export interface Authenticated {
  customer: CustomerLogin;
  /** The customer's full row, for answers that show the customer. */
  entry: Record<string, unknown>;
  sessionId: string;
}

/** A new session's tokens, or a refreshed session's. */
export interface SessionTokens {
  jwt: string;
  refreshToken: string;
  /**
   * When the refresh token stops working unless it is used before: the session's idle or absolute
   * expiry, whichever comes first (a refresh cookie expires then).
   */
  refreshExpiresAt: Date;
}

/**
 * A refresh's outcome: new tokens, or `superseded` when a concurrent refresh with the same token
 * won within `REFRESH_RACE_MS` (the session stays, and that refresh's token works).
 */
export type RefreshOutcome =
  { status: 'refreshed'; tokens: SessionTokens } | { status: 'superseded' };

/** Who sends a request; a session keeps both, so that the customer can recognise it later. */
export interface SessionClient {
  /** The client address Strapi sees (`ctx.request.ip`): attempts are counted per address. */
  address: string;
  userAgent?: string;
}

interface AccessClaims {
  sub: string;
  sid: string;
  typ: typeof TOKEN_TYPE;
}

interface SessionRow {
  sessionId: string;
  customer: string;
  refreshHash: string;
  generation: number;
  device: string | null;
  clientAddress: string | null;
  createdAt: string | Date;
  refreshedAt: string | Date | null;
  idleExpiresAt: string | Date;
  expiresAt: string | Date;
  endedAt: string | Date | null;
}

const isAccessClaims = (payload: unknown): payload is AccessClaims =>
  typeof payload === 'object' &&
  payload !== null &&
  typeof (payload as AccessClaims).sub === 'string' &&
  typeof (payload as AccessClaims).sid === 'string' &&
  (payload as AccessClaims).typ === TOKEN_TYPE;

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)$/;

// session id . generation . 32 random bytes . MAC of the three, all base64url.
const REFRESH_TOKEN = /^([A-Za-z0-9_-]{22})\.(\d{1,9})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{22})$/;

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const time = (value: string | Date) => new Date(value).getTime();
const isOpen = (row: SessionRow, now: number) =>
  row.endedAt === null && time(row.idleExpiresAt) > now && time(row.expiresAt) > now;

// Labels and addresses come from request headers: bounded, so no client can store a novel.
const bounded = (value: string | undefined, max: number) => (value ? value.slice(0, max) : null);

const unauthorized = () => new errors.UnauthorizedError('Invalid or expired session');

/**
 * Customer sessions: one row per login, a short-lived access token (an HS256 JWT naming the
 * session, algorithm and audience pinned) and an opaque refresh token that is replaced on every
 * use. Every access token is checked against its session's row, so an ended session's tokens stop
 * working at once in every process.
 *
 * A refresh token carries a MAC under a key derived from `jwt.secret`: a token this plugin issued
 * for a session and since replaced can thus be told from a made-up one, and only the former ends
 * the session as a reuse.
 */
const createSessionsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const query = () => strapi.db.query(SESSION_UID);
  const config = () => getConfig(strapi);
  const secret = () => config().jwt.secret as string;
  const macKey = () =>
    createHmac('sha256', secret()).update(`${PLUGIN_ID} refresh tokens`).digest();

  const mac = (body: string) =>
    createHmac('sha256', macKey()).update(body).digest().subarray(0, 16).toString('base64url');

  const refreshTokenOf = (sessionId: string, generation: number) => {
    const body = `${sessionId}.${generation}.${randomBytes(32).toString('base64url')}`;
    return `${body}.${mac(body)}`;
  };

  /** The session and generation a refresh token names, if this plugin issued it. */
  const parseRefreshToken = (token: string) => {
    const match = REFRESH_TOKEN.exec(token);
    if (!match) return null;
    const [, sessionId, generation, random, tag] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const expected = Buffer.from(mac(`${sessionId}.${generation}.${random}`));
    const given = Buffer.from(tag);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    return { sessionId, generation: Number(generation) };
  };

  const accessToken = (customer: string, sessionId: string) => {
    const claims: Pick<AccessClaims, 'sid' | 'typ'> = { sid: sessionId, typ: TOKEN_TYPE };
    return jwt.sign(claims, secret(), {
      algorithm: 'HS256',
      subject: customer,
      audience: AUDIENCE,
      jwtid: randomUUID(),
      expiresIn: Math.floor(ms(config().session.accessTokenTtl) / 1000),
    });
  };

  const find = async (sessionId: string) =>
    (await query().findOne({ where: { sessionId } })) as SessionRow | null;

  const idleExpiry = (now: number, expiresAt: number) =>
    new Date(Math.min(now + ms(config().session.idleTimeout), expiresAt));

  const openWhere = (now: Date) => ({
    endedAt: { $null: true },
    idleExpiresAt: { $gt: now },
    expiresAt: { $gt: now },
  });

  const endWhere = async (where: Record<string, unknown>, reason: SessionEndReason) => {
    const now = new Date();
    const { count } = await query().updateMany({
      where: { ...where, ...openWhere(now) },
      data: { endedAt: now, endReason: reason },
    });
    return Number(count);
  };

  const record = (customer: string, type: 'refresh-token-reused') =>
    getService(strapi, 'history').record({
      customer,
      type,
      outcome: 'failure',
      actor: { kind: 'system' },
    });

  /**
   * A refresh token that is not its session's current one: the loser of a race with the refresh
   * that replaced it, or a copy used after the session moved on, which ends the session.
   */
  const refused = async (
    row: SessionRow,
    generation: number,
    now: number
  ): Promise<{ status: 'superseded' }> => {
    if (!isOpen(row, now) || generation >= row.generation) throw unauthorized();
    const replacedAt = row.refreshedAt ? time(row.refreshedAt) : 0;
    if (generation === row.generation - 1 && now - replacedAt < REFRESH_RACE_MS) {
      return { status: 'superseded' };
    }
    if (await endWhere({ sessionId: row.sessionId }, 'refresh-token-reused')) {
      await record(row.customer, 'refresh-token-reused');
    }
    throw unauthorized();
  };

  const toInfo = (row: SessionRow, current: string | undefined): CustomerSessionInfo => ({
    id: row.sessionId,
    device: row.device,
    clientAddress: row.clientAddress,
    createdAt: new Date(row.createdAt).toISOString(),
    lastUsedAt: new Date(row.refreshedAt ?? row.createdAt).toISOString(),
    expiresAt: new Date(Math.min(time(row.idleExpiresAt), time(row.expiresAt))).toISOString(),
    current: row.sessionId === current,
  });

  return {
    /** Starts a session for the customer and answers its first pair of tokens. */
    async start(customer: string, client: SessionClient): Promise<SessionTokens> {
      const now = Date.now();
      const sessionId = randomBytes(16).toString('base64url');
      const refreshToken = refreshTokenOf(sessionId, 0);
      const expiresAt = now + ms(config().session.maxLifetime);
      const idleExpiresAt = idleExpiry(now, expiresAt);
      await query().create({
        data: {
          sessionId,
          customer,
          refreshHash: sha256(refreshToken),
          generation: 0,
          device: bounded(client.userAgent && getDeviceName?.(client.userAgent), 100),
          clientAddress: bounded(client.address, 64),
          createdAt: new Date(now),
          idleExpiresAt,
          expiresAt: new Date(expiresAt),
        },
      });
      return {
        jwt: accessToken(customer, sessionId),
        refreshToken,
        refreshExpiresAt: idleExpiresAt,
      };
    },

    /**
     * Replaces a refresh token with a new pair. Of two refreshes with one token, exactly one
     * wins: the replacement is a compare-and-set on the stored hash.
     *
     * @throws UnauthorizedError for an unknown, expired or ended session's token, or one already
     *   replaced outside the race window (which ends its session).
     */
    async refresh(refreshToken: string): Promise<RefreshOutcome> {
      const parsed = parseRefreshToken(refreshToken);
      if (!parsed) throw unauthorized();
      const row = await find(parsed.sessionId);
      const now = Date.now();
      if (!row) throw unauthorized();
      if (row.refreshHash !== sha256(refreshToken)) return refused(row, parsed.generation, now);
      if (!isOpen(row, now)) throw unauthorized();

      const next = refreshTokenOf(row.sessionId, row.generation + 1);
      const idleExpiresAt = idleExpiry(now, time(row.expiresAt));
      const { count } = await query().updateMany({
        where: { sessionId: row.sessionId, refreshHash: row.refreshHash, endedAt: { $null: true } },
        data: {
          refreshHash: sha256(next),
          generation: row.generation + 1,
          refreshedAt: new Date(now),
          idleExpiresAt,
        },
      });
      if (Number(count) === 1) {
        return {
          status: 'refreshed',
          tokens: {
            jwt: accessToken(row.customer, row.sessionId),
            refreshToken: next,
            refreshExpiresAt: idleExpiresAt,
          },
        };
      }
      // Another refresh (or an end) came first: answer as if this one had come second.
      const after = await find(row.sessionId);
      if (!after) throw unauthorized();
      return refused(after, parsed.generation, Date.now());
    },

    /**
     * The customer and session a request's `Authorization: Bearer …` header belongs to. With
     * `generatedPassword.enforceChange`, a customer who has not yet replaced a generated password
     * is let through only where `passwordChange` says the route serves that change (`/me`,
     * change-password and logout).
     *
     * @throws UnauthorizedError for a missing, malformed, expired or forged token, or one of an
     *   ended or expired session.
     * @throws PolicyError (403, details.code PASSWORD_CHANGE_REQUIRED) when the password must be
     *   changed first.
     */
    async authenticate(
      authorization: string | undefined,
      { passwordChange = false }: { passwordChange?: boolean } = {}
    ): Promise<Authenticated> {
      const token = BEARER.exec(authorization ?? '')?.[1];
      if (!token) throw new errors.UnauthorizedError('Missing or malformed bearer token');

      let payload: unknown;
      try {
        payload = jwt.verify(token, secret(), { algorithms: ['HS256'], audience: AUDIENCE });
      } catch {
        throw unauthorized();
      }
      if (!isAccessClaims(payload)) throw unauthorized();

      const [row, found] = await Promise.all([
        find(payload.sid),
        getService(strapi, 'customers').findLoginEntry(payload.sub),
      ]);
      if (!row || row.customer !== payload.sub || !isOpen(row, Date.now())) throw unauthorized();
      if (!found?.login.loginEnabled || !found.login.emailConfirmed) throw unauthorized();
      if (!passwordChange && config().generatedPassword.enforceChange) {
        const state = await getService(strapi, 'accounts').passwordState(payload.sub);
        if (state.mustChangePassword) {
          throw new errors.PolicyError('Change your temporary password before going on.', {
            code: 'PASSWORD_CHANGE_REQUIRED',
          });
        }
      }
      return { customer: found.login, entry: found.entry, sessionId: row.sessionId };
    },

    /** The customer's open sessions, newest first, `current` marking the caller's. */
    async list(customer: string, current?: string): Promise<CustomerSessionInfo[]> {
      const rows = (await query().findMany({
        where: { customer, ...openWhere(new Date()) },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      })) as SessionRow[];
      return rows.map((row) => toInfo(row, current));
    },

    /** How many sessions of the customer are open. */
    async countOpen(customer: string): Promise<number> {
      return Number(await query().count({ where: { customer, ...openWhere(new Date()) } }));
    },

    /** Ends one open session of the customer; false when the customer has no such session. */
    async end(customer: string, sessionId: string, reason: SessionEndReason): Promise<boolean> {
      return (await endWhere({ customer, sessionId }, reason)) > 0;
    },

    /** Ends every open session of the customer; answers how many were open. */
    async endAll(customer: string, reason: SessionEndReason): Promise<number> {
      return endWhere({ customer }, reason);
    },

    /**
     * Sign out everywhere, asked by the customer (logout with scope "all") or by an admin: ends
     * every open session of the customer and records it, in one transaction, `actor` (else the
     * admin of the current request) as the actor. Recorded even when none was open: the history
     * shows what was asked. Answers how many were open.
     */
    async signOutEverywhere(customer: string, actor?: HistoryActor): Promise<number> {
      return strapi.db.transaction(async () => {
        const ended = await endWhere({ customer }, 'signed-out');
        await getService(strapi, 'history').record({
          customer,
          type: 'signed-out-everywhere',
          actor,
        });
        return ended;
      });
    },

    /** What the Login panel shows: the latest sign-in on record and the open sessions. */
    async facts(customer: string): Promise<CustomerSessionFacts.Response['data']> {
      const [lastSignInAt, openSessions] = await Promise.all([
        getService(strapi, 'history').latestAt(customer, 'signed-in'),
        this.countOpen(customer),
      ]);
      return { lastSignInAt, openSessions };
    },

    /** Deletes the sessions of a customer that no longer exists. */
    async forget(customer: string): Promise<void> {
      await query().deleteMany({ where: { customer } });
    },

    /** Deletes sessions that ended, or expired, before `before`; answers how many. */
    async purge(before: Date): Promise<number> {
      const { count } = await query().deleteMany({
        where: {
          $or: [
            { endedAt: { $lt: before } },
            { idleExpiresAt: { $lt: before } },
            { expiresAt: { $lt: before } },
          ],
        },
      });
      return Number(count);
    },
  };
};

export type SessionsService = ReturnType<typeof createSessionsService>;
export default createSessionsService;
