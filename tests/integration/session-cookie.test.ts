import { createHash } from 'node:crypto';

import { SESSION_UID } from '../../server/src/models';
import { createLoginCustomer, requestPasswordReset } from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'cookie-password-1';
const SHOP = 'https://shop.test';
const NAME = 'customer_login_refresh';
const PATH = '/api/customer-login/auth';
const FOURTEEN_DAYS = 14 * 24 * 3600;

// Cookie mode with every default but the one required key; the app trusts X-Forwarded-Proto, as
// a site behind a proxy that ends TLS does, so requests can arrive "over HTTPS".
const app = useTestApp({
  pluginConfig: { session: { cookie: { allowedOrigins: [SHOP] } } },
  trustProxy: true,
});

interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; flags map to true. */
  attributes: Record<string, string | true>;
}

const setCookiesOf = (res: { headers: Record<string, unknown> }): SetCookie[] => {
  const header = res.headers['set-cookie'];
  const lines = Array.isArray(header) ? (header as string[]) : header ? [String(header)] : [];
  return lines.map((line) => {
    const [pair, ...attributes] = line.split(';').map((part) => part.trim());
    const at = pair!.indexOf('=');
    return {
      name: pair!.slice(0, at),
      value: pair!.slice(at + 1),
      attributes: Object.fromEntries(
        attributes.map((attribute) => {
          const eq = attribute.indexOf('=');
          return eq === -1
            ? [attribute.toLowerCase(), true]
            : [attribute.slice(0, eq).toLowerCase(), attribute.slice(eq + 1)];
        })
      ),
    };
  });
};

/** The one refresh cookie a response set; its value is kept as a secret for the leak check. */
const refreshCookieOf = (res: { headers: Record<string, unknown> }): SetCookie => {
  const cookies = setCookiesOf(res).filter(({ name }) => name === NAME);
  expect(cookies).toHaveLength(1);
  const cookie = cookies[0]!;
  if (cookie.value) app.secrets.add(cookie.value);
  return cookie;
};

interface Headers {
  origin?: string | null;
  https?: boolean;
  cookie?: string;
  bearer?: string;
  fetchSite?: string;
}

/** A POST to an auth route as the storefront's browser sends it, unless told otherwise. */
const post = (
  route: string,
  body: Record<string, unknown> = {},
  { origin = SHOP, https = true, cookie, bearer, fetchSite }: Headers = {}
) => {
  let call = app.http().post(`${PATH}/${route}`);
  if (origin !== null) call = call.set('Origin', origin);
  if (https) call = call.set('X-Forwarded-Proto', 'https');
  if (cookie !== undefined) call = call.set('Cookie', `${NAME}=${cookie}`);
  if (bearer) call = call.set('Authorization', `Bearer ${bearer}`);
  if (fetchSite) call = call.set('Sec-Fetch-Site', fetchSite);
  return call.send(body);
};

const me = (token: string) =>
  app.http().get('/api/customer-login/me').set('Authorization', `Bearer ${token}`);

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The session row a refresh token names (its first part is the session id). */
const sessionOf = async (refreshToken: string) =>
  (await app.strapi.db
    .query(SESSION_UID)
    .findOne({ where: { sessionId: refreshToken.split('.')[0] } })) as {
    sessionId: string;
    generation: number;
    refreshHash: string;
    endedAt: string | Date | null;
  } | null;

const openSessionsOf = async (customer: string) =>
  Number(
    await app.strapi.db.query(SESSION_UID).count({ where: { customer, endedAt: { $null: true } } })
  );

const expectRefused = (
  res: { status: number; body: unknown; headers: Record<string, unknown> },
  status: number,
  name: string,
  code?: string
) => {
  expect(res.status).toBe(status);
  expect(res.body).toMatchObject({
    data: null,
    error: { status, name, ...(code && { details: { code } }) },
  });
  expect(setCookiesOf(res).filter(({ name: cookie }) => cookie === NAME)).toEqual([]);
};

