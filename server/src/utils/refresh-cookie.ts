import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import type { SessionCookieConfig } from '../config';
import type { SessionTokens } from '../services/sessions';
import { validateCookieRefresh, validateRefresh } from '../validation/auth';
import { getConfig } from './config';
import { errors } from './strapi-utils';

export const DEFAULT_COOKIE_NAME = 'customer_login_refresh';

/** `session.cookie` with its defaults, and the path the cookie is limited to. */
export interface RefreshCookieSettings {
  name: string;
  secure: boolean;
  sameSite: 'Strict' | 'Lax' | 'None';
  domain?: string;
  /** `<api.rest.prefix>/customer-login/auth`: the routes that set, read and clear the cookie. */
  path: string;
  allowedOrigins: ReadonlySet<string>;
}

const SAME_SITE = { strict: 'Strict', lax: 'Lax', none: 'None' } as const;

const settingsOf = (cookie: SessionCookieConfig, restPrefix: string): RefreshCookieSettings => ({
  name: cookie.name ?? DEFAULT_COOKIE_NAME,
  secure: cookie.secure ?? true,
  sameSite: SAME_SITE[cookie.sameSite ?? 'strict'],
  ...(cookie.domain !== undefined && { domain: cookie.domain }),
  path: `${restPrefix.replace(/\/+$/, '')}/${PLUGIN_ID}/auth`,
  // The validator took only origins that serialize to themselves, in any letter case.
  allowedOrigins: new Set(cookie.allowedOrigins.map((origin) => new URL(origin).origin)),
});

/** Cookie mode's settings, or null when refresh tokens travel in bodies. */
export const refreshCookieSettings = (strapi: Core.Strapi): RefreshCookieSettings | null => {
  const { cookie } = getConfig(strapi).session;
  if (!cookie) return null;
  return settingsOf(cookie, strapi.config.get('api.rest.prefix', '/api'));
};

/**
 * One Set-Cookie value. Written here rather than with `ctx.cookies`: Koa's cookies (0.9) write
 * `Expires` only, while `Max-Age` counts from the browser's own clock, so a client whose clock is
 * off keeps the cookie exactly as long as the session lasts; and they throw on a Secure cookie
 * over http, which `assertAllowed` answers first with a reason.
 */
const serialize = (settings: RefreshCookieSettings, value: string, maxAgeSeconds: number) =>
  [
    `${settings.name}=${value}`,
    `Path=${settings.path}`,
    settings.domain !== undefined && `Domain=${settings.domain}`,
    `Max-Age=${maxAgeSeconds}`,
    `Expires=${new Date(maxAgeSeconds === 0 ? 0 : Date.now() + maxAgeSeconds * 1000).toUTCString()}`,
    'HttpOnly',
    settings.secure && 'Secure',
    `SameSite=${settings.sameSite}`,
  ]
    .filter(Boolean)
    .join('; ');

/**
 * Refuses a request to a cookie route unless it comes from an allowed origin.
 *
 * SameSite alone does not stop cross-site requests: a "site" is the registrable domain, so every
 * sibling subdomain (a blog, a user-content host) is same-site and its requests carry the cookie,
 * and `sameSite: 'none'` stops nothing. Strapi's default CORS (origin '*' with credentials) even
 * lets such a page read the answer, a fresh access token. So, as OWASP's "verify origin with
 * standard headers" defence does, the `Origin` header (sent by browsers on every POST, and not
 * settable by a page) must name one of `allowedOrigins`. Without it, `Sec-Fetch-Site: same-origin`
 * (equally browser-set) lets in pages of Strapi's own origin. Anything else, a non-browser client
 * included, holds no customer's cookie and is refused.
 */
const assertSameOrigin = (settings: RefreshCookieSettings, ctx: Context) => {
  const origin = ctx.get('origin');
  const allowed = origin
    ? settings.allowedOrigins.has(origin)
    : ctx.get('sec-fetch-site') === 'same-origin';
  if (!allowed) {
    throw new errors.PolicyError(
      'This request does not come from an origin allowed to use the session cookie.',
      { code: 'ORIGIN_NOT_ALLOWED' }
    );
  }
};

/**
 * A Secure cookie set over http would travel in clear text, and browsers other than on localhost
 * drop it: refused before the route does any work, so no session is started or rotated for an
 * answer the client cannot keep.
 */
const assertSecureTransport = (settings: RefreshCookieSettings, ctx: Context) => {
  if (settings.secure && !ctx.request.secure) {
    throw new errors.PolicyError(
      'The session cookie is Secure, so this route answers over HTTPS only. Behind a proxy that ends TLS, set server.proxy.koa to true; for local development over http, set session.cookie.secure to false.',
      { code: 'HTTPS_REQUIRED' }
    );
  }
};

/** What a session's answer becomes: its tokens and whatever else it carries, minus the expiry. */
type Answer<T extends SessionTokens> = Omit<T, 'refreshToken' | 'refreshExpiresAt'> & {
  refreshToken?: string;
};

/**
 * How a request's refresh token travels: in the body, or in cookie mode (`session.cookie`) in an
 * httpOnly cookie limited to the auth routes. Made at the start of every route that starts, rotates
 * or ends a session, so that in cookie mode a request from elsewhere is refused before any work.
 *
 * @throws PolicyError (403) in cookie mode: details.code ORIGIN_NOT_ALLOWED for a request from an
 *   origin not in `session.cookie.allowedOrigins`, HTTPS_REQUIRED for a Secure cookie over http.
 */
export const refreshTokenTransport = (strapi: Core.Strapi, ctx: Context) => {
  const settings = refreshCookieSettings(strapi);
  if (settings) {
    assertSameOrigin(settings, ctx);
    assertSecureTransport(settings, ctx);
  }

  return {
    cookieMode: settings !== null,

    /**
     * The body for a new or refreshed session: with the refresh token in it, or in cookie mode
     * without it, the token set as the cookie until the session would expire.
     */
    answer<T extends SessionTokens>(tokens: T): Answer<T> {
      const { refreshToken, refreshExpiresAt, ...rest } = tokens;
      if (!settings) return { ...rest, refreshToken };
      const seconds = Math.max(0, Math.floor((refreshExpiresAt.getTime() - Date.now()) / 1000));
      ctx.append('Set-Cookie', serialize(settings, refreshToken, seconds));
      return rest;
    },

    /**
     * The refresh token the request presents: the body's, or in cookie mode the cookie's.
     *
     * @throws ValidationError for a body without a token, or in cookie mode one with a token.
     * @throws UnauthorizedError in cookie mode when the request carries no cookie.
     */
    presented(): string {
      const body: unknown = ctx.request.body ?? {};
      if (!settings) return validateRefresh(body).refreshToken;
      validateCookieRefresh(body);
      const token = ctx.cookies.get(settings.name, { signed: false });
      if (!token) throw new errors.UnauthorizedError('Invalid or expired session');
      return token;
    },

    /** In cookie mode, tells the browser to drop the cookie. */
    clear(): void {
      if (settings) ctx.append('Set-Cookie', serialize(settings, '', 0));
    },
  };
};
