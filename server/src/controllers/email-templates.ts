import type { Core } from '@strapi/strapi';
import { errors } from '../utils/strapi-utils';
import type { Context } from 'koa';

import type {
  GetEmailTemplates,
  PreviewEmailTemplate,
  SendTestEmail,
  UpdateEmailTemplates,
} from '../../../shared/contracts/email-templates';
import { getService } from '../utils/get-service';
import {
  validatePreviewEmailTemplate,
  validateUpdateEmailTemplates,
} from '../validation/email-templates';

const createEmailTemplatesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const data = await getService(strapi, 'email-templates').settings();
    ctx.body = { data } satisfies GetEmailTemplates.Response;
  },

  async update(ctx: Context) {
    const changes = validateUpdateEmailTemplates(ctx.request.body ?? {});
    const data = await getService(strapi, 'email-templates').update(changes);
    ctx.body = { data } satisfies UpdateEmailTemplates.Response;
  },

  async preview(ctx: Context) {
    const input = validatePreviewEmailTemplate(ctx.request.body ?? {});
    const data = getService(strapi, 'email-templates').preview(input);
    ctx.body = { data } satisfies PreviewEmailTemplate.Response;
  },

  /** Emails the rendered template to the signed-in admin's own address, and nowhere else. */
  async sendTestEmail(ctx: Context) {
    const input = validatePreviewEmailTemplate(ctx.request.body ?? {});
    const email = (ctx.state.user as { email?: unknown } | undefined)?.email;
    if (typeof email !== 'string' || email === '') {
      throw new errors.ApplicationError('Your admin account has no email address');
    }
    const message = getService(strapi, 'email-templates').preview(input);
    await getService(strapi, 'mailer').sendTestEmail(email, message, input.email);
    ctx.body = {
      data: { email, sentAt: new Date().toISOString() },
    } satisfies SendTestEmail.Response;
  },
});

export default createEmailTemplatesController;
