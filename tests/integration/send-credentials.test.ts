import {
  confirmationLinkIn,
  createLoginCustomer,
  type CustomerInput,
  login,
  passwordIn,
  sendCredentials,
  updateCustomer,
} from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

const SEND_CREDENTIALS = 'plugin::customer-login.send-credentials';
const CUSTOMER_FIELDS = [
  'firstName',
  'lastName',
  'email',
  'loginEnabled',
  'password',
  'emailConfirmed',
];
const PASSWORD = 'initial-password-1';

const app = useTestApp();

const customer = (overrides: CustomerInput = {}) => createLoginCustomer(app, PASSWORD, overrides);

describe('POST /customer-login/customers/:documentId/send-credentials', () => {
  test('resets the password, emails it, and answers where it went', async () => {
    const { email, documentId } = await customer();

    const res = await sendCredentials(app, documentId, app.adminToken);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { email, sentAt: expect.any(String) } });
    expect(Number.isNaN(Date.parse(res.body.data.sentAt))).toBe(false);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(confirmationLinkIn(mails[0]!)).toBeUndefined();
    expect((await login(app, email, passwordIn(mails[0]!))).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
  });

  test('an unconfirmed customer also gets the confirmation link', async () => {
    const { email, documentId } = await customer({ emailConfirmed: false });
    const before = app.smtp.mailsTo(email).length;

    const res = await sendCredentials(app, documentId, app.adminToken);

    expect(res.status).toBe(200);
    const mails = app.smtp.mailsTo(email);
    expect(mails).toHaveLength(before + 1);
    expect(confirmationLinkIn(mails.at(-1)!)).toBeDefined();
  });

  test('401 without an admin session', async () => {
    const { documentId } = await customer();

    const res = await sendCredentials(app, documentId);

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 401, name: 'UnauthorizedError' },
    });
  });

  test('403 for an Editor, who may edit customers but not send credentials', async () => {
    const { email, documentId } = await customer();
    const editorToken = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);
    const edit = await updateCustomer(app, documentId, { email, lastName: 'Edited' }, editorToken);
    expect(edit.status).toBe(200);

    const res = await sendCredentials(app, documentId, editorToken);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    expect(app.smtp.mailsTo(email)).toHaveLength(0);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('403 for an admin with the plugin permission who may not update customers', async () => {
    const { email, documentId } = await customer();
    const roleId = await createRole(app, 'Support without customer updates', [
      { action: SEND_CREDENTIALS },
      {
        action: 'plugin::content-manager.explorer.read',
        subject: CUSTOMER_UID,
        properties: { fields: CUSTOMER_FIELDS },
      },
    ]);
    const token = await createAdminWithRoles(app, [roleId]);

    const res = await sendCredentials(app, documentId, token);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      data: null,
      error: {
        status: 403,
        name: 'PolicyError',
        message: 'You may not update this customer',
        details: { code: 'CUSTOMER_UPDATE_PERMISSION' },
      },
    });
    expect(app.smtp.mailsTo(email)).toHaveLength(0);
  });

  test('200 for an admin holding both permissions', async () => {
    const { email, documentId } = await customer();
    const roleId = await createRole(app, 'Support', [
      { action: SEND_CREDENTIALS },
      {
        action: 'plugin::content-manager.explorer.update',
        subject: CUSTOMER_UID,
        properties: { fields: CUSTOMER_FIELDS },
      },
    ]);
    const token = await createAdminWithRoles(app, [roleId]);

    const res = await sendCredentials(app, documentId, token);

    expect(res.status).toBe(200);
    expect(app.smtp.mailsTo(email)).toHaveLength(1);
  });

  test('404 for an unknown document', async () => {
    const res = await sendCredentials(app, 'doesnotexist0000000000000', app.adminToken);

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
  });

  test('400 for a malformed document id', async () => {
    const res = await sendCredentials(app, 'not%20an%20id', app.adminToken);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: ['documentId'] }] },
    });
  });

  test.each([
    ['login is disabled', { loginEnabled: false }, 'loginEnabled'],
    ['the customer has no email', { email: null }, 'email'],
  ])('400 when %s, and nothing is sent', async (_case, overrides, path) => {
    const { documentId } = await customer(overrides);
    const mailsBefore = app.smtp.mails.length;

    const res = await sendCredentials(app, documentId, app.adminToken);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: [path] }] },
    });
    expect(app.smtp.mails.length).toBe(mailsBefore);
  });

  test('SMTP down: an error saying the email could not be sent, and the old password works', async () => {
    const { email, documentId } = await customer();
    await app.smtp.stop();
    try {
      const res = await sendCredentials(app, documentId, app.adminToken);

      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({
        name: 'ApplicationError',
        message: expect.stringMatching(/could not be sent/),
        details: { code: 'EMAIL_NOT_SENT' },
      });
    } finally {
      await app.smtp.start();
    }
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });
});
