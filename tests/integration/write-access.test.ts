import { createHash } from 'node:crypto';

import {
  confirmationLinkIn,
  confirmThroughLink,
  countCustomers,
  createApiToken,
  createCustomer,
  createLoginCustomer,
  login,
  passwordIn,
  requestPasswordReset,
  resetPassword,
  sendCredentials,
  uniqueEmail,
  updateCustomer,
} from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

/*
 * Every way to write a customer's login, tried by someone with less permission than the site
 * intended: Content Manager saves by admins without the plugin's permission or the password field,
 * the public Content API with any token, and a site controller forwarding its input. And the one
 * way the site's own code is meant to use instead: the credentials service.
 */

const SEND_CREDENTIALS = 'plugin::customer-login.send-credentials';
const CM_PATH = `/content-manager/collection-types/${CUSTOMER_UID}`;
const PASSWORD = 'the-real-password-1';
const EVENT_UID = 'plugin::customer-login.event';
const ACCOUNT_UID = 'plugin::customer-login.account';
const TOKEN_UID = 'plugin::customer-login.token';
const THROTTLE_UID = 'plugin::customer-login.throttle';

const app = useTestApp({
  // Many steps check that a refused password fails; those failures must not lock the address.
  pluginConfig: { lockout: { maxAttempts: 1000, window: '15m' } },
});

const customer = (overrides = {}) => createLoginCustomer(app, PASSWORD, overrides);

const storedRow = async (documentId: string) =>
  (await app.strapi.db.query(CUSTOMER_UID).findOne({ where: { documentId } })) as Record<
    string,
    unknown
  >;

/** The customer's history, oldest first, without its sign-ins (each test's own logins). */
const eventsOf = async (documentId: string) =>
  (await app.strapi.db.query(EVENT_UID).findMany({
    where: { customer: documentId, type: { $ne: 'signed-in' } },
    orderBy: [{ id: 'asc' }],
  })) as Array<{ type: string; actorKind: string }>;

const me = (jwt: string) =>
  app.http().get('/api/customer-login/me').set('Authorization', `Bearer ${jwt}`);

/** A role that may update customers (only these fields) and, if asked, send credentials. */
const roleToken = async (name: string, fields: string[], withPlugin: boolean) => {
  const permissions = [
    { action: 'plugin::content-manager.explorer.read', subject: CUSTOMER_UID, fields },
    { action: 'plugin::content-manager.explorer.create', subject: CUSTOMER_UID, fields },
    { action: 'plugin::content-manager.explorer.update', subject: CUSTOMER_UID, fields },
  ].map(({ fields: allowed, ...permission }) => ({
    ...permission,
    properties: { fields: allowed },
  }));
  const roleId = await createRole(
    app,
    name,
    withPlugin ? [...permissions, { action: SEND_CREDENTIALS }] : permissions
  );
  return createAdminWithRoles(app, [roleId]);
};

const ALL_FIELDS = ['firstName', 'lastName', 'email', 'language', 'loginEnabled', 'password'];
const WITHOUT_PASSWORD = ['firstName', 'lastName', 'email', 'language', 'loginEnabled'];

