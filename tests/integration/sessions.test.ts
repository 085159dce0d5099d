import jwt from 'jsonwebtoken';

import {
  createLoginCustomer,
  login,
  passwordIn,
  sendCredentials,
  updateCustomer,
} from '../helpers/api';
import { useTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const PASSWORD = 'session-password-1';
const SECRET = 'test-customer-login-jwt-secret-0123456789';

const app = useTestApp();

const me = (token?: string) => {
  const call = app.http().get('/api/customer-login/me');
  return token ? call.set('Authorization', `Bearer ${token}`) : call;
};

const changePassword = (token: string, body: Record<string, unknown>) => {
  for (const value of Object.values(body)) if (typeof value === 'string') app.secrets.add(value);
  return app
    .http()
    .post('/api/customer-login/auth/change-password')
    .set('Authorization', `Bearer ${token}`)
    .send(body);
};

const signedIn = async () => {
  const customer = await createLoginCustomer(app, PASSWORD);
  const res = await login(app, customer.email, PASSWORD);
  expect(res.status).toBe(200);
  return { ...customer, token: res.body.jwt as string };
};

const expectUnauthorized = (res: { status: number; body: unknown }) => {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
};

describe('GET /api/customer-login/me', () => {
  test('answers the signed-in customer without login fields', async () => {
    const { email, token } = await signedIn();

    const res = await me(token);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ email, firstName: 'Grace' });
    for (const key of ['password', 'loginEnabled', 'emailConfirmed']) {
      expect(res.body.data).not.toHaveProperty(key);
    }
  });

  test('the token is HS256 and names the customer', async () => {
    const { documentId, token } = await signedIn();

    const header = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    expect(header.alg).toBe('HS256');
    expect(jwt.decode(token)).toMatchObject({ sub: documentId });
  });

  test.each([
    ['no header', undefined],
    ['garbage', 'not-a-token'],
  ])('401 with %s', async (_case, token) => {
    expectUnauthorized(await me(token));
  });

  test('401 for a token signed with another secret, with alg none, or expired', async () => {
    const { documentId, token } = await signedIn();
    // Each copies every claim of the real token but the one it breaks.
    const { sid, typ } = jwt.decode(token) as { sid: string; typ: string };
    const claims = { sid, typ };
    const options = { subject: documentId, audience: 'customer-login' };

    const forged = jwt.sign(claims, 'another-secret-0123456789', options);
    const unsigned = jwt.sign(claims, '', { ...options, algorithm: 'none' });
    const expired = jwt.sign(
      { ...claims, exp: Math.floor(Date.now() / 1000) - 10 },
      SECRET,
      options
    );
    const otherAlgorithm = jwt.sign(claims, SECRET, { ...options, algorithm: 'HS512' });
    const copied = jwt.sign(claims, SECRET, options);

    for (const bad of [forged, unsigned, expired, otherAlgorithm])
      expectUnauthorized(await me(bad));
    expect((await me(copied)).status).toBe(200);
    expect((await me(token)).status).toBe(200);
  });

  // A token signed with the same secret for another purpose (a site may give users-permissions
  // and this plugin one secret) names no audience, or another, or is not a session token.
  test("401 for a token of the right secret without this plugin's audience or token type", async () => {
    const { documentId, token } = await signedIn();
    const { sid, typ } = jwt.decode(token) as { sid: string; typ: string };
    expect(typ).toBe('customer-session');

    const noAudience = jwt.sign({ sid, typ }, SECRET, { subject: documentId });
    const otherAudience = jwt.sign({ sid, typ }, SECRET, {
      subject: documentId,
      audience: 'users-permissions',
    });
    const noType = jwt.sign({ sid }, SECRET, { subject: documentId, audience: 'customer-login' });
    const otherType = jwt.sign({ sid, typ: 'refresh' }, SECRET, {
      subject: documentId,
      audience: 'customer-login',
    });

    for (const bad of [noAudience, otherAudience, noType, otherType])
      expectUnauthorized(await me(bad));
    expect((await me(token)).status).toBe(200);
  });

  test('two logins at once get two different tokens, and both work', async () => {
    const { email } = await signedIn();

    const [first, second] = await Promise.all([
      login(app, email, PASSWORD),
      login(app, email, PASSWORD),
    ]);

    expect([first!.status, second!.status]).toEqual([200, 200]);
    expect(first!.body.jwt).not.toBe(second!.body.jwt);
    expect((jwt.decode(first!.body.jwt) as { jti: string }).jti).toMatch(/^[0-9a-f-]{36}$/);
    expect((await me(first!.body.jwt)).status).toBe(200);
    expect((await me(second!.body.jwt)).status).toBe(200);
  });
});

