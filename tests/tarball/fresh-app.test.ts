import Database from 'better-sqlite3';
import type { Response, Test } from 'supertest';

import { OUTSIDE_APP, startFreshApp, type FreshApp } from '../helpers/fresh-app';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../helpers/smtp';

import { installTarball } from './install-tarball';

/**
 * What a site gets from `npm install strapi-plugin-customer-login`: the packed tarball, installed
 * into a fresh JavaScript Strapi 5.54 app (tests/tarball/app) by ./install-tarball.ts,
 * started with `strapi start` in that app's folder, and driven over HTTP as the admin panel and a
 * storefront drive it. The other layers load the plugin from this repository, beside the
 * repository's own dependencies, where a packaging or dependency mistake cannot show.
 */

const CM = '/content-manager/collection-types/api::customer.customer';
const JWT_SECRET = 'tarball-customer-login-jwt-secret-0123456789';
const PASSWORD = 'Right-Password-1';
const SUPER_ADMIN = {
  email: 'admin@fresh.test',
  firstname: 'Ada',
  lastname: 'Admin',
  password: 'Sup3r-Admin-Pass-1',
};
const LOGIN_ATTRIBUTES = ['password', 'loginEnabled', 'emailConfirmed'];

let smtp: SmtpCatcher;
let app: FreshApp;
let adminToken: string;
/** Never in any response or log line: passwords, the JWT secret, stored hashes. */
const hidden = new Set<string>([JWT_SECRET, PASSWORD, SUPER_ADMIN.password]);
/** Never in a log line, and in no response but the one that issued it (sessions, API keys). */
const issued = new Set<string>();

// A fresh clone installs the app's packages from scratch (minutes); later runs only the plugin.
const INSTALL_TIMEOUT = 15 * 60_000;

beforeAll(async () => {
  await installTarball();
  smtp = await startSmtpCatcher();
  app = await startFreshApp({
    smtpPort: smtp.port,
    env: { CUSTOMER_LOGIN_JWT_SECRET: JWT_SECRET },
  });
  const registered = await app.http().post('/admin/register-admin').send(SUPER_ADMIN);
  await expectAnswer(registered, 200);
  adminToken = registered.body.data.token;
  issued.add(adminToken);
}, INSTALL_TIMEOUT);

afterAll(async () => {
  await app?.remove();
  await smtp?.close();
});

/**
 * Asserts the status and (part of) the body, showing both on failure. A 500 fails with the end of
 * the app's log, which says what broke.
 */
const expectAnswer = async (res: Response, status: number, body?: Record<string, unknown>) => {
  if (res.status >= 500 && status < 500) {
    await app.logSettled(new RegExp(`\\(\\d+ ms\\) ${res.status}`));
    throw new Error(
      `${res.status} where ${status} was expected: ${res.text}\n\nThe app's log ends with:\n` +
        app.logTail()
    );
  }
  expect({ status: res.status, body: res.body }).toMatchObject({ status, ...(body && { body }) });
};

const asAdmin = (token = adminToken) => {
  const http = app.http();
  return {
    get: (url: string) => http.get(url).set('Authorization', `Bearer ${token}`),
    post: (url: string) => http.post(url).set('Authorization', `Bearer ${token}`),
    put: (url: string) => http.put(url).set('Authorization', `Bearer ${token}`),
    delete: (url: string) => http.delete(url).set('Authorization', `Bearer ${token}`),
  };
};

/** A customer login, through the proxy with this X-Forwarded-For when given. */
const login = (email: string, password: string, forwardedFor?: string) => {
  hidden.add(password);
  const call = app.http().post('/api/customer-login/auth/login').send({ email, password });
  return forwardedFor ? call.set('X-Forwarded-For', forwardedFor) : call;
};

/** Logs in and answers the session token. */
const signIn = async (email: string, password = PASSWORD) => {
  const res = await login(email, password);
  await expectAnswer(res, 200, { jwt: expect.any(String) });
  issued.add(res.body.jwt);
  return res.body.jwt as string;
};

