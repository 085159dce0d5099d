import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getCustomerModel } from '../utils/config';
import { getService } from '../utils/get-service';
import type { CustomerLogin } from './customers';

const INVALID_CREDENTIALS = 'Invalid email or password';

const CONFIRMATION_ERRORS = {
  unknown: 'This confirmation link is not valid. Ask for a new one.',
  used: 'This confirmation link has already been used.',
  expired: 'This confirmation link has expired. Ask for a new one.',
  changed: 'This confirmation link was sent to an address the account no longer uses.',
} as const;

/** Customer authentication: login with a password, and confirmation of the address. */
const createAuthService = ({ strapi }: { strapi: Core.Strapi }) => {
  const customers = () => getService(strapi, 'customers');

  const sanitize = async (documentId: string) =>
    (await strapi.contentAPI.sanitize.output(
      await customers().findEntry(documentId),
      getCustomerModel(strapi)
    )) as Record<string, unknown>;

  const session = async (documentId: string) => ({
    jwt: await getService(strapi, 'sessions').issue(documentId),
    customer: await sanitize(documentId),
  });

  return {
    /**
     * Logs a customer in. Unknown address, wrong password and disabled login are indistinguishable.
     *
     * @throws ValidationError for bad credentials.
     * @throws PolicyError (403) when the password is right but the address is not confirmed:
     *   Strapi masks the message of any other ForbiddenError thrown behind a route.
     */
    async login(input: { email: string; password: string }) {
      const matches = (await customers().findByEmail(input.email)).filter((c) => c.loginEnabled);
      if (matches.length > 1) {
        strapi.log.warn(
          `${PLUGIN_ID}: ${matches.length} customers with login enabled share one address; none can log in until it is unique.`
        );
      }
      const customer = matches.length === 1 ? matches[0] : undefined;
      const valid = await getService(strapi, 'passwords').verify(
        input.password,
        customer?.password ?? null
      );
      if (!customer || !valid) throw new errors.ValidationError(INVALID_CREDENTIALS);
      if (!customer.emailConfirmed) {
        throw new errors.PolicyError(
          'Your email address is not confirmed yet. Open the confirmation link we emailed you.',
          { code: 'EMAIL_NOT_CONFIRMED' }
        );
      }

      return session(customer.documentId);
    },

    /** The signed-in customer, as the public Content API shows it. */
    async me(documentId: string) {
      return sanitize(documentId);
    },

    /**
     * Changes the signed-in customer's password, ends every other session and starts a new one.
     *
     * @throws ValidationError naming currentPassword when it is wrong.
     */
    async changePassword(
      customer: CustomerLogin,
      input: { currentPassword: string; password: string }
    ) {
      const passwords = getService(strapi, 'passwords');
      if (!(await passwords.verify(input.currentPassword, customer.password))) {
        const message = 'Current password is invalid';
        throw new errors.ValidationError(message, {
          errors: [{ path: ['currentPassword'], message, name: 'ValidationError' }],
        });
      }
      const hash = await passwords.hash(input.password);
      await strapi.db.transaction(async () => {
        await customers().setPasswordHash(customer.documentId, hash);
        await getService(strapi, 'accounts').revokeSessions(customer.documentId);
      });
      await getService(strapi, 'mailer').sendPasswordChangedNotice(customer.email as string);
      return session(customer.documentId);
    },

    /**
     * Confirms the address a confirmation token was sent to.
     *
     * @throws ValidationError saying whether the token is unknown, used or expired.
     */
    async confirmEmail(token: string): Promise<void> {
      const result = await strapi.db.transaction(async () => {
        const consumed = await getService(strapi, 'tokens').consume(token, 'email-confirmation');
        if (consumed.status !== 'ok') return consumed.status;

        const customer = await customers().findByDocumentId(consumed.customer);
        if (!customer || customer.email?.trim().toLowerCase() !== consumed.email) return 'changed';
        await customers().markEmailConfirmed(consumed.customer);
        return 'ok';
      });
      if (result !== 'ok') throw new errors.ValidationError(CONFIRMATION_ERRORS[result]);
    },
  };
};

export type AuthService = ReturnType<typeof createAuthService>;
export default createAuthService;
