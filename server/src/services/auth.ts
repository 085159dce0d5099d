import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';
import ms from 'ms';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig, getCustomerModel } from '../utils/config';
import { getService } from '../utils/get-service';
import { normalizeEmail, type CustomerLogin } from './customers';
import type { PasswordState } from './accounts';
import { emailFailureReason } from './mailer';
import type { SessionClient } from './sessions';
import type { AddressAttempt } from './throttle';
import type { ConsumeResult } from './tokens';
import { fieldError, errorMessage } from '../utils/errors';

const INVALID_CREDENTIALS = 'Invalid email or password';
const CUSTOMER = { kind: 'customer' } as const;

const RESET_ERRORS = {
  unknown: 'This password reset code is not valid. Ask for a new one.',
  used: 'This password reset code has already been used.',
  expired: 'This password reset code has expired. Ask for a new one.',
} as const;

const CONFIRMATION_ERRORS = {
  unknown: 'This confirmation link is not valid. Ask for a new one.',
  used: 'This confirmation link has already been used.',
  expired: 'This confirmation link has expired. Ask for a new one.',
  changed: 'This confirmation link was sent to an address the account no longer uses.',
} as const;

/** Customer authentication: login with a password, and confirmation of the address. */
const createAuthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const customers = () => getService(strapi, 'customers');
  const history = () => getService(strapi, 'history');

  /**
   * The customer who logs in with this address, with its password state, found through the
   * index of login addresses in one look. Its own row has the last word: an entry left behind by
   * a write past the document service (until the next boot rebuilds the index) logs no one in.
   */
  const findLoginCustomer = async (email: string) => {
    const indexed = await getService(strapi, 'accounts').findByLoginAddress(email);
    if (!indexed) return undefined;
    const found = await customers().findLoginEntry(indexed.customer);
    if (!found) return undefined;
    const { login, entry } = found;
    if (!login.loginEnabled || normalizeEmail(login.email ?? '') !== normalizeEmail(email)) {
      return undefined;
    }
    return { ...login, state: indexed.state, entry };
  };

  /**
   * Runs work after the response: requests about an address answer the same, equally fast,
   * whether or not a customer has it.
   */
  const inBackground = (label: string, work: () => Promise<void>) => {
    setImmediate(() => {
      work().catch((error: unknown) => {
        // The mailer logged a refused email already, with the address masked; its message
        // here would repeat the address in full.
        if (emailFailureReason(error) !== undefined) return;
        strapi.log.error(`${PLUGIN_ID}: ${label} failed: ${errorMessage(error)}`);
      });
    });
  };

  /**
   * Each address may ask for a limited number of emails per window from each client, and from all
   * clients together, known or not, so the endpoints cannot be used to flood a mailbox.
   *
   * @throws RateLimitError once the client or the address has used them up.
   */
  const limitRequests = async (
    kind: 'forgot-password' | 'email-confirmation',
    attempt: AddressAttempt
  ) => {
    await getService(strapi, 'throttle').take(kind, attempt);
  };

  const recordLockout = (customer: string) =>
    history().record({
      customer,
      type: 'lockout-started',
      outcome: 'failure',
      actor: { kind: 'system' },
    });

  /**
   * With `generatedPassword.ttl`, a generated password the customer has not changed in time stops
   * working.
   *
   * @throws PolicyError (403, details.code PASSWORD_EXPIRED) once it has.
   */
  const assertGeneratedPasswordFresh = (state: PasswordState) => {
    const { ttl } = getConfig(strapi).generatedPassword;
    if (!ttl || !state.mustChangePassword || !state.generatedAt) return;
    if (Date.now() - state.generatedAt.getTime() > ms(ttl)) {
      throw new errors.PolicyError(
        'This temporary password has expired. Ask for a new one with "forgot password".',
        { code: 'PASSWORD_EXPIRED' }
      );
    }
  };

  /** @throws ValidationError unless the token can confirm, or its address is confirmed already. */
  const confirmationState = async (
    result: ConsumeResult
  ): Promise<'usable' | 'already-confirmed'> => {
    if (!('customer' in result))
      throw new errors.ValidationError(CONFIRMATION_ERRORS[result.status]);
    const customer = await customers().findByDocumentId(result.customer);
    if (!customer || normalizeEmail(customer.email ?? '') !== result.email) {
      throw new errors.ValidationError(CONFIRMATION_ERRORS.changed);
    }
    if (result.status === 'ok') return 'usable';
    if (customer.emailConfirmed) return 'already-confirmed';
    throw new errors.ValidationError(CONFIRMATION_ERRORS.used);
  };

  const sanitize = async (documentId: string, entry?: Record<string, unknown>) =>
    (await strapi.contentAPI.sanitize.output(
      entry ?? (await customers().findEntry(documentId)),
      getCustomerModel(strapi)
    )) as Record<string, unknown>;

  /**
   * A new session, recorded as a sign-in; a login passes what it read already (password state,
   * row) to read it once.
   */
  const session = async (
    documentId: string,
    client: SessionClient,
    known?: { state: PasswordState; entry: Record<string, unknown> }
  ) => {
    const state = known?.state ?? (await getService(strapi, 'accounts').passwordState(documentId));
    const tokens = await getService(strapi, 'sessions').start(documentId, client);
    await history().record({ customer: documentId, type: 'signed-in', actor: CUSTOMER });
    return {
      ...tokens,
      customer: await sanitize(documentId, known?.entry),
      mustChangePassword: state.mustChangePassword,
    };
  };

  return {
    /**
     * Logs a customer in. Unknown address, wrong password and disabled login are indistinguishable.
     * Attempts are counted per address and client and per address; a success clears its client's
     * count and takes its own back from the address's.
     *
     * @param client who sends the request: attempts are counted per its address.
     * @throws RateLimitError (429) while the client, or the address from every client, is locked
     *   out.
     * @throws ValidationError for bad credentials.
     * @throws PolicyError (403) when the password is right but the address is not confirmed:
     *   Strapi masks the message of any other ForbiddenError thrown behind a route.
     */
    async login(input: { email: string; password: string }, client: SessionClient) {
      const throttle = getService(strapi, 'throttle');
      const attempt = { email: input.email, client: client.address };
      // Every attempt is counted before the password is checked, so a burst of concurrent guesses
      // gets no more checks than the limits.
      const counted = await throttle.take('login', attempt);
      const customer = await findLoginCustomer(input.email);
      const valid = await getService(strapi, 'passwords').verify(
        input.password,
        customer?.password ?? null
      );
      if (!customer || !valid) {
        if (counted.last && customer) await recordLockout(customer.documentId);
        throw new errors.ValidationError(INVALID_CREDENTIALS);
      }
      await throttle.succeeded('login', attempt, counted);
      assertGeneratedPasswordFresh(customer.state);
      if (!customer.emailConfirmed) {
        throw new errors.PolicyError(
          'Your email address is not confirmed yet. Open the confirmation link we emailed you.',
          { code: 'EMAIL_NOT_CONFIRMED' }
        );
      }

      return session(customer.documentId, client, customer);
    },

    /**
     * Ends the calling session, or with `sessionId` null every session of the customer, and
     * records it.
     */
    async logout(customer: string, sessionId: string | null): Promise<void> {
      const sessions = getService(strapi, 'sessions');
      if (sessionId === null) {
        await sessions.signOutEverywhere(customer, CUSTOMER);
        return;
      }
      await strapi.db.transaction(async () => {
        await sessions.end(customer, sessionId, 'logout');
        await history().record({ customer, type: 'signed-out', actor: CUSTOMER });
      });
    },

    /**
     * Ends one of the customer's open sessions (a lost phone's, from the session list).
     *
     * @throws NotFoundError unless it is an open session of this customer.
     */
    async endSession(customer: string, sessionId: string): Promise<void> {
      await strapi.db.transaction(async () => {
        if (!(await getService(strapi, 'sessions').end(customer, sessionId, 'signed-out'))) {
          throw new errors.NotFoundError('Session not found');
        }
        await history().record({ customer, type: 'session-ended', actor: CUSTOMER });
      });
    },

    /** The signed-in customer, as the public Content API shows it. */
    async me(entry: Record<string, unknown>) {
      return sanitize(entry.documentId as string, entry);
    },

    /**
     * Changes the signed-in customer's password, ends every other session and starts a new one.
     * Wrong current passwords are counted per customer, like failed logins; a right one clears
     * the count.
     *
     * @throws RateLimitError (429) once the customer has used up `lockout.maxAttempts`.
     * @throws ValidationError naming currentPassword when it is wrong.
     */
    async changePassword(
      customer: CustomerLogin,
      input: { currentPassword: string; password: string },
      client: SessionClient
    ) {
      const passwords = getService(strapi, 'passwords');
      const throttle = getService(strapi, 'throttle');
      // Counted before the check, as logins are: whoever holds a session gets no more guesses.
      await throttle.takeForCustomer('change-password', customer.documentId);
      if (!(await passwords.verify(input.currentPassword, customer.password))) {
        throw fieldError('currentPassword', 'Current password is invalid');
      }
      await throttle.clearForCustomer('change-password', customer.documentId);
      const hash = await passwords.hash(input.password);
      await strapi.db.transaction(async () => {
        await getService(strapi, 'credentials').storePassword(customer.documentId, hash, false);
        await history().record({
          customer: customer.documentId,
          type: 'password-changed',
          actor: CUSTOMER,
        });
      });
      await getService(strapi, 'mailer').sendPasswordChangedNotice(
        customer.email as string,
        customer.documentId
      );
      return session(customer.documentId, client);
    },

    /**
     * Emails a one-time reset code to the customer with this address, if there is one.
     *
     * @param client the request's client address (`ctx.request.ip`).
     * @throws RateLimitError (429) once the client, or the address from every client, has asked
     *   too often.
     */
    async forgotPassword(email: string, client: string): Promise<void> {
      await limitRequests('forgot-password', { email, client });
      inBackground('password reset email', async () => {
        const customer = await findLoginCustomer(email);
        if (!customer?.email) return;
        const tokens = getService(strapi, 'tokens');
        const code = await strapi.db.transaction(async () => {
          await tokens.voidOutstanding(customer.documentId, 'password-reset');
          return tokens.issue({
            customer: customer.documentId,
            email: normalizeEmail(customer.email as string),
            purpose: 'password-reset',
            ttlMs: ms(getConfig(strapi).resetPassword.tokenTtl),
          });
        });
        await getService(strapi, 'mailer').sendPasswordReset({
          to: customer.email.trim(),
          code,
          documentId: customer.documentId,
        });
        await history().record({
          customer: customer.documentId,
          type: 'reset-link-sent',
          actor: CUSTOMER,
        });
      });
    },

    /**
     * Sets a new password with a reset code, ends every session and starts a new one. Receiving the
     * code proves the address, so it also counts as confirmed.
     *
     * @throws ValidationError naming `code` when it is unknown, used or expired.
     */
    async resetPassword(input: { code: string; password: string }, client: SessionClient) {
      const hash = await getService(strapi, 'passwords').hash(input.password);
      const outcome = await strapi.db.transaction(async () => {
        const consumed = await getService(strapi, 'tokens').consume(input.code, 'password-reset');
        if (consumed.status !== 'ok') return consumed.status;
        const customer = await customers().findByDocumentId(consumed.customer);
        if (!customer?.loginEnabled || normalizeEmail(customer.email ?? '') !== consumed.email) {
          return 'unknown';
        }
        await getService(strapi, 'credentials').storePassword(customer.documentId, hash, false);
        await customers().setEmailConfirmed(customer.documentId, true);
        await history().record({
          customer: customer.documentId,
          type: 'password-reset',
          actor: CUSTOMER,
        });
        return customer;
      });
      if (typeof outcome === 'string') {
        throw fieldError('code', RESET_ERRORS[outcome]);
      }
      await getService(strapi, 'mailer').sendPasswordChangedNotice(
        outcome.email as string,
        outcome.documentId
      );
      return session(outcome.documentId, client);
    },

    /**
     * Emails a new confirmation link if the customer with this address still needs one.
     *
     * @param client the request's client address (`ctx.request.ip`).
     * @throws RateLimitError (429) once the client, or the address from every client, has asked
     *   too often.
     */
    async resendEmailConfirmation(email: string, client: string): Promise<void> {
      await limitRequests('email-confirmation', { email, client });
      inBackground('confirmation email', async () => {
        const customer = await findLoginCustomer(email);
        if (customer) {
          await getService(strapi, 'credentials').sendEmailConfirmation(customer, CUSTOMER);
        }
      });
    },

    /**
     * What opening a confirmation link shows, without using the token: a mail scanner that opens
     * it confirms nothing.
     *
     * @throws ValidationError saying whether the token is unknown, used or expired.
     */
    async inspectEmailConfirmation(token: string): Promise<'ready' | 'already-confirmed'> {
      const inspected = await getService(strapi, 'tokens').inspect(token, 'email-confirmation');
      const state = await confirmationState(inspected);
      return state === 'usable' ? 'ready' : state;
    },

    /**
     * Confirms the address a confirmation token was sent to. Confirming again with a used token
     * of a confirmed address is not an error.
     *
     * @throws ValidationError saying whether the token is unknown, used or expired.
     */
    async confirmEmail(token: string): Promise<'confirmed' | 'already-confirmed'> {
      return strapi.db.transaction(async () => {
        const consumed = await getService(strapi, 'tokens').consume(token, 'email-confirmation');
        const state = await confirmationState(consumed);
        if (state === 'already-confirmed') return state;
        if ('customer' in consumed) {
          await customers().setEmailConfirmed(consumed.customer, true);
          await history().record({
            customer: consumed.customer,
            type: 'email-confirmed',
            actor: CUSTOMER,
          });
        }
        return 'confirmed';
      });
    },
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
export default createAuthService;
