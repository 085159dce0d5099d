/**
 * POST /api/customer-login/auth/login (Content API, no users-permissions needed)
 *
 * In cookie mode (`session.cookie`), this route, refresh, logout, change-password and
 * reset-password answer only requests whose `Origin` is in `session.cookie.allowedOrigins`: 403
 * with details.code ORIGIN_NOT_ALLOWED otherwise, and HTTPS_REQUIRED for a Secure cookie over http.
 */
export declare namespace Login {
  export interface Request {
    email: string;
    password: string;
  }
  export interface Response {
    /** The access token: an HS256 JWT for `Authorization: Bearer`, valid `session.accessTokenTtl`. */
    jwt: string;
    /**
     * The opaque refresh token of the new session, for `POST /auth/refresh`. It changes on every
     * refresh: keep only the newest. Absent in cookie mode (`session.cookie`): the answer sets it
     * as an httpOnly cookie instead, which no script can read.
     */
    refreshToken?: string;
    /** The customer as the public Content API shows it: no private fields. */
    customer: Record<string, unknown>;
    /** The password was generated (by an admin's "Generate and send"): ask for a new one. */
    mustChangePassword: boolean;
  }
}

/**
 * POST /api/customer-login/auth/refresh `{ refreshToken }`, or in cookie mode (`session.cookie`)
 * with no body: the token comes from the cookie, and a body naming `refreshToken` gets a 400.
 *
 * A new access token and a new refresh token for the session; the one sent stops working. 401 for
 * an unknown, expired or ended session's token, and for a token already replaced, which also ends
 * its session (someone else may hold a copy). 409 (details.code REFRESH_TOKEN_SUPERSEDED) when
 * another refresh with the same token won a moment ago (two tabs): the session stays, and the
 * newest refresh token works.
 */
export declare namespace Refresh {
  export interface Request {
    /** Absent in cookie mode. */
    refreshToken?: string;
  }
  export interface Response {
    jwt: string;
    /** The replacement; absent in cookie mode, where the answer sets the cookie anew. */
    refreshToken?: string;
  }
}

/**
 * POST /api/customer-login/auth/logout with `Authorization: Bearer <jwt>`
 *
 * Ends the calling session, or with `{ scope: 'all' }` every session of the customer. In cookie
 * mode it also clears the refresh cookie.
 */
export declare namespace Logout {
  export interface Request {
    scope?: 'current' | 'all';
  }
  export interface Response {
    ok: true;
  }
}

/** One of the customer's open sessions, as the customer sees it. */
export interface CustomerSessionInfo {
  id: string;
  /** A short label made from the User-Agent of the login ("Firefox on Linux"), when known. */
  device: string | null;
  /** The client address Strapi saw at the login. */
  clientAddress: string | null;
  createdAt: string;
  /** The last login or refresh. */
  lastUsedAt: string;
  /** The session ends then unless it is refreshed before: the earlier of idle and absolute expiry. */
  expiresAt: string;
  /** The session of the calling access token. */
  current: boolean;
}

/**
 * GET /api/customer-login/auth/sessions with `Authorization: Bearer <jwt>`: the customer's open
 * sessions, newest first.
 *
 * DELETE /api/customer-login/auth/sessions/:id ends one of them (404 for any other id).
 */
export declare namespace Sessions {
  export interface Response {
    data: CustomerSessionInfo[];
  }
  export interface DeleteResponse {
    ok: true;
  }
}

/**
 * GET /api/customer-login/auth/email-confirmation?confirmation=TOKEN answers a page whose button
 * posts the token; opening the link confirms nothing by itself.
 *
 * POST /api/customer-login/auth/email-confirmation `{ confirmation }` confirms. A form post gets
 * a page or a redirect to `emailConfirmation.redirectUrl`; JSON gets this response.
 */
export declare namespace EmailConfirmation {
  export interface Request {
    confirmation: string;
  }
  export interface Response {
    ok: true;
    /** The token was used before and the address is confirmed: nothing to do. */
    alreadyConfirmed: boolean;
  }
}

/**
 * GET /api/customer-login/me with `Authorization: Bearer <jwt>`
 */
export declare namespace Me {
  export interface Response {
    /** The signed-in customer as the public Content API shows it. */
    data: Record<string, unknown>;
  }
}

/**
 * POST /api/customer-login/auth/change-password with `Authorization: Bearer <jwt>`
 *
 * Ends every session of the customer, the calling one included, and answers a new one (a new pair).
 */
export declare namespace ChangePassword {
  export interface Request {
    currentPassword: string;
    password: string;
    passwordConfirmation: string;
  }
  export type Response = Login.Response;
}

/**
 * POST /api/customer-login/auth/forgot-password `{ email }`
 *
 * The same answer whether or not a customer has the address; if one does (with login enabled),
 * they are emailed a one-time link to `resetPassword.url` with `code=…` in its query.
 */
export declare namespace ForgotPassword {
  export interface Request {
    email: string;
  }
  export interface Response {
    ok: true;
  }
}

/**
 * POST /api/customer-login/auth/reset-password `{ code, password, passwordConfirmation }`
 *
 * Sets the password, ends every session and answers a new one.
 */
export declare namespace ResetPassword {
  export interface Request {
    code: string;
    password: string;
    passwordConfirmation: string;
  }
  export type Response = Login.Response;
}

/**
 * POST /api/customer-login/auth/send-email-confirmation `{ email }`
 *
 * The same answer whether or not a customer has the address; sends a new link when useful.
 */
export declare namespace SendEmailConfirmation {
  export interface Request {
    email: string;
  }
  export interface Response {
    ok: true;
  }
}
