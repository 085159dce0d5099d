import { createHash } from 'node:crypto';

import {
  confirmationLinkIn,
  confirmThroughLink,
  createCustomer,
  createLoginCustomer,
  login,
  passwordIn,
  requestPasswordReset,
  sendCredentials,
  uniqueEmail,
} from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'before-reset-1';
const RESET_URL = 'https://shop.example.com/reset-password';

const app = useTestApp({
  pluginConfig: {
    resetPassword: { url: RESET_URL, tokenTtl: '1h' },
    generatedPassword: { length: 16, ttl: '1h' },
  },
});

const SECRET_KEYS = ['password', 'passwordConfirmation', 'code'];

const post = (path: string, body: Record<string, unknown>) => {
  for (const key of SECRET_KEYS) {
    if (typeof body[key] === 'string') app.secrets.add(body[key] as string);
  }
  return app.http().post(`/api/customer-login/auth/${path}`).send(body);
};

/** Lets background work finish, then proves that nothing was sent. */
const expectNoMailTo = async (email: string) => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(app.smtp.mailsTo(email)).toHaveLength(0);
};

describe('POST /auth/forgot-password', () => {
  test('emails a one-time link to resetPassword.url for a known address', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);

    const { mail, code } = await requestPasswordReset(app, email.toUpperCase());

    expect(mail.subject).toBe('Reset your password');
    expect(mail.text).toContain(`${RESET_URL}?code=${code}`);
    expect(mail.text).toContain('expires in 1 hour');
  });

  test('answers an unknown address, or one without login, exactly the same and sends nothing', async () => {
    const { email: known } = await createLoginCustomer(app, PASSWORD);
    const { email: disabled } = await createLoginCustomer(app, PASSWORD, { loginEnabled: false });
    const unknown = uniqueEmail('nobody');

    const answers = await Promise.all(
      [known, disabled, unknown].map((email) => post('forgot-password', { email }))
    );

    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    }
    await expectNoMailTo(unknown);
    await expectNoMailTo(disabled);
  });

  test('a malformed body is a 400 naming the field', async () => {
    const res = await post('forgot-password', { email: 12 });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['email']);
  });
});

describe('POST /auth/reset-password', () => {
  test('sets the password, confirms the address, ends sessions and logs in', async () => {
    const email = uniqueEmail();
    await createCustomer(app, {
      email,
      loginEnabled: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    });
    const { code } = await requestPasswordReset(app, email);

    const res = await post('reset-password', {
      code,
      password: 'after-reset-2',
      passwordConfirmation: 'after-reset-2',
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jwt: expect.any(String), customer: { email } });
    expect((await login(app, email, 'after-reset-2')).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
    expect(app.smtp.mailsTo(email).at(-1)?.subject).toBe('Your password was changed');
  });

  test('ends the sessions opened before the reset', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const before = (await login(app, email, PASSWORD)).body.jwt as string;
    const { code } = await requestPasswordReset(app, email);

    await post('reset-password', {
      code,
      password: 'after-reset-3',
      passwordConfirmation: 'after-reset-3',
    });

    const res = await app
      .http()
      .get('/api/customer-login/me')
      .set('Authorization', `Bearer ${before}`);
    expect(res.status).toBe(401);
  });

  test('a code works once', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const { code } = await requestPasswordReset(app, email);
    const body = { code, password: 'after-reset-4', passwordConfirmation: 'after-reset-4' };
    expect((await post('reset-password', body)).status).toBe(200);

    const again = await post('reset-password', {
      ...body,
      password: 'x-after-reset-5',
      passwordConfirmation: 'x-after-reset-5',
    });

    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      message: 'This password reset code has already been used.',
      details: { errors: [{ path: ['code'] }] },
    });
  });

  test('a newer request voids the older code', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const { code: first } = await requestPasswordReset(app, email);
    const { code: second } = await requestPasswordReset(app, email);

    const old = await post('reset-password', {
      code: first,
      password: 'after-reset-6',
      passwordConfirmation: 'after-reset-6',
    });
    const current = await post('reset-password', {
      code: second,
      password: 'after-reset-7',
      passwordConfirmation: 'after-reset-7',
    });

    expect(old.status).toBe(400);
    expect(current.status).toBe(200);
  });

  test('an expired code fails and changes nothing', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const { code } = await requestPasswordReset(app, email);
    await app.strapi.db.query('plugin::customer-login.token').updateMany({
      where: { tokenHash: createHash('sha256').update(code).digest('hex') },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });

    const res = await post('reset-password', {
      code,
      password: 'after-reset-8',
      passwordConfirmation: 'after-reset-8',
    });

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('This password reset code has expired. Ask for a new one.');
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('a password that breaks the policy is refused and the code still works', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const { code } = await requestPasswordReset(app, email);

    const weak = await post('reset-password', {
      code,
      password: 'short',
      passwordConfirmation: 'short',
    });
    const mismatch = await post('reset-password', {
      code,
      password: 'after-reset-9',
      passwordConfirmation: 'other-9',
    });
    const ok = await post('reset-password', {
      code,
      password: 'after-reset-9',
      passwordConfirmation: 'after-reset-9',
    });

    expect(weak.status).toBe(400);
    expect(weak.body.error.details.errors[0].path).toEqual(['password']);
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.details.errors[0].path).toEqual(['passwordConfirmation']);
    expect(ok.status).toBe(200);
  });

  test('an unknown code is a 400 on the code', async () => {
    const res = await post('reset-password', {
      code: 'A'.repeat(43),
      password: 'after-reset-10',
      passwordConfirmation: 'after-reset-10',
    });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['code']);
  });
});

