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
  }
}

/**
 * GET /api/customer-login/auth/email-confirmation?confirmation=TOKEN
 *
 * Redirects to `emailConfirmation.redirectUrl`, or answers a small HTML page.
 */
export declare namespace EmailConfirmation {
  export interface Query {
    confirmation: string;
  }
}