const me = (jwt: string) =>
  app.http().get('/api/customer-login/me').set('Authorization', `Bearer ${jwt}`);

let counter = 0;
const newAddress = (label: string) => `${label}-${++counter}@fresh.test`;

/** A customer with login enabled and a confirmed address, saved as the Content Manager does. */
const createCustomer = async (email: string) => {
  const res = await asAdmin().post(CM).send({
    firstName: 'Grace',
    lastName: 'Hopper',
    email,
    loginEnabled: true,
    emailConfirmed: true,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  });
  await expectAnswer(res, 201, { data: { documentId: expect.any(String), email } });
  return res.body.data.documentId as string;
};

const confirmationTokenIn = (mail: CaughtMail) =>
  /email-confirmation\?confirmation=([\w-]+)/.exec(mail.text)?.[1];

test('a. a customer created through the Content Manager logs in, without its login attributes', async () => {
  const email = newAddress('created');
  await createCustomer(email);

  const res = await login(email, PASSWORD);

  await expectAnswer(res, 200, { jwt: expect.any(String), mustChangePassword: false });
  issued.add(res.body.jwt);
  expect(res.body.customer.email).toBe(email);
  expect(Object.keys(res.body.customer).filter((key) => LOGIN_ATTRIBUTES.includes(key))).toEqual(
    []
  );
  await expectAnswer(await me(res.body.jwt), 200, { data: { email } });
});

test('b. a full-access API token cannot set a password through the Content API', async () => {
  const email = newAddress('api-token');
  const documentId = await createCustomer(email);
  const created = await asAdmin()
    .post('/admin/api-tokens')
    .send({ name: 'full access', description: '', type: 'full-access', lifespan: null });
  await expectAnswer(created, 201, { data: { accessKey: expect.any(String) } });
  const accessKey = created.body.data.accessKey as string;
  issued.add(accessKey);
  const withToken = (call: Test) => call.set('Authorization', `Bearer ${accessKey}`);
  // The token does work on the Content API, and shows no login attribute.
  const read = await withToken(app.http().get(`/api/customers/${documentId}`));
  await expectAnswer(read, 200, { data: { documentId, email } });
  expect(Object.keys(read.body.data).filter((key) => LOGIN_ATTRIBUTES.includes(key))).toEqual([]);

  hidden.add('Token-Set-Password-1');
  const res = await withToken(app.http().put(`/api/customers/${documentId}`)).send({
    data: { password: 'Token-Set-Password-1' },
  });

  await expectAnswer(res, 400, {
    data: null,
    error: { status: 400, name: 'ValidationError', details: { errors: [{ path: ['password'] }] } },
  });
  await expectAnswer(await login(email, 'Token-Set-Password-1'), 400, {
    error: { message: 'Invalid email or password' },
  });
  await signIn(email);
});

test('c. an Editor saving with sendCredentials gets 403 SEND_CREDENTIALS_FORBIDDEN, and no mail goes out', async () => {
  const email = newAddress('editor-send');
  const documentId = await createCustomer(email);
  const roles = await asAdmin().get('/admin/roles');
  await expectAnswer(roles, 200);
  const editor = (roles.body.data as Array<{ id: number; code: string }>).find(
    (role) => role.code === 'strapi-editor'
  );
  expect(editor).toBeDefined();
  const invited = await asAdmin()
    .post('/admin/users')
    .send({
      email: 'editor@fresh.test',
      firstname: 'Eddie',
      lastname: 'Editor',
      roles: [editor!.id],
    });
  await expectAnswer(invited, 201, { data: { registrationToken: expect.any(String) } });
  issued.add(invited.body.data.registrationToken);
  const editorPassword = 'Editor-Pass-1';
  hidden.add(editorPassword);
  const registered = await app
    .http()
    .post('/admin/register')
    .send({
      registrationToken: invited.body.data.registrationToken,
      userInfo: { firstname: 'Eddie', lastname: 'Editor', password: editorPassword },
    });
  await expectAnswer(registered, 200, { data: { token: expect.any(String) } });
  issued.add(registered.body.data.token);
  const mailsBefore = smtp.mails.length;

  const res = await asAdmin(registered.body.data.token)
    .put(`${CM}/${documentId}`)
    .send({ email, loginEnabled: true, sendCredentials: true });

  await expectAnswer(res, 403, {
    data: null,
    error: {
      status: 403,
      name: 'PolicyError',
      details: { code: 'SEND_CREDENTIALS_FORBIDDEN', missing: ['SEND_CREDENTIALS_PERMISSION'] },
    },
  });
  // Credentials are emailed inside the save, and the catcher keeps a mail before it accepts it:
  // any mail this save sent has arrived before its answer did.
  expect(smtp.mails.slice(mailsBefore)).toEqual([]);
  await signIn(email);
});

