import type { Core } from '@strapi/strapi';
import { errors, z } from '@strapi/utils';
import ms from 'ms';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import type { CustomerLogin } from './customers';

const isEmail = (value: unknown): value is string =>
  typeof value === 'string' && z.email().safeParse(value.trim()).success;

const fieldError = (path: string, message: string) =>
  new errors.ValidationError(message, {
    errors: [{ path: [path], message, name: 'ValidationError' }],
  });

type Recipient = CustomerLogin & { email: string };

/** What a customer save asks for, decided before the save and applied right after it. */
export interface SavePlan {
  /** bcrypt hash to store on the whole document; null clears the password. */
  hash?: string | null;
  /** Plaintext of a generated password, to email. */
  generatedPassword?: string;
  /** The save turns login on, so an unconfirmed customer gets a confirmation link. */
  loginTurnedOn: boolean;
  /** The save turns login off, which ends the customer's sessions. */
  loginTurnedOff?: boolean;
}

/**
 * Credential operations on customers. Each one writes and emails inside one database transaction,
 * so a failed email leaves nothing changed.
 */
const createCredentialsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const customers = () => getService(strapi, 'customers');

  /** The site's confirmation page when configured, else the plugin's own. */
  const confirmationUrl = (token: string) => {
    const { pageUrl } = getConfig(strapi).emailConfirmation;
    if (pageUrl) return `${pageUrl}?confirmation=${token}`;
    const server = String(strapi.config.get('server.absoluteUrl') ?? '').replace(/\/$/, '');
    const prefix = String(strapi.config.get('api.rest.prefix') ?? '/api');
    return `${server}${prefix}/${PLUGIN_ID}/auth/email-confirmation?confirmation=${token}`;
  };

  const issueConfirmationUrl = async (customer: Recipient) => {
    const token = await getService(strapi, 'tokens').issue({
      customer: customer.documentId,
      email: customer.email.trim().toLowerCase(),
      purpose: 'email-confirmation',
      ttlMs: ms(getConfig(strapi).emailConfirmation.tokenTtl as ms.StringValue),
    });
    return confirmationUrl(token);
  };

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

  /** Stores the hash and emails the password, with a confirmation link if still unconfirmed. */
  const deliverCredentials = async (customer: Recipient, password: string, hash: string) => {
    await customers().setPasswordHash(customer.documentId, hash);
    await getService(strapi, 'mailer').sendCredentials({
      to: customer.email,
      password,
      confirmationUrl: customer.emailConfirmed ? undefined : await issueConfirmationUrl(customer),
    });
  };

  return {
    /**
     * Applies a save's credential plan to the saved document. Must run inside the save's
     * transaction: any throw here rolls the save back.
     *
     * @throws ValidationError when credentials cannot go to this customer or the address is taken.
     * @throws ApplicationError (details.code EMAIL_NOT_SENT) when an email cannot be sent.
     */
    async applySavePlan(documentId: string, plan: SavePlan): Promise<void> {
      const customer = await customers().findByDocumentId(documentId);
      if (!customer) return;

      if (
        customer.loginEnabled &&
        isEmail(customer.email) &&
        (await customers().isEmailTakenByAnotherLogin(customer.email, documentId))
      ) {
        throw fieldError(
          getConfig(strapi).emailField,
          'Another customer with login enabled already uses this email address'
        );
      }

      const accounts = getService(strapi, 'accounts');
      if (plan.hash !== undefined || plan.loginTurnedOff) await accounts.revokeSessions(documentId);
      if (typeof plan.hash === 'string') {
        await accounts.recordPasswordSet(documentId, plan.generatedPassword !== undefined);
      }
      if (plan.generatedPassword && plan.hash) {
        await deliverCredentials(requireRecipient(customer), plan.generatedPassword, plan.hash);
        return;
      }
      if (plan.hash !== undefined) await customers().setPasswordHash(documentId, plan.hash);
      if (
        plan.loginTurnedOn &&
        customer.loginEnabled &&
        !customer.emailConfirmed &&
        isEmail(customer.email)
      ) {
        await this.sendEmailConfirmation(customer);
      }
    },

    /** Emails a fresh confirmation link to a customer whose address is still unconfirmed. */
    async sendEmailConfirmation(customer: CustomerLogin): Promise<void> {
      if (customer.emailConfirmed || !isEmail(customer.email)) return;
      const recipient = { ...customer, email: customer.email.trim() };
      await getService(strapi, 'mailer').sendEmailConfirmation({
        to: recipient.email,
        confirmationUrl: await issueConfirmationUrl(recipient),
      });
    },

    /**
     * Replaces an existing customer's password with a generated one and emails it.
     *
     * @throws NotFoundError when the document does not exist.
     * @throws ValidationError when login is disabled or the address is missing or invalid.
     * @throws ApplicationError (details.code EMAIL_NOT_SENT) when the email cannot be sent; nothing
     *   is changed then.
     */
    async resetAndSend(documentId: string): Promise<{ email: string; sentAt: string }> {
      const passwords = getService(strapi, 'passwords');
      const password = passwords.generate();
      // Hashing happens before the transaction so it holds no lock while bcrypt works.
      const hash = await passwords.hash(password);

      return strapi.db.transaction(async () => {
        const customer = await customers().findByDocumentId(documentId);
        if (!customer) throw new errors.NotFoundError('Customer not found');
        const recipient = requireRecipient(customer);
        const accounts = getService(strapi, 'accounts');
        await accounts.revokeSessions(documentId);
        await accounts.recordPasswordSet(documentId, true);
        await deliverCredentials(recipient, password, hash);
        return { email: recipient.email, sentAt: new Date().toISOString() };
      });
    },
  };
};

export type CredentialsService = ReturnType<typeof createCredentialsService>;
export default createCredentialsService;
