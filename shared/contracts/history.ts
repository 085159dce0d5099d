/** What can happen to a customer's login; each is one row of the credential history. */
export type CredentialEventType =
  | 'password-set'
  | 'credentials-sent'
  | 'sending-failed'
  | 'confirmation-sent'
  | 'email-confirmed'
  | 'password-changed'
  | 'password-reset'
  | 'reset-link-sent'
  | 'lockout-started'
  | 'login-enabled'
  | 'login-disabled'
  | 'email-changed';

export type CredentialEventActor =
  { kind: 'admin'; id: number; name: string } | { kind: 'customer' } | { kind: 'system' };

export interface CredentialEvent {
  id: number;
  type: CredentialEventType;
  outcome: 'success' | 'failure';
  actor: CredentialEventActor;
  /** Why it failed (the email provider's answer), when it did. */
  reason: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * GET /customer-login/customers/:documentId/events?page=1&pageSize=5 (admin API)
 *
 * The customer's credential history, newest first. Admins who may read the customer may read it.
 */
export declare namespace ListEvents {
  export interface Params {
    documentId: string;
  }
  export interface Query {
    page?: number;
    pageSize?: number;
  }
  export interface Response {
    data: CredentialEvent[];
    meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
  }
}
