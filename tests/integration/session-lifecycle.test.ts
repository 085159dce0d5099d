import { createHash, createHmac, randomBytes } from 'node:crypto';

import jwt from 'jsonwebtoken';

import {
  createLoginCustomer,
  requestPasswordReset,
  resetPassword,
  updateCustomer,
} from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'lifecycle-password-1';
const SECRET = 'test-customer-login-jwt-secret-0123456789';
const SESSION_UID = 'plugin::customer-login.session';
const EVENT_UID = 'plugin::customer-login.event';
const FIREFOX = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0';
const DAY = 24 * 60 * 60 * 1000;

const app = useTestApp();

interface SessionRow {
  sessionId: string;
  customer: string;
  refreshHash: string;
  generation: number;
  device: string | null;
  clientAddress: string | null;
  createdAt: string;
  refreshedAt: string | null;
  idleExpiresAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const sessionIdOf = (token: string) => (jwt.decode(token) as { sid: string }).sid;
const rowOf = async (sessionId: string) =>
  (await app.strapi.db.query(SESSION_UID).findOne({ where: { sessionId } })) as SessionRow;
const setRow = (sessionId: string, data: Partial<Record<keyof SessionRow, unknown>>) =>
  app.strapi.db.query(SESSION_UID).updateMany({ where: { sessionId }, data });

const remember = <T extends { body: { jwt?: string; refreshToken?: string } }>(res: T) => {
  for (const value of [res.body.jwt, res.body.refreshToken]) if (value) app.secrets.add(value);
  return res;
};

const bearer = (path: string, token: string, method: 'get' | 'post' | 'delete' = 'get') =>
  app.http()[method](`/api/customer-login${path}`).set('Authorization', `Bearer ${token}`);
const me = (token: string) => bearer('/me', token);
const refresh = async (refreshToken: unknown) =>
  remember(await app.http().post('/api/customer-login/auth/refresh').send({ refreshToken }));
const logout = (token: string, body: object = {}) =>
  bearer('/auth/logout', token, 'post').send(body);
const listSessions = (token: string) => bearer('/auth/sessions', token);
const endSession = (token: string, id: string) => bearer(`/auth/sessions/${id}`, token, 'delete');

const signIn = async (email: string, userAgent?: string) => {
  const req = app.http().post('/api/customer-login/auth/login');
  const res = remember(
    await (userAgent ? req.set('User-Agent', userAgent) : req).send({ email, password: PASSWORD })
  );
  expect(res.status).toBe(200);
  return { jwt: res.body.jwt as string, refreshToken: res.body.refreshToken as string };
};

/** A new customer, signed in (from a browser of this User-Agent, if given). */
const signedIn = async (userAgent?: string) => {
  const customer = await createLoginCustomer(app, PASSWORD);
  return { ...customer, ...(await signIn(customer.email, userAgent)) };
};

const expectUnauthorized = (res: { status: number; body: unknown }) => {
  expect(res.status).toBe(401);
  expect(res.body).toMatchObject({ data: null, error: { status: 401, name: 'UnauthorizedError' } });
};

/** Both tokens of a session are refused: it has ended. */
const expectEnded = async (tokens: { jwt: string; refreshToken: string }) => {
  expectUnauthorized(await me(tokens.jwt));
  expectUnauthorized(await refresh(tokens.refreshToken));
};

const eventsOf = async (customer: string, type: string) =>
  Number(await app.strapi.db.query(EVENT_UID).count({ where: { customer, type } }));

/** A refresh token as the plugin makes them, with the test app's secret: only for forging. */
const forgeRefreshToken = (sessionId: string, generation: number) => {
  const key = createHmac('sha256', SECRET).update('customer-login refresh tokens').digest();
  const body = `${sessionId}.${generation}.${randomBytes(32).toString('base64url')}`;
  const tag = createHmac('sha256', key).update(body).digest().subarray(0, 16).toString('base64url');
  return `${body}.${tag}`;
};

describe('a login starts a session', () => {
  test('answers a short access token naming the session and an opaque refresh token', async () => {
    const { documentId, jwt: access, refreshToken } = await signedIn();

    const claims = jwt.decode(access) as Record<string, unknown>;
    expect(claims).toMatchObject({
      sub: documentId,
      aud: 'customer-login',
      typ: 'customer-session',
    });
    expect((claims.exp as number) - (claims.iat as number)).toBe(15 * 60);
    // Opaque: not a JWT, at least 32 random bytes (43 base64url characters) in it.
    expect(jwt.decode(refreshToken)).toBeNull();
    expect(refreshToken).toMatch(/^[\w-]{22}\.0\.[\w-]{43}\.[\w-]{22}$/);
    expect(refreshToken.startsWith(`${claims.sid as string}.`)).toBe(true);
  });

  test('stores the session with what lets the customer recognise it, and only a digest of the token', async () => {
    const { email, documentId } = await createLoginCustomer(app, PASSWORD);
    const before = Date.now();
    const tokens = await signIn(email, FIREFOX);

    const row = await rowOf(sessionIdOf(tokens.jwt));
    expect(row).toMatchObject({
      customer: documentId,
      refreshHash: sha256(tokens.refreshToken),
      generation: 0,
      device: 'Firefox on Linux',
      clientAddress: expect.stringMatching(/127\.0\.0\.1|::1/),
      endedAt: null,
    });
    const created = new Date(row.createdAt).getTime();
    expect(created).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(row.idleExpiresAt).getTime() - created).toBe(14 * DAY);
    expect(new Date(row.expiresAt).getTime() - created).toBe(30 * DAY);
    expect(JSON.stringify(row)).not.toContain(tokens.refreshToken);
    expect(await eventsOf(documentId, 'signed-in')).toBe(1);
  });

  test('two logins get two sessions, each with its own tokens', async () => {
    const { email } = await signedIn();

    const [first, second] = await Promise.all([signIn(email), signIn(email)]);

    expect(sessionIdOf(first.jwt)).not.toBe(sessionIdOf(second.jwt));
    expect(first.refreshToken).not.toBe(second.refreshToken);
  });
});