describe('every earlier session ends when', () => {
  test('an admin resets the credentials from the sidebar', async () => {
    const { documentId, email, token } = await signedIn();

    expect((await sendCredentials(app, documentId, app.adminToken)).status).toBe(200);

    expectUnauthorized(await me(token));
    const fresh = await login(app, email, passwordIn(app.smtp.mailsTo(email).at(-1)!));
    expect((await me(fresh.body.jwt)).status).toBe(200);
  });

  test('an admin sets a new password', async () => {
    const { documentId, email, token } = await signedIn();

    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      password: 'admin-set-password-2',
      passwordConfirmation: 'admin-set-password-2',
    }).expect(200);

    expectUnauthorized(await me(token));
  });

  test('an admin generates and sends credentials on save', async () => {
    const { documentId, email, token } = await signedIn();

    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      sendCredentials: true,
    }).expect(200);

    expectUnauthorized(await me(token));
  });

  test('an admin turns login off, and stays ended when it is turned on again', async () => {
    const { documentId, email, token } = await signedIn();

    await updateCustomer(app, documentId, { email, loginEnabled: false }).expect(200);
    expectUnauthorized(await me(token));
    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
    }).expect(200);

    expectUnauthorized(await me(token));
  });

  test('but not when an admin saves other fields', async () => {
    const { documentId, email, token } = await signedIn();

    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      lastName: 'Renamed',
    }).expect(200);

    expect((await me(token)).status).toBe(200);
  });
});

describe('mustChangePassword', () => {
  test('is true after a generated password until the customer changes it', async () => {
    const { documentId, email } = await createLoginCustomer(app, PASSWORD);
    expect((await login(app, email, PASSWORD)).body.mustChangePassword).toBe(false);

    await sendCredentials(app, documentId, app.adminToken).expect(200);
    const generated = passwordIn(app.smtp.mailsTo(email).at(-1)!);
    const first = await login(app, email, generated);
    expect(first.body.mustChangePassword).toBe(true);

    const changed = await changePassword(first.body.jwt, {
      currentPassword: generated,
      password: 'chosen-password-5',
      passwordConfirmation: 'chosen-password-5',
    });
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await login(app, email, 'chosen-password-5')).body.mustChangePassword).toBe(false);
  });

  test('is false again when an admin types a password', async () => {
    const { documentId, email } = await createLoginCustomer(app, PASSWORD);
    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      sendCredentials: true,
    }).expect(200);

    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      password: 'typed-by-admin-6',
      passwordConfirmation: 'typed-by-admin-6',
    }).expect(200);

    expect((await login(app, email, 'typed-by-admin-6')).body.mustChangePassword).toBe(false);
  });
});

const customerArea = (token?: string) => {
  const call = app.http().get('/api/customer-area');
  return token ? call.set('Authorization', `Bearer ${token}`) : call;
};

/** A customer signed in with a password an admin generated and emailed. */
const signedInWithGeneratedPassword = async () => {
  const { documentId, email } = await createLoginCustomer(app, PASSWORD);
  await sendCredentials(app, documentId, app.adminToken).expect(200);
  const generated = passwordIn(app.smtp.mailsTo(email).at(-1)!);
  const res = await login(app, email, generated);
  expect(res.body.mustChangePassword).toBe(true);
  return { documentId, generated, token: res.body.jwt as string };
};

describe("the site's own routes behind plugin::customer-login.is-customer", () => {
  test('let a signed-in customer in and tell the handler who it is, nothing more', async () => {
    const { documentId, token } = await signedIn();

    const res = await customerArea(token);

    expect(res.status).toBe(200);
    const { sid } = jwt.decode(token) as { sid: string };
    expect(res.body).toEqual({ customer: { documentId, sessionId: sid } });
  });

  test('answer 401 without a session, and for a revoked one', async () => {
    const { documentId, token } = await signedIn();
    expectUnauthorized(await customerArea());
    expectUnauthorized(await customerArea('not-a-token'));

    await sendCredentials(app, documentId, app.adminToken).expect(200);

    expectUnauthorized(await customerArea(token));
  });

  test('let in a customer with a temporary password while enforceChange is off', async () => {
    const { token } = await signedInWithGeneratedPassword();

    expect((await customerArea(token)).status).toBe(200);
  });
});