test('d. a new address ends the sessions, is unconfirmed, gets the link, and the old one a masked notice', async () => {
  const oldEmail = newAddress('moving');
  const newEmail = newAddress('moved');
  const masked = `${newEmail[0]}***@${newEmail.split('@')[1]}`;
  const documentId = await createCustomer(oldEmail);
  const session = await signIn(oldEmail);

  // What the edit view's Save sends, even saying "confirmed".
  const res = await asAdmin().put(`${CM}/${documentId}`).send({
    firstName: 'Grace',
    lastName: 'Hopper',
    email: newEmail,
    loginEnabled: true,
    emailConfirmed: true,
  });

  await expectAnswer(res, 200, { data: { email: newEmail } });
  await expectAnswer(await me(session), 401);
  await expectAnswer(await login(newEmail, PASSWORD), 403, {
    data: null,
    error: { status: 403, name: 'PolicyError', details: { code: 'EMAIL_NOT_CONFIRMED' } },
  });
  const [confirmation] = await smtp.waitForMailsTo(newEmail);
  const token = confirmationTokenIn(confirmation!);
  expect(token).toEqual(expect.any(String));
  const [notice, ...more] = await smtp.waitForMailsTo(oldEmail);
  expect(more).toEqual([]);
  expect(notice!.subject).toBe('Your email address was changed');
  expect(notice!.text).toContain(masked);
  expect(`${notice!.subject}\n${notice!.text}\n${notice!.html}`).not.toContain(newEmail);

  // The link works: its page, then its button; then the new address logs in.
  await expectAnswer(
    await app.http().get(`/api/customer-login/auth/email-confirmation?confirmation=${token}`),
    200
  );
  await expectAnswer(
    await app
      .http()
      .post('/api/customer-login/auth/email-confirmation')
      .send({ confirmation: token }),
    200,
    { ok: true, alreadyConfirmed: false }
  );
  await signIn(newEmail);
});

test('e. a template with <%= code %> in the subject is refused on its path, and nothing is stored', async () => {
  const res = await asAdmin()
    .put('/customer-login/email-templates')
    .send({
      passwordReset: {
        en: { subject: 'Your code <%= code %>', html: '<p><%= code %></p>', text: '<%= code %>' },
      },
    });

  await expectAnswer(res, 400, {
    data: null,
    error: {
      status: 400,
      name: 'ValidationError',
      details: { errors: [{ path: ['passwordReset', 'en', 'subject'] }] },
    },
  });
  const stored = await asAdmin().get('/customer-login/email-templates');
  await expectAnswer(stored, 200);
  expect(stored.body.data.emails.passwordReset.templates.en).toMatchObject({
    customized: false,
    subject: 'Reset your password',
  });
});

test('f. deleting the customer in the Content Manager ends its session', async () => {
  const email = newAddress('deleted');
  const documentId = await createCustomer(email);
  const session = await signIn(email);
  await expectAnswer(await me(session), 200);

  await expectAnswer(await asAdmin().delete(`${CM}/${documentId}`), 200);

  await expectAnswer(await me(session), 401);
  await expectAnswer(await login(email, PASSWORD), 400);
});