describe('POST /api/customer-login/auth/refresh', () => {
  test('answers a new pair and replaces the refresh token', async () => {
    const { jwt: access, refreshToken } = await signedIn();
    const sessionId = sessionIdOf(access);

    const res = await refresh(refreshToken);

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['jwt', 'refreshToken']);
    expect(sessionIdOf(res.body.jwt)).toBe(sessionId);
    expect(res.body.jwt).not.toBe(access);
    expect(res.body.refreshToken).not.toBe(refreshToken);
    expect((await me(res.body.jwt)).status).toBe(200);
    const row = await rowOf(sessionId);
    expect(row).toMatchObject({ generation: 1, refreshHash: sha256(res.body.refreshToken) });
    expect(row.refreshedAt).not.toBeNull();
    expect((await refresh(res.body.refreshToken)).status).toBe(200);
  });

  test('moves the idle expiry on, never past the maximum lifetime', async () => {
    const { jwt: access, refreshToken } = await signedIn();
    const sessionId = sessionIdOf(access);
    const { expiresAt } = await rowOf(sessionId);
    // Ten days before the end: a refresh gives the idle window's 14 days only up to that end.
    await setRow(sessionId, {
      createdAt: new Date(Date.now() - 20 * DAY),
      expiresAt: new Date(Date.now() + 10 * DAY),
    });

    const res = await refresh(refreshToken);

    expect(res.status).toBe(200);
    const row = await rowOf(sessionId);
    expect(new Date(row.idleExpiresAt).getTime()).toBe(new Date(row.expiresAt).getTime());
    expect(new Date(row.expiresAt).getTime()).toBeLessThan(new Date(expiresAt).getTime());
  });

  test('a replaced refresh token used again ends the session and is recorded', async () => {
    const { documentId, jwt: access, refreshToken } = await signedIn();
    const first = await refresh(refreshToken);
    const second = await refresh(first.body.refreshToken);
    expect([first.status, second.status]).toEqual([200, 200]);

    expectUnauthorized(await refresh(refreshToken));

    const row = await rowOf(sessionIdOf(access));
    expect(row).toMatchObject({ endReason: 'refresh-token-reused' });
    expect(row.endedAt).not.toBeNull();
    await expectEnded(second.body);
    expectUnauthorized(await me(access));
    expect(await eventsOf(documentId, 'refresh-token-reused')).toBe(1);
  });

  test('the token replaced just before, used again after the race window, ends the session', async () => {
    const { jwt: access, refreshToken } = await signedIn();
    const next = await refresh(refreshToken);
    expect(next.status).toBe(200);
    await setRow(sessionIdOf(access), { refreshedAt: new Date(Date.now() - 11_000) });

    expectUnauthorized(await refresh(refreshToken));

    await expectEnded(next.body);
  });

  test('two refreshes racing with one token: exactly one new pair, the other 409, the session stays', async () => {
    const { jwt: access, refreshToken } = await signedIn();
    // Both refreshes read the session before either writes: the interleaving a compare-and-set
    // must survive (unforced, SQLite's one connection would mostly run them one after the other).
    const query = app.strapi.db.query.bind(app.strapi.db);
    let reads = 0;
    let bothRead!: () => void;
    const read = new Promise<void>((resolve) => (bothRead = resolve));
    const spy = jest.spyOn(app.strapi.db, 'query').mockImplementation(((uid: string) => {
      const repository = query(uid as never);
      if (uid !== SESSION_UID) return repository;
      return Object.assign(Object.create(repository) as typeof repository, {
        findOne: async (params: never) => {
          const row = await repository.findOne(params);
          reads += 1;
          if (reads === 2) bothRead();
          return row;
        },
        updateMany: async (params: never) => {
          await read;
          return repository.updateMany(params);
        },
      });
    }) as never);

    const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]).finally(() =>
      spy.mockRestore()
    );

    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = answers.find((res) => res.status === 200)!;
    const loser = answers.find((res) => res.status === 409)!;
    expect(loser.body).toMatchObject({
      data: null,
      error: { status: 409, name: 'ConflictError', details: { code: 'REFRESH_TOKEN_SUPERSEDED' } },
    });
    expect(loser.body).not.toHaveProperty('jwt');
    const row = await rowOf(sessionIdOf(access));
    expect(row).toMatchObject({ generation: 1, endedAt: null });
    expect((await me(winner.body.jwt)).status).toBe(200);
    expect((await refresh(winner.body.refreshToken)).status).toBe(200);
  });

  test('401 for a made-up token, a forged one, or one of another session; none ends a session', async () => {
    const { jwt: access, refreshToken: first } = await signedIn();
    const sessionId = sessionIdOf(access);
    const next = await refresh(first);
    expect(next.status).toBe(200);
    const refreshToken = next.body.refreshToken as string;
    // Past the race window: a replaced token now would end the session.
    await setRow(sessionId, { refreshedAt: new Date(Date.now() - 60_000) });
    const [id, generation, random] = refreshToken.split('.') as [string, string, string];
    // Right shape, wrong MAC: made up by someone without the secret. The older generation is
    // what a replaced token would name.
    const badMac = `${id}.${generation}.${random}.${'A'.repeat(22)}`;
    const olderBadMac = `${id}.0.${randomBytes(32).toString('base64url')}.${'A'.repeat(22)}`;

    for (const bad of [
      'not-a-token',
      badMac,
      olderBadMac,
      forgeRefreshToken(randomBytes(16).toString('base64url'), 0),
    ]) {
      expectUnauthorized(await refresh(bad));
    }
    expect((await rowOf(sessionId)).endedAt).toBeNull();
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  test('400 naming refreshToken when it is missing or not a string', async () => {
    for (const body of [{}, { refreshToken: 42 }, { refreshToken: '' }]) {
      const res = await app.http().post('/api/customer-login/auth/refresh').send(body);
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['refreshToken']);
    }
  });
});