describe('Content Manager saves with "Generate and send credentials"', () => {
  test('an Editor (no plugin permission) gets 403 naming it; nothing saved, nothing sent', async () => {
    const { email, documentId } = await customer();
    const editor = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);
    const mailsBefore = app.smtp.mails.length;

    const res = await updateCustomer(
      app,
      documentId,
      { email, lastName: 'Changed', loginEnabled: true, sendCredentials: true },
      editor
    );

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      data: null,
      error: {
        status: 403,
        name: 'PolicyError',
        message: expect.stringContaining('"Generate and send credentials"'),
        details: { code: 'SEND_CREDENTIALS_FORBIDDEN', missing: ['SEND_CREDENTIALS_PERMISSION'] },
      },
    });
    expect((await storedRow(documentId)).lastName).toBeNull();
    expect(app.smtp.mails.length).toBe(mailsBefore);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('the same Editor may still save the customer without it', async () => {
    const { email, documentId } = await customer();
    const editor = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);

    const res = await updateCustomer(app, documentId, { email, lastName: 'Edited' }, editor);

    expect(res.status).toBe(200);
    expect((await storedRow(documentId)).lastName).toBe('Edited');
  });

  test('with the plugin permission but not the password field, sending to another address is refused', async () => {
    const { email, documentId } = await customer();
    const attacker = uniqueEmail('attacker');
    const token = await roleToken('Support without password', WITHOUT_PASSWORD, true);

    const res = await updateCustomer(
      app,
      documentId,
      { email: attacker, loginEnabled: true, sendCredentials: true },
      token
    );

    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'PolicyError',
      message: expect.stringContaining('Password field'),
      details: { code: 'SEND_CREDENTIALS_FORBIDDEN', missing: ['PASSWORD_FIELD_PERMISSION'] },
    });
    expect((await storedRow(documentId)).email).toBe(email);
    expect(app.smtp.mailsTo(attacker)).toHaveLength(0);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('a role missing both is told both', async () => {
    const { email, documentId } = await customer();
    const token = await roleToken('Neither', WITHOUT_PASSWORD, false);

    const res = await updateCustomer(
      app,
      documentId,
      { email, loginEnabled: true, sendCredentials: true },
      token
    );

    expect(res.status).toBe(403);
    expect(res.body.error.details.missing).toEqual([
      'SEND_CREDENTIALS_PERMISSION',
      'PASSWORD_FIELD_PERMISSION',
    ]);
  });

  test('create and clone are refused the same way, and create nothing', async () => {
    const { documentId } = await customer();
    const token = await roleToken('Support creating without password', WITHOUT_PASSWORD, true);
    const before = await countCustomers(app);
    const email = uniqueEmail('new');

    const created = await createCustomer(
      app,
      { email, loginEnabled: true, sendCredentials: true },
      token
    );
    const cloned = await app
      .http()
      .post(`${CM_PATH}/clone/${documentId}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ email: uniqueEmail('clone'), loginEnabled: true, sendCredentials: true });

    expect(created.status).toBe(403);
    expect(created.body.error.details.missing).toEqual(['PASSWORD_FIELD_PERMISSION']);
    expect(cloned.status).toBe(403);
    expect(cloned.body.error.details.missing).toEqual(['PASSWORD_FIELD_PERMISSION']);
    expect(await countCustomers(app)).toBe(before);
    expect(app.smtp.mailsTo(email)).toHaveLength(0);
  });

  test('an admin with both permissions, field included, generates and sends', async () => {
    const { email, documentId } = await customer();
    const token = await roleToken('Support', ALL_FIELDS, true);

    const res = await updateCustomer(
      app,
      documentId,
      { email, loginEnabled: true, sendCredentials: true },
      token
    );

    expect(res.status).toBe(200);
    const [mail] = app.smtp.mailsTo(email);
    expect((await login(app, email, passwordIn(mail!))).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
  });

  test('a password typed by a role without the password field is dropped, as Strapi drops fields', async () => {
    const { email, documentId } = await customer();
    const token = await roleToken('Typist without password', WITHOUT_PASSWORD, true);

    const res = await updateCustomer(
      app,
      documentId,
      { email, password: 'typed-by-someone-1', passwordConfirmation: 'typed-by-someone-1' },
      token
    );

    expect(res.status).toBe(200);
    expect((await login(app, email, 'typed-by-someone-1')).status).toBe(400);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });
});

describe('the sidebar and bulk routes need the password field too', () => {
  test('403 naming the field from both routes; nothing sent', async () => {
    const { email, documentId } = await customer();
    const token = await roleToken('Sender without password', WITHOUT_PASSWORD, true);

    const single = await sendCredentials(app, documentId, token);
    const bulk = await app
      .http()
      .post('/customer-login/customers/send-credentials')
      .set('Authorization', `Bearer ${token}`)
      .send({ documentIds: [documentId] });

    for (const res of [single, bulk]) {
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        name: 'PolicyError',
        details: { code: 'SEND_CREDENTIALS_FORBIDDEN', missing: ['PASSWORD_FIELD_PERMISSION'] },
      });
    }
    expect(app.smtp.mailsTo(email)).toHaveLength(0);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });
});

describe('the public Content API never writes login attributes, whatever the token', () => {
  const rest = (token: string) => ({
    update: (documentId: string, data: Record<string, unknown>) =>
      app
        .http()
        .put(`/api/customers/${documentId}`)
        .set('Authorization', `Bearer ${token}`)
        .send({ data }),
    create: (data: Record<string, unknown>) =>
      app.http().post('/api/customers').set('Authorization', `Bearer ${token}`).send({ data }),
  });

  test.each([
    ['password', { password: 'api-chosen-password-1' }],
    ['loginEnabled', { loginEnabled: false }],
    ['emailConfirmed', { emailConfirmed: false }],
  ])('a full-access token updating %s gets 400 naming it; nothing changes', async (key, data) => {
    const { email, documentId } = await customer();
    const token = await createApiToken(app, 'full-access');
    app.secrets.add('api-chosen-password-1');

    const res = await rest(token).update(documentId, { firstName: 'Renamed', ...data });

    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      data: null,
      error: {
        status: 400,
        name: 'ValidationError',
        details: { errors: [{ path: [key], message: expect.stringContaining(key) }] },
      },
    });
    const row = await storedRow(documentId);
    expect(row).toMatchObject({ firstName: 'Grace', loginEnabled: true, emailConfirmed: true });
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    expect((await login(app, email, 'api-chosen-password-1')).status).toBe(400);
  });

  test('a custom token with create and update is refused too; nothing is created', async () => {
    const token = await createApiToken(app, 'custom', [
      'api::customer.customer.create',
      'api::customer.customer.update',
    ]);
    const before = await countCustomers(app);
    const email = uniqueEmail('api');

    const res = await rest(token).create({
      email,
      loginEnabled: true,
      emailConfirmed: true,
      password: 'api-chosen-password-2',
    });
    app.secrets.add('api-chosen-password-2');

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors.map((error: { path: string[] }) => error.path)).toEqual([
      ['password'],
      ['loginEnabled'],
      ['emailConfirmed'],
    ]);
    expect(await countCustomers(app)).toBe(before);
    expect(app.smtp.mailsTo(email)).toHaveLength(0);
  });

  test('the transient keys are refused with 400 naming them', async () => {
    const { documentId, email } = await customer();
    const token = await createApiToken(app, 'full-access');

    const res = await rest(token).update(documentId, { sendCredentials: true });

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(JSON.stringify(res.body.error)).toContain('sendCredentials');
    expect(app.smtp.mailsTo(email)).toHaveLength(0);
  });

  test('other fields are still writable, and login attributes stay unreadable', async () => {
    const { documentId } = await customer();
    const token = await createApiToken(app, 'full-access');

    const res = await rest(token).update(documentId, { lastName: 'Lovelace' });
    const read = await app
      .http()
      .get(`/api/customers/${documentId}`)
      .set('Authorization', `Bearer ${token}`);

    expect(res.status).toBe(200);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ documentId, lastName: 'Lovelace' });
    for (const key of ['password', 'loginEnabled', 'emailConfirmed']) {
      expect(res.body.data).not.toHaveProperty(key);
      expect(read.body.data).not.toHaveProperty(key);
    }
  });

  test('a site controller forwarding its input cannot set login attributes or make a send', async () => {
    const { email, documentId } = await customer({ emailConfirmed: false });
    const mailsBefore = app.smtp.mailsTo(email).length;
    const forward = (body: Record<string, unknown>) =>
      app.http().put(`/api/customer-profile/${documentId}`).send(body);

    const sending = await forward({ sendCredentials: true });
    const enabling = await forward({ loginEnabled: true, emailConfirmed: true });
    const renaming = await forward({ firstName: 'Ada' });

    for (const res of [sending, enabling]) {
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    }
    expect(sending.body.error.details.errors[0].path).toEqual(['sendCredentials']);
    expect(renaming.status).toBe(200);
    expect(app.smtp.mailsTo(email)).toHaveLength(mailsBefore);
    expect(await storedRow(documentId)).toMatchObject({ firstName: 'Ada', emailConfirmed: false });
  });
});

describe("the site's own code: the credentials service", () => {
  const credentials = () => app.strapi.plugin('customer-login').service('credentials');

  test('setPassword applies the policy, ends sessions and is on record as "automatically"', async () => {
    const { email, documentId } = await customer();
    const session = await login(app, email, PASSWORD);
    expect(session.status).toBe(200);

    await expect(credentials().setPassword(documentId, 'short')).rejects.toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: ['password'] }] },
    });
    await credentials().setPassword(documentId, 'set-by-a-script-1');
    app.secrets.add('set-by-a-script-1');

    expect((await me(session.body.jwt)).status).toBe(401);
    expect((await login(app, email, 'set-by-a-script-1')).status).toBe(200);
    expect((await eventsOf(documentId)).at(-1)).toMatchObject({
      type: 'password-set',
      actorKind: 'system',
    });
  });

  test('sendCredentials emails a new password', async () => {
    const { email, documentId } = await customer();

    const sent = await credentials().sendCredentials(documentId);

    expect(sent).toEqual({ email, sentAt: expect.any(String) });
    const [mail] = app.smtp.mailsTo(email);
    expect((await login(app, email, passwordIn(mail!))).status).toBe(200);
    expect((await eventsOf(documentId)).at(-1)).toMatchObject({
      type: 'credentials-sent',
      actorKind: 'system',
    });
  });

  test('setLoginEnabled sends the confirmation link when turned on and ends sessions when off', async () => {
    const { email, documentId } = await customer({ loginEnabled: false, emailConfirmed: false });

    await credentials().setLoginEnabled(documentId, true);

    const [mail] = app.smtp.mailsTo(email);
    const link = confirmationLinkIn(mail!);
    expect(link).toBeDefined();
    expect((await confirmThroughLink(app, link!)).status).toBe(200);
    const session = await login(app, email, PASSWORD);
    expect(session.status).toBe(200);

    await credentials().setLoginEnabled(documentId, false);

    expect((await me(session.body.jwt)).status).toBe(401);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
    expect((await eventsOf(documentId)).map((event) => event.type)).toEqual(
      expect.arrayContaining(['login-enabled', 'confirmation-sent', 'login-disabled'])
    );
  });

  test('setLoginEnabled changes nothing when the confirmation cannot be sent', async () => {
    const { email, documentId } = await customer({ loginEnabled: false, emailConfirmed: false });
    app.smtp.rejectAddresses.add(email.toLowerCase());
    try {
      await expect(credentials().setLoginEnabled(documentId, true)).rejects.toMatchObject({
        name: 'ApplicationError',
        details: { code: 'EMAIL_NOT_SENT' },
      });
    } finally {
      app.smtp.rejectAddresses.delete(email.toLowerCase());
    }
    expect((await storedRow(documentId)).loginEnabled).toBe(false);
  });

  test('confirmEmail lets an unconfirmed customer log in', async () => {
    const { email, documentId } = await customer({ emailConfirmed: false });
    expect((await login(app, email, PASSWORD)).status).toBe(403);

    await credentials().confirmEmail(documentId);

    expect((await login(app, email, PASSWORD)).status).toBe(200);
    expect((await eventsOf(documentId)).at(-1)).toMatchObject({
      type: 'email-confirmed',
      actorKind: 'system',
    });
  });

  test('an unknown or malformed document id is a clear error', async () => {
    await expect(credentials().confirmEmail('doesnotexist0000000000000')).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    await expect(credentials().sendCredentials('not an id')).rejects.toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: ['documentId'] }] },
    });
  });

  test('strapi.documents() outside any request may still set a password, hashed once', async () => {
    const email = uniqueEmail('script');
    const created = await app.strapi.documents(CUSTOMER_UID).create({
      data: {
        email,
        loginEnabled: true,
        emailConfirmed: true,
        password: 'written-by-a-seed-1',
      } as never,
    });
    app.secrets.add('written-by-a-seed-1');

    expect(created.documentId).toEqual(expect.any(String));
    expect((await login(app, email, 'written-by-a-seed-1')).status).toBe(200);
  });
});

describe('every password change voids outstanding reset codes', () => {
  test.each([
    [
      'an admin sets a password',
      async ({ email, documentId }: { email: string; documentId: string }) => {
        const res = await updateCustomer(app, documentId, {
          email,
          password: 'admin-set-password-1',
          passwordConfirmation: 'admin-set-password-1',
        });
        expect(res.status).toBe(200);
      },
    ],
    [
      'an admin sends credentials',
      async ({ documentId }: { email: string; documentId: string }) => {
        expect((await sendCredentials(app, documentId, app.adminToken)).status).toBe(200);
      },
    ],
    [
      'the customer changes it',
      async ({ email }: { email: string; documentId: string }) => {
        const session = await login(app, email, PASSWORD);
        expect(session.status).toBe(200);
        app.secrets.add('changed-by-customer-1');
        const res = await app
          .http()
          .post('/api/customer-login/auth/change-password')
          .set('Authorization', `Bearer ${session.body.jwt}`)
          .send({
            currentPassword: PASSWORD,
            password: 'changed-by-customer-1',
            passwordConfirmation: 'changed-by-customer-1',
          });
        expect(res.status).toBe(200);
      },
    ],
  ])('after %s, an earlier code resets nothing', async (_case, change) => {
    const target = await customer();
    const { code } = await requestPasswordReset(app, target.email);

    await change(target);

    const res = await resetPassword(app, code, 'attacker-password-1');
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['code']);
    expect((await login(app, target.email, 'attacker-password-1')).status).toBe(400);
  });
});

describe('deleting a customer', () => {
  test('ends its sessions at once, removes its plugin rows and keeps its history', async () => {
    const { email, documentId } = await customer({ emailConfirmed: false });
    await app.strapi.plugin('customer-login').service('credentials').confirmEmail(documentId);
    const session = await login(app, email, PASSWORD);
    expect(session.status).toBe(200);
    expect((await me(session.body.jwt)).status).toBe(200);
    await requestPasswordReset(app, email);
    // Recorded after the email, once the answer is out.
    await waitFor(
      async () => (await eventsOf(documentId)).find((event) => event.type === 'reset-link-sent'),
      { what: 'the reset-link-sent event' }
    );
    expect(await app.strapi.db.query(TOKEN_UID).count({ where: { customer: documentId } })).toBe(2);
    expect((await login(app, email, 'a-wrong-password-1')).status).toBe(400);
    const subject = createHash('sha256').update(email.toLowerCase()).digest('hex');
    const counts = () => app.strapi.db.query(THROTTLE_UID).count({ where: { subject } });
    expect(await counts()).toBeGreaterThan(0);
    const eventsBefore = (await eventsOf(documentId)).length;

    const res = await app
      .http()
      .delete(`${CM_PATH}/${documentId}`)
      .set('Authorization', `Bearer ${app.adminToken}`);

    expect(res.status).toBe(200);
    expect((await me(session.body.jwt)).status).toBe(401);
    expect(await counts()).toBe(0);
    for (const uid of [ACCOUNT_UID, TOKEN_UID]) {
      expect({
        uid,
        rows: await app.strapi.db.query(uid).count({ where: { customer: documentId } }),
      }).toEqual({ uid, rows: 0 });
    }
    expect((await eventsOf(documentId)).length).toBe(eventsBefore);
  });

  test('a delete through the Content API removes them too', async () => {
    const { email, documentId } = await customer();
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    const token = await createApiToken(app, 'full-access');

    const res = await app
      .http()
      .delete(`/api/customers/${documentId}`)
      .set('Authorization', `Bearer ${token}`);

    expect(res.status).toBe(204);
    expect(await app.strapi.db.query(ACCOUNT_UID).count({ where: { customer: documentId } })).toBe(
      0
    );
  });
});
