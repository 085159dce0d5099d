import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type {
  ChangePassword,
  EmailConfirmation,
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
  validateEmailConfirmation,
  validateEmailRequest,
  validateLogin,
  validateResetPassword,
} from '../validation/auth';
import { confirmEmailPage, emailConfirmedPage } from '../utils/pages';

// Attempts are counted per client: Koa's `request.ip`, which is the socket's address, or with
// `server.proxy.koa` the address the trusted proxies put in X-Forwarded-For.
const requestClient = (ctx: Context) => ctx.request.ip;

const createAuthController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async login(ctx: Context) {
    const input = validateLogin(ctx.request.body ?? {});
    const body: Login.Response = await getService(strapi, 'auth').login(input, requestClient(ctx));
    ctx.body = body;
  },

  async me(ctx: Context) {
    const customer = await getService(strapi, 'sessions').authenticate(ctx.get('authorization'), {
      passwordChange: true,
    });
    const body: Me.Response = { data: await getService(strapi, 'auth').me(customer.documentId) };
    ctx.body = body;
  },

  async changePassword(ctx: Context) {
    const customer = await getService(strapi, 'sessions').authenticate(ctx.get('authorization'), {
      passwordChange: true,
    });
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
    await getService(strapi, 'auth').forgotPassword(email, requestClient(ctx));
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
    await getService(strapi, 'auth').resendEmailConfirmation(email, requestClient(ctx));
    ctx.body = { ok: true } satisfies SendEmailConfirmation.Response;
  },

  /** The page a confirmation link opens: it shows a button and confirms nothing by itself. */
  async confirmEmailPage(ctx: Context) {
    const { confirmation } = validateEmailConfirmation(ctx.query);
    const state = await getService(strapi, 'auth').inspectEmailConfirmation(confirmation);
    ctx.type = 'html';
    ctx.body =
      state === 'already-confirmed'
        ? emailConfirmedPage(true)
        : confirmEmailPage(ctx.path, confirmation);
  },

  /**
   * Confirms with the token that the page's button (a form) or a site's own page (JSON) posts.
   * The form gets a page or the site's redirect; JSON gets `{ ok: true }`.
   */
  async confirmEmail(ctx: Context) {
    const { confirmation } = validateEmailConfirmation(ctx.request.body ?? {});
    const state = await getService(strapi, 'auth').confirmEmail(confirmation);
    if (!ctx.is('urlencoded')) {
      ctx.body = {
        ok: true,
        alreadyConfirmed: state === 'already-confirmed',
      } satisfies EmailConfirmation.Response;
      return;
    }
    const { redirectUrl } = getConfig(strapi).emailConfirmation;
    if (redirectUrl) {
      ctx.redirect(redirectUrl);
      ctx.status = 303;
      return;
    }
    ctx.type = 'html';
    ctx.body = emailConfirmedPage(state === 'already-confirmed');
  },
});

export default createAuthController;
