import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import escape from 'lodash/escape';

import type {
  ChangePassword,
  ForgotPassword,
  Login,
  Me,
  ResetPassword,
  SendEmailConfirmation,
} from '../../../shared/contracts/auth';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import {
  validateChangePassword,
  validateEmailRequest,
  validateResetPassword,
} from '../validation/account';
import { validateEmailConfirmationQuery, validateLogin } from '../validation/auth';

const confirmedPage = (title: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(title)}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>${escape(title)}</h1><p>You can now log in.</p></body></html>`;

const createAuthController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async login(ctx: Context) {
    const input = validateLogin(ctx.request.body ?? {});
    const body: Login.Response = await getService(strapi, 'auth').login(input);
    ctx.body = body;
  },

  async me(ctx: Context) {
    const customer = await getService(strapi, 'sessions').authenticate(ctx.get('authorization'));
    const body: Me.Response = { data: await getService(strapi, 'auth').me(customer.documentId) };
    ctx.body = body;
  },

  async changePassword(ctx: Context) {
    const customer = await getService(strapi, 'sessions').authenticate(ctx.get('authorization'));
    const input = validateChangePassword(
      ctx.request.body ?? {},
      getConfig(strapi).password.minLength
    );
    const body: ChangePassword.Response = await getService(strapi, 'auth').changePassword(
      customer,
      input
    );
    ctx.body = body;
  },

  async forgotPassword(ctx: Context) {
    const { email } = validateEmailRequest(ctx.request.body ?? {});
    await getService(strapi, 'auth').forgotPassword(email);
    ctx.body = { ok: true } satisfies ForgotPassword.Response;
  },

  async resetPassword(ctx: Context) {
    const input = validateResetPassword(
      ctx.request.body ?? {},
      getConfig(strapi).password.minLength
    );
    const body: ResetPassword.Response = await getService(strapi, 'auth').resetPassword(input);
    ctx.body = body;
  },

  async sendEmailConfirmation(ctx: Context) {
    const { email } = validateEmailRequest(ctx.request.body ?? {});
    await getService(strapi, 'auth').resendEmailConfirmation(email);
    ctx.body = { ok: true } satisfies SendEmailConfirmation.Response;
  },

  async confirmEmail(ctx: Context) {
    const { confirmation } = validateEmailConfirmationQuery(ctx.query);
    await getService(strapi, 'auth').confirmEmail(confirmation);

    const { redirectUrl } = getConfig(strapi).emailConfirmation;
    if (redirectUrl) {
      ctx.redirect(redirectUrl);
      return;
    }
    ctx.type = 'html';
    ctx.body = confirmedPage('Your email address is confirmed');
  },
});

export default createAuthController;