const signedIn = async () => {
  const customer = await createLoginCustomer(app, PASSWORD);
  app.secrets.add(PASSWORD);
  const res = await post('login', { email: customer.email, password: PASSWORD });
  expect(res.status).toBe(200);
  return { ...customer, jwt: res.body.jwt as string, refresh: refreshCookieOf(res).value };
};

describe('login in cookie mode', () => {
  test('sets the refresh token as an httpOnly, Secure, SameSite=Strict cookie on the auth routes only, for the session’s lifetime', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    app.secrets.add(PASSWORD);

    const before = Date.now();
    const res = await post('login', { email, password: PASSWORD });

    expect(res.status).toBe(200);
    const cookie = refreshCookieOf(res);
    expect(cookie.attributes).toEqual({
      path: PATH,
      'max-age': expect.any(String),
      expires: expect.any(String),
      httponly: true,
      secure: true,
      samesite: 'Strict',
    });
    // idleTimeout (14d) comes before maxLifetime (30d); a second may pass during the request.
    const maxAge = Number(cookie.attributes['max-age']);
    expect(maxAge).toBeLessThanOrEqual(FOURTEEN_DAYS);
    expect(maxAge).toBeGreaterThanOrEqual(FOURTEEN_DAYS - 2);
    const expires = Date.parse(cookie.attributes.expires as string);
    expect(Math.abs(expires - (before + FOURTEEN_DAYS * 1000))).toBeLessThan(5000);

    // It is the session's refresh token: the plugin stored its digest, and nothing else holds it.
    expect(await sessionOf(cookie.value)).toMatchObject({ refreshHash: sha256(cookie.value) });
    expect(Object.keys(res.body).sort()).toEqual(['customer', 'jwt', 'mustChangePassword']);
    expect((await me(res.body.jwt)).status).toBe(200);
  });

  test('Max-Age is the session’s remaining lifetime when maxLifetime comes first', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const key = 'plugin::customer-login.session.maxLifetime';
    app.strapi.config.set(key, '2h');
    try {
      const cookie = refreshCookieOf(await post('login', { email, password: PASSWORD }));
      expect(Number(cookie.attributes['max-age'])).toBeGreaterThan(2 * 3600 - 3);
      expect(Number(cookie.attributes['max-age'])).toBeLessThanOrEqual(2 * 3600);
    } finally {
      app.strapi.config.set(key, '30d');
    }
  });

  test.each([
    ['a foreign origin', { origin: 'https://evil.test' }, 403, 'ORIGIN_NOT_ALLOWED'],
    ['no origin', { origin: null }, 403, 'ORIGIN_NOT_ALLOWED'],
    ['plain http', { https: false }, 403, 'HTTPS_REQUIRED'],
  ])(
    'from %s is refused before any work: no cookie, no session',
    async (_case, headers, status, code) => {
      const { documentId, email } = await createLoginCustomer(app, PASSWORD);

      const res = await post('login', { email, password: PASSWORD }, headers);

      expectRefused(res, status, 'PolicyError', code);
      expect(res.body).not.toHaveProperty('jwt');
      expect(await openSessionsOf(documentId)).toBe(0);
    }
  );
});

