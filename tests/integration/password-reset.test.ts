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
import { holdTable } from '../helpers/database';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'before-reset-1';
const RESET_URL = 'https://shop.example.com/reset-password';

const app = useTestApp({
  pluginConfig: {
    resetPassword: { url: RESET_URL, tokenTtl: '1h' },
    generatedPassword: { length: 16, ttl: '1h' },
    // Not the default 8: the policy must follow the configuration on every path.
    password: { minLength: 12 },
  },
});

const SECRET_KEYS = ['password', 'passwordConfirmation', 'code'];

const post = (path: string, body: Record<string, unknown>) => {
  for (const key of SECRET_KEYS) {
    if (typeof body[key] === 'string') app.secrets.add(body[key] as string);
  }
  return app.http().post(`/api/customer-login/auth/${path}`).send(body);
};

type EmailRequest = 'forgot-password' | 'send-email-confirmation';

/**
 * Proves that requests answered earlier sent nothing to these addresses. Their work runs after
 * the answer, so the signal is a request made after them for a customer who does get an email:
 * once that email is in, work queued before it has had its turn.
 */
const expectNoMailTo = async (endpoint: EmailRequest, addresses: string[]) => {
  const probe = await createLoginCustomer(app, PASSWORD, {
    emailConfirmed: endpoint === 'forgot-password',
  });
  const before = app.smtp.mailsTo(probe.email).length;
  expect((await post(endpoint, { email: probe.email })).status).toBe(200);
  await app.smtp.waitForMailsTo(probe.email, before + 1);
  for (const email of addresses)
    expect({ email, mails: app.smtp.mailsTo(email) }).toEqual({ email, mails: [] });
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
    await expectNoMailTo('forgot-password', [unknown, disabled]);
    expect(app.smtp.mailsTo(known)).toHaveLength(1);
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
    }).expect(201);
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
    }).expect(200);

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
    await sendCredentials(app, documentId, app.adminToken).expect(200);
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
    }).expect(200);
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
    }).expect(201);
    const before = app.smtp.mailsTo(email).length;

    const res = await post('send-email-confirmation', { email });

    expect(res.body).toEqual({ ok: true });
    const mail = (await app.smtp.waitForMailsTo(email, before + 1)).at(-1)!;
    expect((await confirmThroughLink(app, confirmationLinkIn(mail)!)).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('answers confirmed, login-disabled and unknown addresses the same and sends nothing', async () => {
    const { email: confirmed } = await createLoginCustomer(app, PASSWORD);
    // Unconfirmed, so only the disabled login keeps the link from going out.
    const { email: disabled } = await createLoginCustomer(app, PASSWORD, {
      loginEnabled: false,
      emailConfirmed: false,
    });
    const unknown = uniqueEmail('nobody');

    for (const email of [confirmed, disabled, unknown]) {
      const res = await post('send-email-confirmation', { email });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ok: true });
    }
    await expectNoMailTo('send-email-confirmation', [confirmed, disabled, unknown]);
  });
});

describe('forgot-password and send-email-confirmation answer before their work runs', () => {
  // Work that ran before the answer would make a known address answer later than an unknown one.
  test.each<EmailRequest>(['forgot-password', 'send-email-confirmation'])(
    '%s answers while the customer lookup and the mail server are held',
    async (endpoint) => {
      const { email } = await createLoginCustomer(app, PASSWORD, {
        emailConfirmed: endpoint === 'forgot-password',
      });
      const before = app.smtp.mailsTo(email).length;
      // SQLite's one connection belongs to this process: only the mail server is held there.
      const table =
        app.database.client === 'sqlite' ? undefined : await holdTable(app.database, 'customers');
      const smtp = app.smtp.hold();
      try {
        const res = await post(endpoint, { email });

        expect(res.status).toBe(200);
        expect(res.body).toEqual({ ok: true });
        if (table) {
          // The lookup was still waiting when the answer came.
          await table.waiters(1);
          await table.release();
        }
        await smtp.waiting(1);
        expect(app.smtp.mailsTo(email)).toHaveLength(before);
      } finally {
        await table?.release();
        smtp.release();
      }
      await app.smtp.waitForMailsTo(email, before + 1);
    }
  );
});

describe('a non-default password.minLength (12) is the policy everywhere', () => {
  const ELEVEN = 'eleven-char';
  const TWELVE = 'twelve-chars';

  test('an admin save refuses 11 characters and takes 12', async () => {
    const data = { email: uniqueEmail(), loginEnabled: true, emailConfirmed: true };

    const short = await createCustomer(app, {
      ...data,
      password: ELEVEN,
      passwordConfirmation: ELEVEN,
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details.errors[0].path).toEqual(['password']);
    await createCustomer(app, { ...data, password: TWELVE, passwordConfirmation: TWELVE }).expect(
      201
    );
    expect((await login(app, data.email, TWELVE)).status).toBe(200);
  });

  test('change-password refuses 11 characters and takes 12', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const session = await login(app, email, PASSWORD);
    expect(session.status).toBe(200);
    const change = (password: string) =>
      post('change-password', {
        currentPassword: PASSWORD,
        password,
        passwordConfirmation: password,
      }).set('Authorization', `Bearer ${session.body.jwt}`);

    const short = await change(ELEVEN);
    expect(short.status).toBe(400);
    expect(short.body.error.details.errors[0].path).toEqual(['password']);
    expect((await change(TWELVE)).status).toBe(200);
    expect((await login(app, email, TWELVE)).status).toBe(200);
  });

  test('reset-password refuses 11 characters and takes 12', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const { code } = await requestPasswordReset(app, email);

    const short = await post('reset-password', {
      code,
      password: ELEVEN,
      passwordConfirmation: ELEVEN,
    });
    expect(short.status).toBe(400);
    expect(short.body.error.details.errors[0].path).toEqual(['password']);
    expect(
      (await post('reset-password', { code, password: TWELVE, passwordConfirmation: TWELVE }))
        .status
    ).toBe(200);
    expect((await login(app, email, TWELVE)).status).toBe(200);
  });
});
