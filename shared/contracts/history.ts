/** What can happen to a customer's login; each is one event of the login history. */
export type HistoryEventType =
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
  | 'email-changed'
  | 'signed-in'
  | 'signed-out'
  | 'signed-out-everywhere'
  | 'session-ended'
  | 'refresh-token-reused';

export type HistoryActor =
  { kind: 'admin'; id: number; name: string } | { kind: 'customer' } | { kind: 'system' };

export interface HistoryEvent {
  id: number;
  type: HistoryEventType;
  outcome: 'success' | 'failure';
  actor: HistoryActor;
  /** Why it failed (the email provider's answer), when it did. */
  reason: string | null;
  /** ISO 8601. */
  createdAt: string;
}

/**
 * GET /customer-login/customers/:documentId/history?page=1&pageSize=5 (admin API)
 *
 * The customer's login history, newest first. Admins who may read the customer may read it.
 */
export declare namespace ListHistory {
  export interface Params {
    documentId: string;
  }
  export interface Query {
    page?: number;
    pageSize?: number;
  }
  export interface Response {
    data: HistoryEvent[];
    meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
  }
}