describe('generatedPassword.enforceChange', () => {
  const ENFORCE_KEY = 'plugin::customer-login.generatedPassword.enforceChange';
  beforeAll(() => app.strapi.config.set(ENFORCE_KEY, true));
  afterAll(() => app.strapi.config.set(ENFORCE_KEY, false));

  test('a temporary password grants /me and change-password only, until it is changed', async () => {
    const { generated, token } = await signedInWithGeneratedPassword();

    const refused = await customerArea(token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      data: null,
      error: { status: 403, name: 'PolicyError', details: { code: 'PASSWORD_CHANGE_REQUIRED' } },
    });
    expect((await me(token)).status).toBe(200);

    const changed = await changePassword(token, {
      currentPassword: generated,
      password: 'my-own-password-7',
      passwordConfirmation: 'my-own-password-7',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect((await customerArea(changed.body.jwt)).status).toBe(200);
  });

  test('a password an admin typed or the customer chose is not held back', async () => {
    const { token } = await signedIn();

    expect((await customerArea(token)).status).toBe(200);
  });
});

describe('POST /api/customer-login/auth/change-password', () => {
  test('changes the password, ends other sessions, answers a new one and sends a notice', async () => {
    const { email, token } = await signedIn();
    const other = (await login(app, email, PASSWORD)).body.jwt as string;

    const res = await changePassword(token, {
      currentPassword: PASSWORD,
      password: 'changed-password-3',
      passwordConfirmation: 'changed-password-3',
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jwt: expect.any(String), customer: { email } });
    expectUnauthorized(await me(token));
    expectUnauthorized(await me(other));
    expect((await me(res.body.jwt)).status).toBe(200);
    expect((await login(app, email, 'changed-password-3')).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(400);
    const notice = app.smtp.mailsTo(email).at(-1);
    expect(notice?.subject).toBe('Your password was changed');
    expect(notice?.text).not.toContain('changed-password-3');
  });

  test.each([
    [
      {
        currentPassword: 'wrong-password',
        password: 'new-password-4',
        passwordConfirmation: 'new-password-4',
      },
      'currentPassword',
    ],
    [{ currentPassword: PASSWORD, password: 'short', passwordConfirmation: 'short' }, 'password'],
    [
      { currentPassword: PASSWORD, password: 'new-password-4', passwordConfirmation: 'other-4' },
      'passwordConfirmation',
    ],
    [{ password: 'new-password-4', passwordConfirmation: 'new-password-4' }, 'currentPassword'],
  ])('400 naming the field for %j, and nothing changes', async (body, path) => {
    const { email, token } = await signedIn();

    const res = await changePassword(token, body);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ name: 'ValidationError' });
    expect(res.body.error.details.errors[0].path).toEqual([path]);
    expect((await me(token)).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('401 without a valid session', async () => {
    expectUnauthorized(await app.http().post('/api/customer-login/auth/change-password').send({}));
  });
});

describe('account rows under concurrent transactions', () => {
  // An account upsert used to start with an UPDATE; on MariaDB one that matches no row locks the
  // gap where the row would go, and two transactions that then insert rows for new customers into
  // that gap wait for each other: a deadlock, and a 500 for one of the saves.
  test('two transactions creating rows for new customers both commit', async () => {
    const accounts = app.strapi.plugin('customer-login').service('accounts') as {
      passwordReplaced(customer: string, generated: boolean): Promise<void>;
    };
    // After every document id, so all three rows go into the same gap of the index.
    const [a, b, c] = ['a', 'b', 'c'].map((suffix) => `zzzz-${Date.now()}-${suffix}`) as [
      string,
      string,
      string,
    ];
    let firstWritten!: () => void;
    const written = new Promise<void>((resolve) => (firstWritten = resolve));
    // The second transaction's insert for b has gone to the database (where the old upsert made
    // it wait for the first one's gap lock), or, on SQLite's one connection, it waits for that.
    const knex = app.strapi.db.connection;
    let secondInserting = false;
    const onQuery = (query: { sql: string; bindings?: unknown[] }) => {
      if (/^insert/i.test(query.sql) && query.bindings?.includes(b)) secondInserting = true;
    };
    const pool = knex.client.pool as { numPendingAcquires(): number };
    knex.on('query', onQuery);

    try {
      const first = app.strapi.db.transaction(async () => {
        await accounts.passwordReplaced(a, false);
        firstWritten();
        await waitFor(() => (secondInserting || pool.numPendingAcquires() > 0 ? true : undefined), {
          what: "the second transaction's insert",
        });
        await accounts.passwordReplaced(c, false);
      });
      await written;
      const second = app.strapi.db.transaction(() => accounts.passwordReplaced(b, false));

      await Promise.all([first, second]);
    } finally {
      knex.off('query', onQuery);
    }
    const rows = await app.strapi.db
      .query('plugin::customer-login.account')
      .findMany({ where: { customer: { $in: [a, b, c] } } });
    expect(rows).toHaveLength(3);
  });
});