describe('POST /auth/refresh in cookie mode', () => {
  test('rotates the cookie and answers only an access token; the old value is then refused', async () => {
    const { documentId, refresh } = await signedIn();

    const res = await post('refresh', {}, { cookie: refresh });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['jwt']);
    expect((await me(res.body.jwt)).status).toBe(200);
    const rotated = refreshCookieOf(res);
    expect(rotated.value).not.toBe(refresh);
    expect(rotated.attributes).toMatchObject({ path: PATH, httponly: true, samesite: 'Strict' });
    expect(await sessionOf(rotated.value)).toMatchObject({
      generation: 1,
      refreshHash: sha256(rotated.value),
    });

    // A moment later the old value lost a race (two tabs): refused, the session stays.
    expectRefused(
      await post('refresh', {}, { cookie: refresh }),
      409,
      'ConflictError',
      'REFRESH_TOKEN_SUPERSEDED'
    );
    expect(await openSessionsOf(documentId)).toBe(1);
    // Later it is a stolen copy: refused, and the whole session ends.
    await app.strapi.db.query(SESSION_UID).update({
      where: { sessionId: rotated.value.split('.')[0] },
      data: { refreshedAt: new Date(Date.now() - 60_000) },
    });
    expectRefused(await post('refresh', {}, { cookie: refresh }), 401, 'UnauthorizedError');
    expect(await openSessionsOf(documentId)).toBe(0);
    expectRefused(await post('refresh', {}, { cookie: rotated.value }), 401, 'UnauthorizedError');
  });

  test.each([
    ['a foreign origin', { origin: 'https://evil.test' }],
    [
      'a sibling subdomain (same site, so SameSite lets its cookie through)',
      { origin: 'https://blog.shop.test' },
    ],
    ['a look-alike host', { origin: 'https://shop.test.evil.test' }],
    ['the same host over http', { origin: 'http://shop.test' }],
    ['an opaque origin', { origin: 'null' }],
    ['no origin', { origin: null }],
    ['no origin and a cross-site fetch', { origin: null, fetchSite: 'cross-site' }],
    ['no origin and a same-site fetch', { origin: null, fetchSite: 'same-site' }],
  ])('from %s is 403 and rotates nothing', async (_case, headers) => {
    const { refresh } = await signedIn();
    const before = await sessionOf(refresh);

    const res = await post('refresh', {}, { cookie: refresh, ...headers });

    expectRefused(res, 403, 'PolicyError', 'ORIGIN_NOT_ALLOWED');
    expect(res.body).not.toHaveProperty('jwt');
    expect(await sessionOf(refresh)).toEqual(before);
    // Still the current token: had it been rotated, this would be a 409.
    expect((await post('refresh', {}, { cookie: refresh })).status).toBe(200);
  });

  test('a page of Strapi’s own origin, whose fetch names no Origin, may refresh', async () => {
    const { refresh } = await signedIn();

    const res = await post(
      'refresh',
      {},
      { cookie: refresh, origin: null, fetchSite: 'same-origin' }
    );

    expect(res.status).toBe(200);
    expect(refreshCookieOf(res).value).not.toBe(refresh);
  });

  test('over plain http is 403 HTTPS_REQUIRED and rotates nothing', async () => {
    const { refresh } = await signedIn();
    const before = await sessionOf(refresh);

    expectRefused(
      await post('refresh', {}, { cookie: refresh, https: false }),
      403,
      'PolicyError',
      'HTTPS_REQUIRED'
    );
    expect(await sessionOf(refresh)).toEqual(before);
  });

  test('a refreshToken in the body is a 400 naming it, with or without the cookie, and rotates nothing', async () => {
    const { refresh } = await signedIn();
    const before = await sessionOf(refresh);

    for (const cookie of [refresh, undefined]) {
      const res = await post('refresh', { refreshToken: refresh }, { cookie });
      expectRefused(res, 400, 'ValidationError');
      expect(res.body.error.details.errors[0].path).toEqual(['refreshToken']);
      expect(res.body.error.message).toMatch(/cookie/);
    }
    expect(await sessionOf(refresh)).toEqual(before);
  });

  test('without the cookie, or with a made-up one, is 401', async () => {
    expectRefused(await post('refresh'), 401, 'UnauthorizedError');
    expectRefused(await post('refresh', {}, { cookie: 'made-up' }), 401, 'UnauthorizedError');
  });
});