test('g. lockout.maxAttempts failures lock out their client only, behind the proxy the README sets up', async () => {
  const email = newAddress('lockout');
  await createCustomer(email);
  // The app trusts one proxy (config/server.js): the client is the last X-Forwarded-For entry,
  // the one that proxy appended. The test plays the proxy.
  const attacker = '203.0.113.7';
  const customer = '198.51.100.9';

  for (let attempt = 0; attempt < 3; attempt += 1) {
    await expectAnswer(await login(email, 'Wrong-Password-1', attacker), 400);
  }

  const locked = {
    data: null,
    error: {
      status: 429,
      name: 'RateLimitError',
      details: { retryAfterSeconds: expect.any(Number) },
    },
  };
  await expectAnswer(await login(email, PASSWORD, attacker), 429, locked);
  // An entry the client wrote itself, in front of the proxy's, makes it no other client.
  await expectAnswer(await login(email, PASSWORD, `192.0.2.44, ${attacker}`), 429, locked);
  const res = await login(email, PASSWORD, customer);
  await expectAnswer(res, 200, { jwt: expect.any(String) });
  issued.add(res.body.jwt);
});

test("every error answer has Strapi's envelope, and none is a 500", async () => {
  const errors = app.exchanges.filter((exchange) => exchange.status >= 400);
  const serverErrors = errors.filter((exchange) => exchange.status >= 500);
  if (serverErrors.length > 0) {
    throw new Error(
      `${serverErrors.map((e) => `${e.method} ${e.url} ${e.status}`).join('\n')}\n\n` +
        `The app's log ends with:\n${app.logTail(60)}`
    );
  }
  // The checks above met refusals of every kind.
  expect(new Set(errors.map((exchange) => exchange.status))).toEqual(new Set([400, 401, 403, 429]));
  for (const { method, url, status, text } of errors) {
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: compared as text below, so the failure shows it.
    }
    expect({ request: `${method} ${url}`, body }).toEqual({
      request: `${method} ${url}`,
      body: {
        data: null,
        error: {
          status,
          name: expect.any(String),
          message: expect.any(String),
          details: expect.any(Object),
        },
      },
    });
  }
});

describe('once the app has stopped', () => {
  beforeAll(async () => {
    await app.stop();
  });

  test('it loaded every module from its own folder', () => {
    expect(
      app
        .log()
        .split('\n')
        .filter((line) => line.startsWith(OUTSIDE_APP))
    ).toEqual([]);
  });

  test('no password, hash or token reached a response or the log', () => {
    const database = new Database(app.databaseFile, { readonly: true });
    const rows = database
      .prepare('SELECT password FROM customers WHERE password IS NOT NULL')
      .all() as Array<{ password: string }>;
    database.close();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) hidden.add(row.password);
    for (const mail of smtp.mails) {
      const token = confirmationTokenIn(mail);
      if (token) issued.add(token);
    }

    const log = app.log();
    // The log holds what a leak would be next to: every request, with its URL.
    expect(log).toContain('POST /api/customer-login/auth/login');
    for (const secret of [...hidden, ...issued]) {
      expect({ secret, inLog: log.includes(secret) }).toEqual({ secret, inLog: false });
    }
    const bodies = app.exchanges.map(({ method, url, text }) => ({
      request: `${method} ${url}`,
      text,
    }));
    for (const secret of hidden) {
      const leaked = bodies
        .filter(({ text }) => text.includes(secret))
        .map(({ request }) => request);
      expect({ secret, responses: leaked }).toEqual({ secret, responses: [] });
    }
    for (const secret of issued) {
      // Only the answer that issued it, and answers to a request whose URL carries it (the
      // confirmation page puts its link's token into its form).
      const carrying = bodies.filter(
        ({ request, text }) => text.includes(secret) && !request.includes(secret)
      );
      expect({ secret, responses: carrying.slice(1).map(({ request }) => request) }).toEqual({
        secret,
        responses: [],
      });
    }
  });
});
