/**
 * GET /customer-login/customers/:documentId/sessions (admin API)
 *
 * What the Login panel shows of a customer's sessions. Admins who may read the customer may read
 * it.
 */
export declare namespace CustomerSessionFacts {
  export interface Params {
    documentId: string;
  }
  export interface Response {
    data: {
      /**
       * ISO 8601 time of the customer's latest sign-in in the login history (kept
       * `history.retentionDays`), or null when it holds none.
       */
      lastSignInAt: string | null;
      /** Sessions neither ended nor expired. */
      openSessions: number;
    };
  }
}

/**
 * POST /customer-login/customers/:documentId/sign-out (admin API)
 *
 * Ends every open session of the customer: their access and refresh tokens get 401 from then on,
 * in every process. Needs the permission "Sign out customers everywhere" and the Content
 * Manager's update permission on the customer.
 */
export declare namespace SignOutCustomer {
  export interface Params {
    documentId: string;
  }
  export type Request = Record<string, never>;
  export interface Response {
    data: {
      /** How many sessions were open and are now ended. */
      ended: number;
    };
  }
}