describe('timeouts', () => {
  test.each([
    ['idle', 'idleExpiresAt'],
    ['absolute', 'expiresAt'],
  ])(
    'an %s-expired session refuses its access and refresh tokens at once',
    async (_kind, column) => {
      const tokens = await signedIn();
      expect((await me(tokens.jwt)).status).toBe(200);

      await setRow(sessionIdOf(tokens.jwt), { [column]: new Date(Date.now() - 1000) });

      await expectEnded(tokens);
    }
  );

  test('the durations come from session.* in the configuration', async () => {
    const KEY = 'plugin::customer-login.session';
    const saved = app.strapi.config.get(KEY) as Record<string, string>;
    app.strapi.config.set(KEY, { accessTokenTtl: '2m', idleTimeout: '1h', maxLifetime: '2h' });
    try {
      const { jwt: access } = await signedIn();
      const claims = jwt.decode(access) as { exp: number; iat: number };
      expect(claims.exp - claims.iat).toBe(120);
      const row = await rowOf(sessionIdOf(access));
      const created = new Date(row.createdAt).getTime();
      expect(new Date(row.idleExpiresAt).getTime() - created).toBe(60 * 60 * 1000);
      expect(new Date(row.expiresAt).getTime() - created).toBe(2 * 60 * 60 * 1000);
    } finally {
      app.strapi.config.set(KEY, saved);
    }
  });
});

