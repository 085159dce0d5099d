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