describe('POST /auth/logout in cookie mode', () => {
  test('ends the session and clears the cookie with the same attributes', async () => {
    const { documentId, jwt, refresh } = await signedIn();

    const res = await post('logout', {}, { bearer: jwt, cookie: refresh });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    const cleared = refreshCookieOf(res);
    expect(cleared).toEqual({
      name: NAME,
      value: '',
      attributes: {
        path: PATH,
        'max-age': '0',
        expires: new Date(0).toUTCString(),
        httponly: true,
        secure: true,
        samesite: 'Strict',
      },
    });
    expect(await openSessionsOf(documentId)).toBe(0);
    expect((await me(jwt)).status).toBe(401);
    expectRefused(await post('refresh', {}, { cookie: refresh }), 401, 'UnauthorizedError');
  });

  test('from a foreign origin is 403: the session stays and the cookie too', async () => {
    const { documentId, jwt, refresh } = await signedIn();

    expectRefused(
      await post('logout', {}, { bearer: jwt, cookie: refresh, origin: 'https://evil.test' }),
      403,
      'PolicyError',
      'ORIGIN_NOT_ALLOWED'
    );
    expect(await openSessionsOf(documentId)).toBe(1);
    expect((await me(jwt)).status).toBe(200);
  });
});

describe('the other routes that start a session in cookie mode', () => {
  test('change-password sets a new session’s cookie and answers no refresh token', async () => {
    const { documentId, jwt, refresh } = await signedIn();
    app.secrets.add('cookie-password-2');

    const res = await post(
      'change-password',
      {
        currentPassword: PASSWORD,
        password: 'cookie-password-2',
        passwordConfirmation: 'cookie-password-2',
      },
      { bearer: jwt, cookie: refresh }
    );

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['customer', 'jwt', 'mustChangePassword']);
    const cookie = refreshCookieOf(res);
    expect(cookie.attributes).toMatchObject({ path: PATH, httponly: true, secure: true });
    expect((await sessionOf(cookie.value))?.sessionId).not.toBe(
      (await sessionOf(refresh))?.sessionId
    );
    expect(await openSessionsOf(documentId)).toBe(1);
    expect((await post('refresh', {}, { cookie: cookie.value })).status).toBe(200);
  });

  test('reset-password sets the cookie and answers no refresh token', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const { code } = await requestPasswordReset(app, email);
    app.secrets.add('cookie-password-3');

    const res = await post('reset-password', {
      code,
      password: 'cookie-password-3',
      passwordConfirmation: 'cookie-password-3',
    });

    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['customer', 'jwt', 'mustChangePassword']);
    expect((await post('refresh', {}, { cookie: refreshCookieOf(res).value })).status).toBe(200);
  });
});

describe('session.cookie settings', () => {
  const set = (key: string, value: unknown) =>
    app.strapi.config.set(`plugin::customer-login.session.cookie.${key}`, value);
  afterEach(() => {
    set('name', undefined);
    set('secure', undefined);
    set('sameSite', undefined);
    set('domain', undefined);
  });

  test('name, secure: false, sameSite and domain shape the cookie, and http is then served', async () => {
    set('name', 'shop_refresh');
    set('secure', false);
    set('sameSite', 'lax');
    set('domain', 'shop.test');
    const { email } = await createLoginCustomer(app, PASSWORD);

    const res = await post('login', { email, password: PASSWORD }, { https: false });

    expect(res.status).toBe(200);
    const [cookie, ...more] = setCookiesOf(res);
    expect(more).toEqual([]);
    app.secrets.add(cookie!.value);
    expect(cookie!.name).toBe('shop_refresh');
    expect(cookie!.attributes).toEqual({
      path: PATH,
      domain: 'shop.test',
      'max-age': expect.any(String),
      expires: expect.any(String),
      httponly: true,
      samesite: 'Lax',
    });
    const refreshed = await app
      .http()
      .post(`${PATH}/refresh`)
      .set('Origin', SHOP)
      .set('Cookie', `shop_refresh=${cookie!.value}`)
      .send({});
    expect(refreshed.status).toBe(200);
    app.secrets.add(setCookiesOf(refreshed)[0]!.value);
  });
});

describe('no answer in cookie mode', () => {
  test('carried a refresh token in its body', () => {
    const sessionAnswers = app.responses.filter(({ body }) => body.includes('"jwt"'));
    expect(sessionAnswers.length).toBeGreaterThan(10);
    for (const { body } of sessionAnswers) {
      expect(JSON.parse(body)).not.toHaveProperty('refreshToken');
    }
  });
});
