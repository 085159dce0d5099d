import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import escape from 'lodash/escape.js';
import ms from 'ms';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig } from '../utils/config';

interface Message {
  to: string;
  subject: string;
  /** Paragraphs; each line of a paragraph is kept. Values are escaped for the HTML part. */
  paragraphs: string[][];
}

const toHtml = (paragraphs: string[][]) =>
  paragraphs
    .map((lines) => `<p>${lines.map((line) => linkify(escape(line))).join('<br>')}</p>`)
    .join('\n');

const linkify = (escapedLine: string) =>
  escapedLine.replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);

const toText = (paragraphs: string[][]) =>
  paragraphs.map((lines) => lines.join('\n')).join('\n\n') + '\n';

/**
 * Writes and sends the plugin's emails through Strapi's email plugin. A delivery failure becomes an
 * ApplicationError that callers let through, so the admin sees why and the surrounding transaction
 * rolls back.
 */
const createMailerService = ({ strapi }: { strapi: Core.Strapi }) => {
  const send = async ({ to, subject, paragraphs }: Message) => {
    const { from } = getConfig(strapi).email;
    try {
      await strapi
        .plugin('email')
        .service('email')
        .send({
          to,
          ...(from ? { from } : {}),
          subject,
          text: toText(paragraphs),
          html: toHtml(paragraphs),
        });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      strapi.log.error(
        `${PLUGIN_ID}: the email "${subject}" to ${to} could not be sent: ${reason}`
      );
      throw new errors.ApplicationError(
        `The email to ${to} could not be sent, so nothing was changed (${reason}).`,
        { code: 'EMAIL_NOT_SENT', reason }
      );
    }
  };

  const confirmationParagraph = (confirmationUrl: string) => {
    const ttl = ms(getConfig(strapi).emailConfirmation.tokenTtl as ms.StringValue);
    return [
      'Before you can log in, please confirm your email address by opening this link:',
      confirmationUrl,
      `The link works once and expires in ${ms(ttl, { long: true })}.`,
    ];
  };

  return {
    /** The login details: address, password, the login page if configured, and any confirmation link. */
    async sendCredentials(input: { to: string; password: string; confirmationUrl?: string }) {
      const { loginUrl } = getConfig(strapi);
      await send({
        to: input.to,
        subject: 'Your login details',
        paragraphs: [
          ['Hello,', 'here are your login details:'],
          [`Email: ${input.to}`, `Password: ${input.password}`],
          ...(loginUrl ? [['Log in at:', loginUrl]] : []),
          ...(input.confirmationUrl ? [confirmationParagraph(input.confirmationUrl)] : []),
          ['Please keep this password to yourself. You can change it after you log in.'],
        ],
      });
    },

    /** A one-time password reset link (or, without `resetPassword.url`, the code itself). */
    async sendPasswordReset(input: { to: string; code: string }) {
      const { url, tokenTtl } = getConfig(strapi).resetPassword;
      const expiry = `It works once and expires in ${ms(ms(tokenTtl as ms.StringValue), { long: true })}.`;
      await send({
        to: input.to,
        subject: 'Reset your password',
        paragraphs: [
          ['Hello,', 'someone asked to reset the password of your account.'],
          url
            ? ['To choose a new password, open this link:', `${url}?code=${input.code}`, expiry]
            : ['To choose a new password, use this code:', input.code, expiry],
          ['If you did not ask for this, ignore this email: your password stays as it is.'],
        ],
      });
    },

    /**
     * Tells the customer their password was changed. The change has already happened, so a delivery
     * failure is logged (by `send`) and not thrown.
     */
    async sendPasswordChangedNotice(to: string) {
      await send({
        to,
        subject: 'Your password was changed',
        paragraphs: [
          ['Hello,', 'the password of your account was just changed.'],
          ['If you did not do this, reset your password at once or contact us.'],
        ],
      }).catch(() => undefined);
    },

    async sendEmailConfirmation(input: { to: string; confirmationUrl: string }) {
      await send({
        to: input.to,
        subject: 'Please confirm your email address',
        paragraphs: [
          ['Hello,', 'a login has been set up for you.'],
          confirmationParagraph(input.confirmationUrl),
        ],
      });
    },
  };
};

export type MailerService = ReturnType<typeof createMailerService>;
export default createMailerService;
