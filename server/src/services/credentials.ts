import type { Core } from '@strapi/strapi';
import { async, errors, validateZodSchema, z } from '../utils/strapi-utils';
import ms from 'ms';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { afterTransaction } from '../utils/after-transaction';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import { validateDocumentParams } from '../validation/document-id';
import { passwordSchema } from '../validation/password';
import type { BulkOutcome } from '../../../shared/contracts/credentials';
import type { HistoryActor } from '../../../shared/contracts/history';
import type { CustomerLogin } from './customers';
import { emailFailureReason } from './mailer';
import { comparesWithStored, decideSave, type SaveDecision, type SaveRequest } from './save-plan';
import { fieldError, errorMessage } from '../utils/errors';

const isEmail = (value: unknown): value is string =>
  typeof value === 'string' && z.email().safeParse(value.trim()).success;

type Recipient = CustomerLogin & { email: string };

const ADDRESS_TAKEN = 'Another customer with login enabled already uses this email address';

/**
 * The address the customer logs in with: none while login is off or the address empty. Any other
 * address logs in, also one the site accepts and zod's email check does not (`custömer@`).
 */
const loginAddressOf = ({ loginEnabled, email }: Pick<CustomerLogin, 'loginEnabled' | 'email'>) =>
  loginEnabled && typeof email === 'string' && email.trim() !== '' ? email.trim() : null;

/**
 * Customers a bulk send works on at once: enough to keep bcrypt's worker threads and the SMTP
 * connection busy, few enough to leave database connections for everyone else.
 */
export const BULK_CONCURRENCY = 4;

/** A generated password and its bcrypt hash. */
interface Generated {
  password: string;
  hash: string;
}

/**
 * A save's decision made concrete before the save (the password hashed, or generated and hashed),
 * to apply right after it, in its transaction: `planSave` makes it, `applySavePlan` applies it.
 * Exported for the service's declared type only.
 */
export interface SavePlan extends Omit<SaveDecision, 'password'> {
  /** bcrypt hash to store on the whole document; null clears the password. */
  hash?: string | null;
  /** Plaintext of a generated password, to email. */
  generatedPassword?: string;
}

/**
 * Credential operations on customers. Each one writes and emails inside one database transaction,
 * so a failed email leaves nothing changed.
 */
const createCredentialsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const customers = () => getService(strapi, 'customers');
  const accounts = () => getService(strapi, 'accounts');
  const sessions = () => getService(strapi, 'sessions');
  const history = () => getService(strapi, 'history');

  /**
   * Generated passwords with their hashes for a bulk send of `count` customers, hashed ahead of
   * the sends that take them: the bcrypt workers hash the next customers' passwords while the
   * database and the SMTP server serve the previous ones. At most BULK_CONCURRENCY wait hashed
   * or hashing, and no more than `count` are hashed in all.
   */
  const generatedAhead = (count: number) => {
    const passwords = getService(strapi, 'passwords');
    const ready: Promise<Generated>[] = [];
    let started = 0;
    const fill = () => {
      while (ready.length < BULK_CONCURRENCY && started < count) {
        started += 1;
        const password = passwords.generate();
        const generated = passwords.hash(password).then((hash) => ({ password, hash }));
        // The send that takes it sees a failure; one left untaken must not crash the process.
        generated.catch(() => undefined);
        ready.push(generated);
      }
    };
    fill();
    return {
      /** The next generated password, once hashed. */
      take(): Promise<Generated> {
        fill();
        const next = ready.shift();
        fill();
        if (!next) throw new Error('bulk send: more passwords taken than customers');
        return next;
      },
      /** A password no customer got, for the next send. */
      giveBack(generated: Generated) {
        ready.unshift(Promise.resolve(generated));
      },
    };
  };

  const issueConfirmationToken = (customer: Recipient) =>
    getService(strapi, 'tokens').issue({
      customer: customer.documentId,
      email: customer.email.trim().toLowerCase(),
      purpose: 'email-confirmation',
      ttlMs: ms(getConfig(strapi).emailConfirmation.tokenTtl),
    });

  /**
   * The customer, once it is known to accept credentials.
   *
   * @throws ValidationError naming loginEnabled or the email field.
   */
  const requireRecipient = (customer: CustomerLogin): Recipient => {
    if (!customer.loginEnabled) {
      throw fieldError('loginEnabled', 'Enable login before sending credentials');
    }
    if (!isEmail(customer.email)) {
      throw fieldError(
        getConfig(strapi).emailField,
        'The customer needs a valid email address to receive credentials'
      );
    }
    return { ...customer, email: customer.email.trim() };
  };

  /** Emails the login details, with a confirmation link if the address is still unconfirmed. */
  const emailCredentials = async (customer: Recipient, password: string) => {
    await getService(strapi, 'mailer').sendCredentials({
      to: customer.email,
      documentId: customer.documentId,
      password,
      confirmationToken: customer.emailConfirmed ? null : await issueConfirmationToken(customer),
    });
  };

  /**
   * The customer's address was replaced: the new one is unconfirmed whatever the save said, every
   * session ends, and links sent to the old one die. With login enabled, the old address is told,
   * once the change is committed (the notice is best-effort: that mailbox may be gone).
   */
  const addressChanged = async (customer: CustomerLogin, from: string | null) => {
    const { documentId } = customer;
    await customers().setEmailConfirmed(documentId, false);
    await sessions().endAll(documentId, 'email-changed');
    await getService(strapi, 'tokens').voidOutstanding(documentId);
    await history().record({ customer: documentId, type: 'email-changed' });
    if (customer.loginEnabled && isEmail(from)) {
      await afterTransaction(strapi, 'the email-changed notice', () =>
        getService(strapi, 'mailer').sendEmailChangedNotice({
          to: from.trim(),
          documentId,
          newEmail: customer.email?.trim() ?? '',
        })
      );
    }
  };

  /** @throws NotFoundError when the document does not exist. */
  const requireCustomer = async (documentId: string) => {
    const customer = await customers().findByDocumentId(documentId);
    if (!customer) throw new errors.NotFoundError('Customer not found');
    return customer;
  };

  return {
    /**
     * Decides what a customer save asks of the credentials (see `decideSave`), before the save:
     * reads the stored customer when the decision compares with it, takes out of `data` the
     * confirmation of a new address (a new address is confirmed by its link only), and hashes the
     * password to store, or generates one. Null when the save leaves the login alone. Hashing
     * happens here, outside the save's transaction, so no lock is held while bcrypt works.
     */
    async planSave(request: SaveRequest & { documentId?: string }): Promise<SavePlan | null> {
      const { documentId, ...save } = request;
      const before =
        save.action === 'update' && documentId && comparesWithStored(save)
          ? await customers().findByDocumentId(documentId)
          : null;
      const decision = decideSave(save, before);
      if (!decision) return null;
      if (decision.addressChanged) delete save.data.emailConfirmed;

      const { password, ...plan } = decision;
      const passwords = getService(strapi, 'passwords');
      if (password.kind === 'generate') {
        const generatedPassword = passwords.generate();
        return { ...plan, generatedPassword, hash: await passwords.hash(generatedPassword) };
      }
      if (password.kind === 'set') {
        return { ...plan, hash: await passwords.hash(password.password) };
      }
      if (password.kind === 'clear') return { ...plan, hash: null };
      return plan;
    },

    /**
     * Applies a save's credential plan to the saved document. Must run inside the save's
     * transaction: any throw here rolls the save back.
     *
     * @throws ValidationError when credentials cannot go to this customer or the address is taken.
     * @throws ApplicationError (details.code EMAIL_NOT_SENT) when an email cannot be sent.
     */
    async applySavePlan(documentId: string, plan: SavePlan): Promise<void> {
      const saved = await customers().findByDocumentId(documentId);
      if (!saved) return;
      const customer = plan.addressChanged ? { ...saved, emailConfirmed: false } : saved;

      // First: on PostgreSQL a refused entry leaves the transaction able only to roll back.
      if (!(await accounts().setLoginAddress(documentId, loginAddressOf(customer)))) {
        throw fieldError(getConfig(strapi).emailField, ADDRESS_TAKEN);
      }

      if (plan.addressChanged) await addressChanged(customer, plan.addressChanged.from);
      if (plan.loginTurnedOn)
        await history().record({ customer: documentId, type: 'login-enabled' });
      if (plan.loginTurnedOff) {
        await history().record({ customer: documentId, type: 'login-disabled' });
      }
      if (plan.emailConfirmedByAdmin && customer.emailConfirmed) {
        await history().record({ customer: documentId, type: 'email-confirmed' });
      }
      if (plan.hash !== undefined) {
        await this.storePassword(documentId, plan.hash, plan.generatedPassword !== undefined);
      } else if (plan.loginTurnedOff) {
        await sessions().endAll(documentId, 'login-disabled');
      }
      if (plan.generatedPassword) {
        // Unconfirmed, the customer also gets the confirmation link in this one email.
        await emailCredentials(requireRecipient(customer), plan.generatedPassword);
        await history().record({ customer: documentId, type: 'credentials-sent' });
        return;
      }
      if (plan.hash) await history().record({ customer: documentId, type: 'password-set' });
      if (
        (plan.loginTurnedOn || plan.addressChanged) &&
        customer.loginEnabled &&
        !customer.emailConfirmed &&
        isEmail(customer.email)
      ) {
        await this.sendEmailConfirmation(customer);
      }
    },

    /**
     * Records that an email of a change to this existing customer failed, and why, once no
     * transaction can take the record back: inside a caller's transaction (the Content Manager
     * saves and publishes in one) it is written when that transaction ends.
     */
    async recordSendingFailure(documentId: string, error: unknown): Promise<void> {
      const reason = emailFailureReason(error);
      if (reason === undefined) return;
      await afterTransaction(
        strapi,
        `recording a failed email for customer ${documentId}`,
        () =>
          history().record({
            customer: documentId,
            type: 'sending-failed',
            outcome: 'failure',
            reason,
          }),
        { alsoOnRollback: true }
      );
    },

    /**
     * Every way a password changes goes through here: the hash (null: no password) on every row of
     * the document, every earlier session ended, outstanding reset codes void, and whether the
     * customer must change it.
     */
    async storePassword(documentId: string, hash: string | null, generated: boolean) {
      // Joins the caller's transaction when there is one.
      await strapi.db.transaction(async () => {
        await customers().setPasswordHash(documentId, hash);
        await accounts().passwordReplaced(documentId, generated && hash !== null);
        await sessions().endAll(documentId, 'password-changed');
        // A reset code asked for before must not undo the change.
        await getService(strapi, 'tokens').voidOutstanding(documentId, 'password-reset');
      });
    },

    /** Emails a fresh confirmation link to a customer whose address is still unconfirmed. */
    async sendEmailConfirmation(customer: CustomerLogin, actor?: HistoryActor): Promise<void> {
      if (customer.emailConfirmed || !isEmail(customer.email)) return;
      const recipient = { ...customer, email: customer.email.trim() };
      await getService(strapi, 'mailer').sendEmailConfirmation({
        to: recipient.email,
        documentId: customer.documentId,
        confirmationToken: await issueConfirmationToken(recipient),
      });
      await history().record({ customer: customer.documentId, type: 'confirmation-sent', actor });
    },

    /**
     * Generate and send credentials: replaces an existing customer's password with a generated one
     * and emails it.
     *
     * @throws ValidationError naming documentId when it is not a document id.
     * @throws NotFoundError when the document does not exist.
     * @throws ValidationError when login is disabled or the address is missing or invalid.
     * @throws ApplicationError (details.code EMAIL_NOT_SENT) when the email cannot be sent; nothing
     *   is changed then.
     */
    async sendCredentials(documentId: string): Promise<{ email: string; sentAt: string }> {
      validateDocumentParams({ documentId });
      const passwords = getService(strapi, 'passwords');
      const password = passwords.generate();
      // Hashing happens before the transaction so it holds no lock while bcrypt works.
      const hash = await passwords.hash(password);

      try {
        return await strapi.db.transaction(async () => {
          const recipient = requireRecipient(await requireCustomer(documentId));
          await this.storePassword(documentId, hash, true);
          await emailCredentials(recipient, password);
          await history().record({ customer: documentId, type: 'credentials-sent' });
          return { email: recipient.email, sentAt: new Date().toISOString() };
        });
      } catch (error) {
        // After the rollback, so the failure stays on record while nothing else changed.
        await this.recordSendingFailure(documentId, error);
        throw error;
      }
    },

    /**
     * Generate and send credentials for each customer on its own, a few at a time, each in its
     * own transaction as `sendCredentials` does: one failure leaves that customer unchanged and
     * does not stop the others. Customers without login or address are skipped rather than
     * failed. Passwords are hashed ahead, while earlier customers are written and emailed.
     *
     * @param authorize throws for a customer the admin may not update (or that does not exist).
     */
    async sendCredentialsMany(
      documentIds: string[],
      authorize: (documentId: string) => Promise<unknown>
    ): Promise<BulkOutcome[]> {
      const ahead = generatedAhead(documentIds.length);
      const sendOne = async (documentId: string): Promise<BulkOutcome> => {
        try {
          await authorize(documentId);
          const generated = await ahead.take();
          const outcome = await strapi.db.transaction(async (): Promise<BulkOutcome> => {
            // The customer's one read: the send decides on the row it then writes.
            const customer = await customers().findByDocumentId(documentId);
            if (!customer?.loginEnabled) {
              return { documentId, status: 'skipped', reason: 'login-disabled' };
            }
            if (!isEmail(customer.email)) {
              return { documentId, status: 'skipped', reason: 'no-email' };
            }
            const recipient = requireRecipient(customer);
            await this.storePassword(documentId, generated.hash, true);
            await emailCredentials(recipient, generated.password);
            await history().record({ customer: documentId, type: 'credentials-sent' });
            return { documentId, status: 'sent', email: recipient.email };
          });
          // Never emailed, so the next customer may have it.
          if (outcome.status === 'skipped') ahead.giveBack(generated);
          return outcome;
        } catch (error) {
          // After the rollback, so the failure stays on record while nothing else changed.
          await this.recordSendingFailure(documentId, error);
          const provider = emailFailureReason(error);
          if (provider !== undefined) {
            return {
              documentId,
              status: 'failed',
              reason: `The email could not be sent (${provider})`,
            };
          }
          if (error instanceof errors.ApplicationError) {
            return { documentId, status: 'failed', reason: error.message };
          }
          strapi.log.error(
            `${PLUGIN_ID}: sending credentials to customer ${documentId} failed: ${errorMessage(error)}`
          );
          return { documentId, status: 'failed', reason: 'Unexpected error, see the server log' };
        }
      };
      return async.map(documentIds, sendOne, { concurrency: BULK_CONCURRENCY }) as Promise<
        BulkOutcome[]
      >;
    },
    /**
     * Sets a customer's password, as an admin does in the Login section: the policy applies, every
     * session ends, and the history records who (the admin of the request, else "automatically").
     *
     * @throws ValidationError naming documentId or password.
     * @throws NotFoundError when the document does not exist.
     */
    async setPassword(documentId: string, password: string): Promise<void> {
      validateDocumentParams({ documentId });
      const input = validateZodSchema(
        z.strictObject({ password: passwordSchema(getConfig(strapi).password.minLength) })
      )({ password });
      // Hashing happens before the transaction so it holds no lock while bcrypt works.
      const hash = await getService(strapi, 'passwords').hash(input.password);
      await strapi.db.transaction(async () => {
        await requireCustomer(documentId);
        await this.storePassword(documentId, hash, false);
        await history().record({ customer: documentId, type: 'password-set' });
      });
    },

    /**
     * Turns Enable Login on or off, as a save does: on, an unconfirmed address gets its
     * confirmation link (and nothing changes if it cannot be sent); off, every session ends.
     *
     * @throws ValidationError naming documentId, or the email field when another customer with
     *   login enabled uses the address.
     * @throws NotFoundError when the document does not exist.
     * @throws ApplicationError (details.code EMAIL_NOT_SENT) when the confirmation email cannot
     *   be sent; nothing is changed then.
     */
    async setLoginEnabled(documentId: string, enabled: boolean): Promise<void> {
      validateDocumentParams({ documentId });
      if (typeof enabled !== 'boolean') throw fieldError('loginEnabled', 'Must be true or false');
      try {
        await strapi.db.transaction(async () => {
          const customer = await requireCustomer(documentId);
          if (customer.loginEnabled === enabled) return;
          await customers().setLoginEnabled(documentId, enabled);
          await this.applySavePlan(documentId, {
            loginTurnedOn: enabled,
            loginTurnedOff: !enabled,
          });
        });
      } catch (error) {
        await this.recordSendingFailure(documentId, error);
        throw error;
      }
    },

    /**
     * Marks the customer's address confirmed, as ticking Email confirmed does.
     *
     * @throws ValidationError naming documentId.
     * @throws NotFoundError when the document does not exist.
     */
    async confirmEmail(documentId: string): Promise<void> {
      validateDocumentParams({ documentId });
      await strapi.db.transaction(async () => {
        const customer = await requireCustomer(documentId);
        if (customer.emailConfirmed) return;
        await customers().setEmailConfirmed(documentId, true);
        await history().record({ customer: documentId, type: 'email-confirmed' });
      });
    },

    /**
     * Removes what the plugin keeps of a deleted customer (its account, its sessions, its links
     * and its attempt counts), in the caller's transaction. Its history stays until
     * retention removes it.
     */
    async forgetCustomer(customer: Pick<CustomerLogin, 'documentId' | 'email'>): Promise<void> {
      await accounts().forget(customer.documentId);
      await sessions().forget(customer.documentId);
      await getService(strapi, 'tokens').forgetCustomer(customer.documentId);
      await getService(strapi, 'throttle').forgetCustomer(customer);
    },

    /**
     * Points the customer's entry in the index of login addresses at the address its rows hold
     * now, after a write that replaced it without a save (discarding a draft puts the published
     * address back), in the caller's transaction. An address another customer logs in with leaves
     * this one without a login address, with a warning.
     */
    async followLoginAddress(documentId: string): Promise<void> {
      const customer = await customers().findByDocumentId(documentId);
      if (!customer) return;
      const address = loginAddressOf(customer);
      const owner = address && (await accounts().findByLoginAddress(address));
      if (owner && owner.customer !== documentId) {
        strapi.log.warn(
          `${PLUGIN_ID}: customer ${documentId} now has the address another customer logs in with; it cannot log in until that changes.`
        );
        await accounts().setLoginAddress(documentId, null);
        return;
      }
      // Taken between the look and the write: refused as a save would be, and rolled back.
      if (!(await accounts().setLoginAddress(documentId, address))) {
        throw fieldError(getConfig(strapi).emailField, ADDRESS_TAKEN);
      }
    },

    /**
     * Brings the index of login addresses in step with the customers, at boot (see
     * `accounts.rebuildLoginAddresses`).
     */
    async indexLoginAddresses(): Promise<void> {
      const { changed, shared } = await accounts().rebuildLoginAddresses(async () =>
        (await customers().loginAddresses()).map((entry) => ({
          ...entry,
          email: loginAddressOf({ loginEnabled: true, email: entry.email }),
        }))
      );
      if (changed > 0) {
        strapi.log.info(
          `${PLUGIN_ID}: updated ${changed} entries of the index of login addresses.`
        );
      }
      if (shared > 0) {
        strapi.log.warn(
          `${PLUGIN_ID}: ${shared} addresses are each used by several customers with login enabled; none of those customers can log in until their address is unique.`
        );
      }
    },
  };
};

export type CredentialsService = ReturnType<typeof createCredentialsService>;
export default createCredentialsService;
