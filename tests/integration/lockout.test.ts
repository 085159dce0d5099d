import { createHash } from 'node:crypto';

import { createLoginCustomer, login, uniqueEmail } from '../helpers/api';
import { startTestApp, type TestApp } from '../helpers/strapi';

const PASSWORD = 'lockout-password-1';
const THROTTLE_UID = 'plugin::customer-login.throttle';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

const failTimes = async (email: string, times: number) => {
  for (let i = 0; i < times; i += 1) {
    expect((await login(app, email, `wrong-password-${i}`)).status).toBe(400);
  }
};

const expectLocked = (res: { status: number; body: Record<string, unknown> }) => {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({
    data: null,
    error: {
      status: 429,
      name: 'RateLimitError',
      message: 'Too many attempts for this address. Try again later.',
      details: { retryAfterSeconds: expect.any(Number) },
    },
  });
};

describe('login lockout', () => {
  test('after 5 failures the address gets 429 for the window, even with the right password', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const other = await createLoginCustomer(app, PASSWORD);

    await failTimes(email, 5);

    expectLocked(await login(app, email, PASSWORD));
    expectLocked(await login(app, email.toUpperCase(), PASSWORD));
    expect((await login(app, other.email, PASSWORD)).status).toBe(200);
  });

  test('an unknown address is locked the same way', async () => {
    const unknown = uniqueEmail('nobody');

    await failTimes(unknown, 5);

    expectLocked(await login(app, unknown, PASSWORD));
  });

  test('a success clears the count', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);

    await failTimes(email, 4);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    await failTimes(email, 4);

    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('the lock ends with its window', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    await failTimes(email, 5);
    expectLocked(await login(app, email, PASSWORD));

    await app.strapi.db
      .query(THROTTLE_UID)
      .updateMany({ where: {}, data: { windowStart: new Date(Date.now() - 16 * 60_000) } });

    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('addresses are stored only as hashes', async () => {
    const email = uniqueEmail('hashed');
    await failTimes(email, 1);

    const rows = (await app.strapi.db.query(THROTTLE_UID).findMany()) as Array<{ key: string }>;

    expect(JSON.stringify(rows)).not.toContain(email);
    expect(rows.every((row) => /^[a-z-]+:[0-9a-f]{64}$/.test(row.key))).toBe(true);
  });
});

describe('address requests are limited per address', () => {
  test.each(['forgot-password', 'send-email-confirmation'])(
    '%s: 5 requests, then 429, for known and unknown addresses alike',
    async (path) => {
      const { email: known } = await createLoginCustomer(app, PASSWORD);
      const unknown = uniqueEmail('nobody');

      for (const email of [known, unknown]) {
        for (let i = 0; i < 5; i += 1) {
          const res = await app.http().post(`/api/customer-login/auth/${path}`).send({ email });
          expect(res.status).toBe(200);
        }
        const res = await app.http().post(`/api/customer-login/auth/${path}`).send({ email });
        expectLocked(res);
      }
    }
  );
});

describe('concurrent requests', () => {
  // Strapi makes no database index of an attribute's `unique`; without the plugin's own unique
  // index, a burst of first attempts on PostgreSQL or MariaDB created one row each and split the
  // count between them.
  test('a burst of first attempts for one address counts on one row and loses none', async () => {
    const email = uniqueEmail('burst');
    const key = `forgot-password:${createHash('sha256').update(email).digest('hex')}`;

    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        app.http().post('/api/customer-login/auth/forgot-password').send({ email })
      )
    );

    const rows = (await app.strapi.db.query(THROTTLE_UID).findMany({ where: { key } })) as Array<{
      hits: number;
    }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hits).toBe(10);
    // Each attempt reads the count back after its increment, so a concurrent one may be refused
    // early; never more than the limit get through.
    const served = answers.filter((res) => res.status === 200).length;
    expect(served).toBeGreaterThan(0);
    expect(served).toBeLessThanOrEqual(5);
    expect(answers.every((res) => res.status === 200 || res.status === 429)).toBe(true);
    expectLocked(await app.http().post('/api/customer-login/auth/forgot-password').send({ email }));
  });

  // The attempt is counted before the password is checked: a burst of concurrent guesses gets no
  // more checks than the limit, however many arrive at once.
  test('20 concurrent wrong passwords: at most 5 are checked, the rest get 429, and the lock holds', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);

    const answers = await Promise.all(
      Array.from({ length: 20 }, () => login(app, email, 'a-wrong-guess-9'))
    );

    const checked = answers.filter((res) => res.status === 400).length;
    expect(checked).toBeGreaterThan(0);
    expect(checked).toBeLessThanOrEqual(5);
    expect(answers.filter((res) => res.status === 429)).toHaveLength(20 - checked);
    expectLocked(await login(app, email, PASSWORD));
  });
});
