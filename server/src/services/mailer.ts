import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';
import escapeRegExp from 'lodash/escapeRegExp.js';

import type { EmailTemplate } from '../../../shared/contracts/email-templates';
import type { EmailKey } from '../../../shared/email-templates';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import type { EmailFacts } from '../email-templates/catalogue';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import { maskEmail } from '../utils/mask-email';
import { errorMessage } from '../utils/errors';

export interface Recipient {
  to: string;
  /** The customer the email is about: their fields fill `customer.*` and pick the language. */
  documentId?: string;
}

/** The provider's reason, with the recipient's address masked wherever the server echoed it. */
const maskedReason = (reason: string, to: string) => {
  const address = to.trim();
  if (address === '') return reason;
  return reason.replace(new RegExp(escapeRegExp(address), 'gi'), maskEmail(address));
};

/** The provider's reason when an email could not be sent (an ApplicationError this service throws), else undefined. */
export const emailFailureReason = (error: unknown): string | undefined => {
  if (!(error instanceof errors.ApplicationError)) return undefined;
  const details = error.details as { code?: string; reason?: string } | undefined;
  return details?.code === 'EMAIL_NOT_SENT' ? (details.reason ?? error.message) : undefined;
};

/**
 * Writes the plugin's emails from their templates (Settings → Customer Login) in the customer's
 * language and sends them through Strapi's email plugin. A delivery failure becomes an
 * ApplicationError that callers let through, so the admin sees why and the surrounding transaction
 * rolls back.
 *
 * Nothing here logs a subject or a body: they carry passwords, codes and links, and a template
 * is the admin's text. A failure is logged by the email's key, the masked recipient and the
 * provider's reason.
 */

const createMailerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const deliver = async (
    label: string,
    to: string,
    message: EmailTemplate,
    failure: (reason: string) => string
  ) => {
    const { from } = getConfig(strapi).email;
    try {
      await strapi
        .plugin('email')
        .service('email')
        .send({ to, ...(from ? { from } : {}), ...message });
    } catch (error) {
      const reason = errorMessage(error);
      strapi.log.error(
        `${PLUGIN_ID}: the ${label} email to ${maskEmail(to)} could not be sent: ${maskedReason(reason, to)}`
      );
      throw new errors.ApplicationError(failure(reason), { code: 'EMAIL_NOT_SENT', reason });
    }
  };

  /**
   * A notice about a change that has already happened: a failure is logged (a delivery failure
   * already was, by `deliver`) and not thrown.
   */
  const bestEffort = async (email: EmailKey, to: string, sending: Promise<void>) => {
    await sending.catch((error: unknown) => {
      if (emailFailureReason(error) !== undefined) return;
      strapi.log.error(
        `${PLUGIN_ID}: the ${email} notice to ${maskEmail(to)} failed: ${errorMessage(error)}`
      );
    });
  };

  /** Writes an email for its recipient from the email's facts, and sends it. */
  const send = async <K extends EmailKey>(email: K, recipient: Recipient, facts: EmailFacts[K]) => {
    const templates = getService(strapi, 'email-templates');
    const customer = recipient.documentId
      ? await getService(strapi, 'customers').findEntry(recipient.documentId)
      : null;
    const message = await templates.message(email, {
      ...templates.context(recipient.to, customer),
      ...facts,
    });
    await deliver(
      email,
      recipient.to,
      message,
      (reason) =>
        `The email to ${recipient.to} could not be sent, so nothing was changed (${reason}).`
    );
  };

  return {
    /**
     * The login details: address, password, the login page if configured, and while the address
     * is unconfirmed a confirmation link carrying `confirmationToken`.
     */
    async sendCredentials(input: Recipient & EmailFacts['credentials']) {
      const { password, confirmationToken } = input;
      await send('credentials', input, { password, confirmationToken });
    },

    /** A one-time password reset link (or, without `resetPassword.url`, the code itself). */
    async sendPasswordReset(input: Recipient & EmailFacts['passwordReset']) {
      await send('passwordReset', input, { code: input.code });
    },

    /**
     * Tells the customer their password was changed. The change has already happened, so a
     * failure is logged and not thrown.
     */
    async sendPasswordChangedNotice(to: string, documentId?: string) {
      await bestEffort('passwordChanged', to, send('passwordChanged', { to, documentId }, {}));
    },

    /**
     * Tells the customer's previous address that the account's address was changed, naming the
     * new one masked (`j***@example.com`): the old mailbox may no longer be the customer's. The
     * change has already happened, and the old mailbox may no longer exist (often why the
     * address changed), so a failure is logged and not thrown.
     *
     * @param input.to the previous address, where the notice goes.
     * @param input.newEmail the new address, unmasked: the email masks it.
     */
    async sendEmailChangedNotice(input: Recipient & EmailFacts['emailChanged']) {
      await bestEffort(
        'emailChanged',
        input.to,
        send('emailChanged', input, { newEmail: input.newEmail })
      );
    },

    /** A confirmation link carrying `confirmationToken`. */
    async sendEmailConfirmation(input: Recipient & EmailFacts['emailConfirmation']) {
      await send('emailConfirmation', input, { confirmationToken: input.confirmationToken });
    },

    /**
     * Sends an already rendered email to an admin (Settings → Customer Login → "Send me a test
     * email").
     *
     * @throws ApplicationError (details.code EMAIL_NOT_SENT) when it cannot be sent.
     */
    async sendTestEmail(to: string, message: EmailTemplate, email: EmailKey) {
      await deliver(
        `test ${email}`,
        to,
        message,
        (reason) => `The test email to ${to} could not be sent (${reason}).`
      );
    },
  };
};

export type MailerService = ReturnType<typeof createMailerService>;
export default createMailerService;