describe('POST /api/customer-login/auth/logout', () => {
  test('ends the calling session only', async () => {
    const { documentId, email, ...mine } = await signedIn();
    const other = await signIn(email);

    const res = await logout(mine.jwt);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    await expectEnded(mine);
    expect((await me(other.jwt)).status).toBe(200);
    expect((await rowOf(sessionIdOf(mine.jwt))).endReason).toBe('logout');
    expect(await eventsOf(documentId, 'signed-out')).toBe(1);
  });

  test('with scope "all" ends every session of the customer, and no one else’s', async () => {
    const { documentId, email, ...mine } = await signedIn();
    const other = await signIn(email);
    const stranger = await signedIn();

    expect((await logout(mine.jwt, { scope: 'all' })).status).toBe(200);

    await expectEnded(mine);
    await expectEnded(other);
    expect((await me(stranger.jwt)).status).toBe(200);
    expect(await eventsOf(documentId, 'signed-out-everywhere')).toBe(1);
  });

  test('400 for an unknown scope, 401 without a session', async () => {
    const { jwt: access } = await signedIn();

    const bad = await logout(access, { scope: 'everything' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['scope']);
    expect((await me(access)).status).toBe(200);
    expectUnauthorized(await app.http().post('/api/customer-login/auth/logout').send({}));
  });
});

describe('GET and DELETE /api/customer-login/auth/sessions', () => {
  test('lists the open sessions, newest first, the caller’s marked current', async () => {
    const { email, ...first } = await signedIn(FIREFOX);
    const second = await signIn(email);
    const ended = await signIn(email);
    expect((await logout(ended.jwt)).status).toBe(200);

    const res = await listSessions(first.jwt);

    expect(res.status).toBe(200);
    expect(res.body.data.map((s: { id: string }) => s.id)).toEqual([
      sessionIdOf(second.jwt),
      sessionIdOf(first.jwt),
    ]);
    expect(res.body.data[1]).toEqual({
      id: sessionIdOf(first.jwt),
      device: 'Firefox on Linux',
      clientAddress: expect.any(String),
      createdAt: expect.any(String),
      lastUsedAt: expect.any(String),
      expiresAt: expect.any(String),
      current: true,
    });
    expect(res.body.data[0].current).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain(first.refreshToken.split('.')[2]);
  });

  test('DELETE ends one of the customer’s own sessions', async () => {
    const { documentId, email, ...mine } = await signedIn();
    const lost = await signIn(email);

    const res = await endSession(mine.jwt, sessionIdOf(lost.jwt));

    expect(res.status).toBe(200);
    await expectEnded(lost);
    expect((await me(mine.jwt)).status).toBe(200);
    expect(await eventsOf(documentId, 'session-ended')).toBe(1);
    expect((await endSession(mine.jwt, sessionIdOf(lost.jwt))).status).toBe(404);
  });

  test('404 for another customer’s session, which stays open; 400 for a malformed id', async () => {
    const mine = await signedIn();
    const theirs = await signedIn();

    const res = await endSession(mine.jwt, sessionIdOf(theirs.jwt));

    expect(res.status).toBe(404);
    expect((await me(theirs.jwt)).status).toBe(200);
    expect((await endSession(mine.jwt, randomBytes(16).toString('base64url'))).status).toBe(404);
    expect((await endSession(mine.jwt, 'not-an-id')).status).toBe(400);
  });
});

describe('every session of the customer ends, refresh tokens included, when', () => {
  test('the customer changes the password: the answer is a new pair, the only open session', async () => {
    const { email, ...mine } = await signedIn();
    const other = await signIn(email);
    const next = 'lifecycle-password-2';
    app.secrets.add(next);

    const res = remember(
      await bearer('/auth/change-password', mine.jwt, 'post').send({
        currentPassword: PASSWORD,
        password: next,
        passwordConfirmation: next,
      })
    );

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String) });
    await expectEnded(mine);
    await expectEnded(other);
    const sessions = await listSessions(res.body.jwt);
    expect(sessions.body.data).toHaveLength(1);
    expect((await refresh(res.body.refreshToken)).status).toBe(200);
  });

  test('the customer resets the password: the answer is a new pair', async () => {
    const { email, ...mine } = await signedIn();
    const { code } = await requestPasswordReset(app, email);

    const res = remember(await resetPassword(app, code, 'lifecycle-password-3'));

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ jwt: expect.any(String), refreshToken: expect.any(String) });
    await expectEnded(mine);
    expect((await me(res.body.jwt)).status).toBe(200);
  });

  test('an admin turns login off', async () => {
    const { documentId, email, ...mine } = await signedIn();

    await updateCustomer(app, documentId, { email, loginEnabled: false }).expect(200);

    await expectEnded(mine);
    expect((await rowOf(sessionIdOf(mine.jwt))).endReason).toBe('login-disabled');
  });

  test('the address changes', async () => {
    const { documentId, ...mine } = await signedIn();

    await updateCustomer(app, documentId, {
      email: `moved-${Date.now()}@shop.test`,
      loginEnabled: true,
    }).expect(200);

    await expectEnded(mine);
    expect((await rowOf(sessionIdOf(mine.jwt))).endReason).toBe('email-changed');
  });

  test('the customer is deleted: its sessions are gone', async () => {
    const { documentId, ...mine } = await signedIn();

    await app
      .http()
      .delete(`/content-manager/collection-types/api::customer.customer/${documentId}`)
      .set('Authorization', `Bearer ${app.adminToken}`)
      .expect(200);

    await expectEnded(mine);
    expect(await app.strapi.db.query(SESSION_UID).count({ where: { customer: documentId } })).toBe(
      0
    );
  });
});
