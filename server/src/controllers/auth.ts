import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import type {
  ChangePassword,
  EmailConfirmation,
  ForgotPassword,
  Login,
  Logout,
  Me,
  Refresh,
  ResetPassword,
  SendEmailConfirmation,
  Sessions,
} from '../../../shared/contracts/auth';
import type { SessionClient } from '../services/sessions';
import { conflictBody } from '../utils/errors';
import { getConfig } from '../utils/config';
import { getService } from '../utils/get-service';
import { refreshTokenTransport } from '../utils/refresh-cookie';
import {
  validateChangePassword,
  validateEmailConfirmation,
  validateEmailRequest,
  validateLogin,
  validateLogout,
  validateResetPassword,
  validateSessionId,
} from '../validation/auth';
import { confirmEmailPage, emailConfirmedPage } from '../utils/pages';

// Attempts are counted per client: Koa's `request.ip`, which is the socket's address, or with
// `server.proxy.koa` the address the trusted proxies put in X-Forwarded-For.
const requestClient = (ctx: Context): SessionClient => ({
  address: ctx.request.ip,
  userAgent: ctx.get('user-agent') || undefined,
});

const createAuthController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async login(ctx: Context) {
    const transport = refreshTokenTransport(strapi, ctx);
    const input = validateLogin(ctx.request.body ?? {});
    const body: Login.Response = transport.answer(
      await getService(strapi, 'auth').login(input, requestClient(ctx))
    );
    ctx.body = body;
  },

  /**
   * A new pair for a refresh token. The loser of a race between two refreshes with one token gets
   * a 409 (its session stays): Strapi answers any 401 thrown behind a route as a bare
   * "Unauthorized", which would tell the client to log in again.
   */
  async refresh(ctx: Context) {
    const transport = refreshTokenTransport(strapi, ctx);
    const outcome = await getService(strapi, 'sessions').refresh(transport.presented());
    if (outcome.status === 'superseded') {
      ctx.status = 409;
      ctx.body = conflictBody(
        'A concurrent refresh replaced this refresh token a moment ago. Use the refresh token it answered.',
        { code: 'REFRESH_TOKEN_SUPERSEDED' }
      );
      return;
    }
    const body: Refresh.Response = transport.answer(outcome.tokens);
    ctx.body = body;
  },

  async logout(ctx: Context) {
    const transport = refreshTokenTransport(strapi, ctx);
    const { scope } = validateLogout(ctx.request.body ?? {});
    const { customer, sessionId } = await getService(strapi, 'sessions').authenticate(
      ctx.get('authorization'),
      { passwordChange: true }
    );
    await getService(strapi, 'auth').logout(
      customer.documentId,
      scope === 'all' ? null : sessionId
    );
    transport.clear();
    ctx.body = { ok: true } satisfies Logout.Response;
  },

  async sessions(ctx: Context) {
    const { customer, sessionId } = await getService(strapi, 'sessions').authenticate(
      ctx.get('authorization')
    );
    const body: Sessions.Response = {
      data: await getService(strapi, 'sessions').list(customer.documentId, sessionId),
    };
    ctx.body = body;
  },

  async endSession(ctx: Context) {
    const { id } = validateSessionId(ctx.params);
    const { customer } = await getService(strapi, 'sessions').authenticate(
      ctx.get('authorization')
    );
    await getService(strapi, 'auth').endSession(customer.documentId, id);
    ctx.body = { ok: true } satisfies Sessions.DeleteResponse;
  },

  async me(ctx: Context) {
    const { entry } = await getService(strapi, 'sessions').authenticate(ctx.get('authorization'), {
      passwordChange: true,
    });
    const body: Me.Response = { data: await getService(strapi, 'auth').me(entry) };
    ctx.body = body;
  },

  async changePassword(ctx: Context) {
    const transport = refreshTokenTransport(strapi, ctx);
    const { customer } = await getService(strapi, 'sessions').authenticate(
      ctx.get('authorization'),
      { passwordChange: true }
    );
    const input = validateChangePassword(
      ctx.request.body ?? {},
      getConfig(strapi).password.minLength
    );
    const body: ChangePassword.Response = transport.answer(
      await getService(strapi, 'auth').changePassword(customer, input, requestClient(ctx))
    );
    ctx.body = body;
  },

  async forgotPassword(ctx: Context) {
    const { email } = validateEmailRequest(ctx.request.body ?? {});
    await getService(strapi, 'auth').forgotPassword(email, requestClient(ctx).address);
    ctx.body = { ok: true } satisfies ForgotPassword.Response;
  },

  async resetPassword(ctx: Context) {
    const transport = refreshTokenTransport(strapi, ctx);
    const input = validateResetPassword(
      ctx.request.body ?? {},
      getConfig(strapi).password.minLength
    );
    const body: ResetPassword.Response = transport.answer(
      await getService(strapi, 'auth').resetPassword(input, requestClient(ctx))
    );
    ctx.body = body;
  },

  async sendEmailConfirmation(ctx: Context) {
    const { email } = validateEmailRequest(ctx.request.body ?? {});
    await getService(strapi, 'auth').resendEmailConfirmation(email, requestClient(ctx).address);
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