describe('generatedPassword.ttl', () => {
  test('a generated password stops working when not changed in time; a reset recovers', async () => {
    const { documentId, email } = await createLoginCustomer(app, PASSWORD);
    await sendCredentials(app, documentId, app.adminToken);
    const generated = passwordIn(app.smtp.mailsTo(email).at(-1)!);
    expect((await login(app, email, generated)).status).toBe(200);

    await app.strapi.db.query('plugin::customer-login.account').updateMany({
      where: { customer: documentId },
      data: { passwordGeneratedAt: new Date(Date.now() - 2 * 3_600_000) },
    });
    const expired = await login(app, email, generated);

    expect(expired.status).toBe(403);
    expect(expired.body.error).toMatchObject({
      name: 'PolicyError',
      details: { code: 'PASSWORD_EXPIRED' },
    });
    const { code } = await requestPasswordReset(app, email);
    await post('reset-password', {
      code,
      password: 'recovered-11',
      passwordConfirmation: 'recovered-11',
    });
    expect((await login(app, email, 'recovered-11')).status).toBe(200);
  });

  test('a password the customer chose never expires', async () => {
    const { documentId, email } = await createLoginCustomer(app, PASSWORD);
    await app.strapi.db.query('plugin::customer-login.account').updateMany({
      where: { customer: documentId },
      data: { passwordGeneratedAt: new Date(Date.now() - 48 * 3_600_000) },
    });

    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });
});

describe('POST /auth/send-email-confirmation', () => {
  test('sends a new link to an unconfirmed customer, and it confirms', async () => {
    const email = uniqueEmail();
    await createCustomer(app, {
      email,
      loginEnabled: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    });
    const before = app.smtp.mailsTo(email).length;

    const res = await post('send-email-confirmation', { email });

    expect(res.body).toEqual({ ok: true });
    const mail = (await app.smtp.waitForMailsTo(email, before + 1)).at(-1)!;
    expect((await confirmThroughLink(app, confirmationLinkIn(mail)!)).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('answers confirmed and unknown addresses the same and sends nothing', async () => {
    const { email: confirmed } = await createLoginCustomer(app, PASSWORD);
    const unknown = uniqueEmail('nobody');

    for (const email of [confirmed, unknown]) {
      const res = await post('send-email-confirmation', { email });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    }
    await expectNoMailTo(confirmed);
    await expectNoMailTo(unknown);
  });
});
