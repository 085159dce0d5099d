import type { CredentialIntent } from '../validation/customer-save';
import { normalizeEmail, type CustomerLogin } from './customers';

/*
 * What a customer save asks of the credentials, decided from the save alone: its Document Service
 * action, its data, the credential keys read from it, and the customer as stored before it. No
 * Strapi here, so every decision is tested on its own; the credentials service reads the stored
 * customer, hashes and applies what is decided here, and is the only module that imports this one.
 */

export type SaveAction = 'create' | 'update' | 'clone';

export interface SaveRequest {
  action: SaveAction;
  /** The save's data, without its credential keys. */
  data: Record<string, unknown>;
  intent: CredentialIntent;
  /** The customer type's email attribute (`emailField` in the plugin's config). */
  emailField: string;
}

/** The login state of the customer as stored before an update; null for a new customer. */
export type StoredCustomer = Pick<CustomerLogin, 'email' | 'loginEnabled' | 'emailConfirmed'>;

/** What a save asks for, before any password is hashed or generated. */
export interface SaveDecision {
  /** `clear`: the customer is left without a password. */
  password: CredentialIntent | { kind: 'clear' };
  /** The save turns login on, so an unconfirmed customer gets a confirmation link. */
  loginTurnedOn: boolean;
  /** The save turns login off, which ends the customer's sessions. */
  loginTurnedOff?: boolean;
  /** The admin ticks Email confirmed on a customer whose address was not confirmed. */
  emailConfirmedByAdmin?: boolean;
  /**
   * The save replaces the customer's address; `from` is the one it had. The new one is
   * unconfirmed whatever the save says: it is confirmed by its link, or in a later save.
   */
  addressChanged?: { from: string | null };
}

/** Whether a save replaces an address: case and surrounding spaces do not count. */
export const isAddressChange = (before: string | null, after: unknown) =>
  normalizeEmail(before ?? '') !== (typeof after === 'string' ? normalizeEmail(after) : '');

/**
 * Whether the decision compares the save with the stored customer: only a save that names a
 * login attribute or the address does, so other saves cost no read.
 */
export const comparesWithStored = ({ data, emailField }: SaveRequest) =>
  typeof data.loginEnabled === 'boolean' || data.emailConfirmed === true || emailField in data;

/**
 * What the save asks of the credentials, or null when it leaves the login alone (and needs no
 * transaction of the plugin's).
 *
 * @param before the customer as stored, for an update that `comparesWithStored`; else null.
 */
export const decideSave = (
  request: SaveRequest,
  before: StoredCustomer | null
): SaveDecision | null => {
  const { action, data, intent, emailField } = request;
  // The copied hash would be hashed again on the way in, and a duplicate must not share a login.
  const clearsCopiedPassword = action === 'clone' && intent.kind === 'keep';
  const decision: SaveDecision = {
    password: clearsCopiedPassword ? { kind: 'clear' } : intent,
    loginTurnedOn: false,
  };

  const addressGiven = emailField in data;
  if (comparesWithStored(request)) {
    if (typeof data.loginEnabled === 'boolean') {
      decision.loginTurnedOn = data.loginEnabled && !before?.loginEnabled;
      decision.loginTurnedOff = !data.loginEnabled && before?.loginEnabled === true;
    }
    if (before && addressGiven && isAddressChange(before.email, data[emailField])) {
      decision.addressChanged = { from: before.email };
    }
    decision.emailConfirmedByAdmin =
      !decision.addressChanged && data.emailConfirmed === true && !before?.emailConfirmed;
  }

  const touchesLogin =
    action === 'clone' ||
    intent.kind !== 'keep' ||
    data.loginEnabled === true ||
    decision.loginTurnedOff === true ||
    decision.emailConfirmedByAdmin === true ||
    addressGiven;
  return touchesLogin ? decision : null;
};
