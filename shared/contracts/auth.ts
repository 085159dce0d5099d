/**
 * POST /api/customer-login/auth/login (Content API, no users-permissions needed)
 */
export declare namespace Login {
  export interface Request {
    email: string;
    password: string;
  }
  export interface Response {
    /** HS256 session token for the customer. */
    jwt: string;
    /** The customer as the public Content API shows it: no private fields. */
    customer: Record<string, unknown>;
    /** The password was generated (by an admin's "Generate and send"): ask for a new one. */
    mustChangePassword: boolean;
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
 * Ends every session of the customer, the calling one included, and answers a new one.
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
