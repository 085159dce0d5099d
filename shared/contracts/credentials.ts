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

/** Why a customer of a bulk send got no credentials. */
export type BulkSkipReason = 'login-disabled' | 'no-email';

export type BulkOutcome =
  | { documentId: string; status: 'sent'; email: string }
  | { documentId: string; status: 'skipped'; reason: BulkSkipReason }
  | { documentId: string; status: 'failed'; reason: string };

/**
 * POST /customer-login/customers/send-credentials (admin API)
 *
 * Resets and emails the credentials of each customer, independently: a failure leaves that customer
 * unchanged and does not stop the others. At most 500 per request.
 */
export declare namespace SendCredentialsMany {
  export interface Request {
    documentIds: string[];
  }
  export interface Response {
    /** One outcome per requested id, in the order asked. */
    data: BulkOutcome[];
  }
}
