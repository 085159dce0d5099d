/**
 * POST /customer-login/customers/:documentId/send-credentials (admin API)
 *
 * Replaces the customer's password with a generated one and emails it to them.
 */
export declare namespace SendCredentials {
  export interface Params {
    documentId: string;
  }
  export type Request = Record<string, never>;
  export interface Response {
    data: {
      /** The address the credentials went to. */
      email: string;
      /** ISO 8601 time of sending. */
      sentAt: string;
    };
  }
}
