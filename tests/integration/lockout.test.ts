import { createHash } from 'node:crypto';

import { createLoginCustomer, login, uniqueEmail } from '../helpers/api';
import { releaseTogether, type BurstRequest } from '../helpers/burst';
import { runStatements, selectRows } from '../helpers/database';
import { createTestDatabase, type TestApp } from '../helpers/strapi';
import { useTestApp, withTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const PASSWORD = 'lockout-password-1';
const THROTTLE_UID = 'plugin::customer-login.throttle';
const EVENT_UID = 'plugin::customer-login.event';
/** The defaults: lockout.maxAttempts, and lockout.maxAttemptsPerAddress (4 × maxAttempts). */
const LIMIT = 5;
const CEILING = 20;
const ADDRESS_LOCKED = 'Too many attempts for this address. Try again later.';
const ACCOUNT_LOCKED = 'Too many attempts for this account. Try again later.';

interface ThrottleRow {
  key: string;
  subject: string | null;
  hits: number;
}

interface ThrottleService {
  forgetCustomer(customer: { documentId: string; email?: string | null }): Promise<number>;
}

type Answer = { status: number; body: Record<string, unknown> };

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

let clientCount = 0;
/** A client address no other test uses. */
const newClient = () => {
  clientCount += 1;
  return `10.${(clientCount >> 16) & 255}.${(clientCount >> 8) & 255}.${clientCount & 255}`;
};

const expectLocked = (res: Answer, message = ADDRESS_LOCKED) => {
  expect(res.status).toBe(429);
  expect(res.body).toMatchObject({
    data: null,
    error: {
      status: 429,
      name: 'RateLimitError',
      message,
      details: { retryAfterSeconds: expect.any(Number) },
    },
  });
  const { retryAfterSeconds } = (res.body.error as { details: { retryAfterSeconds: number } })
    .details;
  expect(retryAfterSeconds).toBeGreaterThan(0);
  expect(retryAfterSeconds).toBeLessThanOrEqual(15 * 60);
};

interface PasswordsService {
  verify(password: string, hash: string | null): Promise<boolean>;
}

/** A JSON POST to the app, for `releaseTogether`. */
const prepared = (path: string, body: object, headers: Record<string, string>): BurstRequest => {
  if (!app.baseUrl) throw new Error('the app does not listen: boot it with { listen: true }');
  // The address is no secret: responses name it on purpose.
  for (const [key, value] of Object.entries(body)) {
    if (key !== 'email' && typeof value === 'string') app.secrets.add(value);
  }
  return { baseUrl: app.baseUrl, path: `/api/customer-login/auth/${path}`, headers, body };
};

interface PoolClient {
  pool: { max: number; numPendingAcquires(): number };
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
}

/**
 * Releases a burst behind a stalled database, a barrier: the test takes every connection of the
 * app's pool, sends the burst all at once, and gives the connections back once every request
 * waits for one at its first statement; the requests then reach the database together. Answers
 * the responses, with how many passwords were checked meanwhile.
 */
const releaseStalled = async (burst: BurstRequest[]) => {
  const passwords = app.strapi.plugin('customer-login').service('passwords') as PasswordsService;
  const client = app.strapi.db.connection.client as unknown as PoolClient;
  const { pool } = client;
  const held = await Promise.all(
    Array.from({ length: pool.max }, () => client.acquireConnection())
  );
  const verify = jest.spyOn(passwords, 'verify');
  try {
    const answered = releaseTogether(burst);
    answered.catch(() => undefined);
    try {
      await waitFor(() => (pool.numPendingAcquires() >= burst.length ? true : undefined), {
        timeoutMs: 30_000,
        what: `${burst.length} requests waiting for the pool`,
      });
    } finally {
      await Promise.all(held.map((connection) => client.releaseConnection(connection)));
    }
    const answers = await answered;
    return { answers, checks: verify.mock.calls.length };
  } finally {
    verify.mockRestore();
  }
};

/** A burst's wrong passwords: each checked one answers 400, each refused one 429. */
const expectChecked = (
  { answers, checks }: { answers: Answer[]; checks: number },
  atMost: number
) => {
  expect(answers.filter((res) => res.status !== 400 && res.status !== 429)).toEqual([]);
  expect(answers.filter((res) => res.status === 400).length).toBe(checks);
  expect(checks).toBeGreaterThan(0);
  expect(checks).toBeLessThanOrEqual(atMost);
};

let app: TestApp;

const rowsOf = async (subject: string) =>
  (await app.strapi.db.query(THROTTLE_UID).findMany({ where: { subject } })) as ThrottleRow[];

/** Moves the start of every count of this subject before the 15-minute window. */
const endWindow = async (subject: string, rows: number) => {
  const { count } = await app.strapi.db
    .query(THROTTLE_UID)
    .updateMany({ where: { subject }, data: { windowStart: new Date(Date.now() - 16 * 60_000) } });
  expect(count).toBe(rows);
};

const lockoutsOf = async (documentId: string) =>
  app.strapi.db
    .query(EVENT_UID)
    .count({ where: { customer: documentId, type: 'lockout-started' } });

describe('behind a proxy the site trusts', () => {
  const booted = useTestApp({ trustProxy: true, listen: true });
  beforeAll(() => {
    app = booted;
  });

  const wrongLogins = (count: number, email: string, client: () => string) =>
    Array.from({ length: count }, (_, i) =>
      prepared('login', { email, password: `a-wrong-guess-${i}` }, { 'x-forwarded-for': client() })
    );

  const loginFrom = (client: string, email: string, password: string) =>
    login(app, email, password, { from: client });

  const failFrom = async (client: string, email: string, times: number) => {
    for (let i = 0; i < times; i += 1) {
      expect((await loginFrom(client, email, `wrong-password-${i}`)).status).toBe(400);
    }
  };

  describe('login lockout, per address and client', () => {
    test('five failures lock that client out, even with the right password; another client logs in', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const other = await createLoginCustomer(app, PASSWORD);
      const [attacker, customer] = [newClient(), newClient()];

      await failFrom(attacker, email, LIMIT);

      expectLocked(await loginFrom(attacker, email, PASSWORD));
      expectLocked(await loginFrom(attacker, email.toUpperCase(), PASSWORD));
      expect((await loginFrom(customer, email, PASSWORD)).status).toBe(200);
      expect((await loginFrom(attacker, other.email, PASSWORD)).status).toBe(200);
    });

    test('an unknown address is locked the same way', async () => {
      const unknown = uniqueEmail('nobody');
      const client = newClient();

      await failFrom(client, unknown, LIMIT);

      expectLocked(await loginFrom(client, unknown, PASSWORD));
    });

    test('failures spread over clients lock every client out at lockout.maxAttemptsPerAddress', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);

      for (let i = 0; i < CEILING / LIMIT; i += 1) await failFrom(newClient(), email, LIMIT);

      expectLocked(await loginFrom(newClient(), email, PASSWORD));
      expectLocked(await loginFrom(newClient(), email, PASSWORD));
    });

    test('attempts refused for their client do not count towards the address', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const attacker = newClient();
      await failFrom(attacker, email, LIMIT);

      for (let i = 0; i < CEILING; i += 1) {
        expectLocked(await loginFrom(attacker, email, `still-guessing-${i}`));
      }

      expect((await loginFrom(newClient(), email, PASSWORD)).status).toBe(200);
    });

    test('attempts refused for the address do not count for their client', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      for (let i = 0; i < CEILING / LIMIT; i += 1) await failFrom(newClient(), email, LIMIT);
      const customer = newClient();
      for (let i = 0; i < LIMIT + 1; i += 1) {
        expectLocked(await loginFrom(customer, email, PASSWORD));
      }

      // Only the address's window ends: the customer's own count started later.
      const { count } = await app.strapi.db.query(THROTTLE_UID).updateMany({
        where: { key: `login:${sha256(email)}` },
        data: { windowStart: new Date(Date.now() - 16 * 60_000) },
      });
      expect(count).toBe(1);

      expect((await loginFrom(customer, email, PASSWORD)).status).toBe(200);
    });

    test('a success clears its own client count, not another client', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const [mine, theirs] = [newClient(), newClient()];
      await failFrom(mine, email, LIMIT - 1);
      await failFrom(theirs, email, LIMIT - 1);

      expect((await loginFrom(mine, email, PASSWORD)).status).toBe(200);

      await failFrom(mine, email, LIMIT - 1);
      expect((await loginFrom(mine, email, PASSWORD)).status).toBe(200);
      await failFrom(theirs, email, 1);
      expectLocked(await loginFrom(theirs, email, PASSWORD));
    });

    // A success undoes its own count at the address and nothing else: failures before it may have
    // come from someone else sharing the client's network.
    test('successes never count towards the address, failures before them still do', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const [home, phone] = [newClient(), newClient()];

      for (let i = 0; i < CEILING + LIMIT; i += 1) {
        expect((await loginFrom(i % 2 ? home : phone, email, PASSWORD)).status).toBe(200);
      }

      for (let i = 0; i < CEILING / LIMIT - 1; i += 1) await failFrom(newClient(), email, LIMIT);
      await failFrom(home, email, LIMIT - 1);
      expect((await loginFrom(home, email, PASSWORD)).status).toBe(200);
      await failFrom(newClient(), email, 1);
      expectLocked(await loginFrom(newClient(), email, PASSWORD));
    });

    test('the lock ends with its window', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const client = newClient();
      await failFrom(client, email, LIMIT);
      expectLocked(await loginFrom(client, email, PASSWORD));

      await endWindow(sha256(email), 2);

      expect((await loginFrom(client, email, PASSWORD)).status).toBe(200);
    });

    test('a lockout is recorded on the failure that uses up a limit, once per limit', async () => {
      const { documentId, email } = await createLoginCustomer(app, PASSWORD);
      const first = newClient();

      await failFrom(first, email, LIMIT - 1);
      expect(await lockoutsOf(documentId)).toBe(0);
      await failFrom(first, email, 1);
      expect(await lockoutsOf(documentId)).toBe(1);
      expectLocked(await loginFrom(first, email, 'wrong-password-x'));
      expect(await lockoutsOf(documentId)).toBe(1);

      // Each other client that uses up its limit starts a lockout of its own; the last of them
      // also uses up the address's.
      for (let i = 1; i < CEILING / LIMIT; i += 1) await failFrom(newClient(), email, LIMIT);
      expect(await lockoutsOf(documentId)).toBe(CEILING / LIMIT);
      expectLocked(await loginFrom(newClient(), email, 'wrong-password-y'));
      expect(await lockoutsOf(documentId)).toBe(CEILING / LIMIT);
    });

    test('addresses and clients are stored only as hashes, beside the subject they count', async () => {
      const email = uniqueEmail('hashed');
      const client = newClient();
      await failFrom(client, email, 1);

      const rows = await rowsOf(sha256(email));

      expect(rows.map((row) => row.key).sort()).toEqual([
        `login:${sha256(email)}`,
        expect.stringMatching(new RegExp(`^login:${sha256(email)}:[0-9a-f]{64}$`)),
      ]);
      const all = JSON.stringify(await app.strapi.db.query(THROTTLE_UID).findMany());
      expect(all).not.toContain(email);
      expect(all).not.toContain(client);
    });
  });

  describe('address requests, per address and client', () => {
    test.each(['forgot-password', 'send-email-confirmation'])(
      '%s: 5 per client, then 429, and lockout.maxAttemptsPerAddress over all clients, known and unknown addresses alike',
      async (path) => {
        const { email: known } = await createLoginCustomer(app, PASSWORD);
        const unknown = uniqueEmail('nobody');
        const ask = (client: string, email: string) =>
          app
            .http()
            .post(`/api/customer-login/auth/${path}`)
            .set('X-Forwarded-For', client)
            .send({ email });

        for (const email of [known, unknown]) {
          const clients = Array.from({ length: CEILING / LIMIT }, newClient);
          for (const client of clients) {
            for (let i = 0; i < LIMIT; i += 1) expect((await ask(client, email)).status).toBe(200);
            expectLocked(await ask(client, email));
          }
          expectLocked(await ask(newClient(), email));
        }
      }
    );
  });

  describe('change-password, per customer', () => {
    const signedIn = async () => {
      const customer = await createLoginCustomer(app, PASSWORD);
      const res = await loginFrom(newClient(), customer.email, PASSWORD);
      expect(res.status).toBe(200);
      return { ...customer, token: res.body.jwt as string };
    };

    const changePassword = (token: string, currentPassword: string, client = newClient()) => {
      app.secrets.add(currentPassword);
      return app
        .http()
        .post('/api/customer-login/auth/change-password')
        .set('Authorization', `Bearer ${token}`)
        .set('X-Forwarded-For', client)
        .send({
          currentPassword,
          password: 'changed-password-9',
          passwordConfirmation: 'changed-password-9',
        });
    };

    const expectWrongCurrent = (res: Answer) => {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        error: { name: 'ValidationError', details: { errors: [{ path: ['currentPassword'] }] } },
      });
    };

    test('five wrong current passwords from any clients, then 429 even with the right one; nothing changes', async () => {
      const { email, token } = await signedIn();
      const other = await signedIn();

      for (let i = 0; i < LIMIT; i += 1) {
        expectWrongCurrent(await changePassword(token, `wrong-current-${i}`));
      }

      expectLocked(await changePassword(token, PASSWORD), ACCOUNT_LOCKED);
      expect((await loginFrom(newClient(), email, PASSWORD)).status).toBe(200);
      expect((await changePassword(other.token, PASSWORD)).status).toBe(200);
    });

    test('the right current password clears the count', async () => {
      const { token } = await signedIn();
      for (let i = 0; i < LIMIT - 1; i += 1) {
        expectWrongCurrent(await changePassword(token, `wrong-current-${i}`));
      }

      const changed = await changePassword(token, PASSWORD);
      expect(changed.status).toBe(200);

      const session = changed.body.jwt as string;
      for (let i = 0; i < LIMIT; i += 1) {
        expectWrongCurrent(await changePassword(session, `wrong-again-${i}`));
      }
      expectLocked(await changePassword(session, 'changed-password-9'), ACCOUNT_LOCKED);
    });

    test('a burst of 20 wrong current passwords gets at most 5 checks', async () => {
      const { token } = await signedIn();
      const client = newClient();
      const burst = Array.from({ length: 20 }, (_, i) =>
        prepared(
          'change-password',
          {
            currentPassword: `burst-${i}`,
            password: 'changed-password-9',
            passwordConfirmation: 'changed-password-9',
          },
          { authorization: `Bearer ${token}`, 'x-forwarded-for': client }
        )
      );

      expectChecked(await releaseStalled(burst), LIMIT);
      expectLocked(await changePassword(token, PASSWORD), ACCOUNT_LOCKED);
    });
  });

  describe('concurrent requests', () => {
    // Strapi makes no database index of an attribute's `unique`; without the plugin's own unique
    // index, a burst of first attempts on PostgreSQL or MariaDB created one row each and split the
    // count between them.
    test('a burst of first attempts from one client counts on one row per limit and loses none', async () => {
      const email = uniqueEmail('burst');
      const client = newClient();
      const burst = Array.from({ length: 10 }, () =>
        prepared('forgot-password', { email }, { 'x-forwarded-for': client })
      );

      const { answers } = await releaseStalled(burst);

      const rows = (await rowsOf(sha256(email))).sort((a, b) => b.key.length - a.key.length);
      expect(rows.map((row) => row.key)).toEqual([
        expect.stringMatching(/^forgot-password:[0-9a-f]{64}:[0-9a-f]{64}$/),
        `forgot-password:${sha256(email)}`,
      ]);
      const served = answers.filter((res) => res.status === 200).length;
      expect(answers.filter((res) => res.status !== 200 && res.status !== 429)).toEqual([]);
      expect(served).toBeGreaterThan(0);
      expect(served).toBeLessThanOrEqual(LIMIT);
      // Every attempt counts for the client; only those it let through count for the address.
      expect(rows.map((row) => row.hits)).toEqual([10, served]);
      expectLocked(
        await app
          .http()
          .post('/api/customer-login/auth/forgot-password')
          .set('X-Forwarded-For', client)
          .send({ email })
      );
    });

    test('20 concurrent wrong passwords from one client: at most 5 are checked, and the lock holds', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const client = newClient();

      expectChecked(await releaseStalled(wrongLogins(20, email, () => client)), LIMIT);
      expectLocked(await loginFrom(client, email, PASSWORD));
    });

    // A count read and then written lets every attempt of a burst released after the window
    // ended read the old count and write 1, so the whole burst is checked.
    test('40 wrong passwords from one client released after the window ended: at most 5 are checked', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);
      const client = newClient();
      await failFrom(client, email, LIMIT);
      expectLocked(await loginFrom(client, email, PASSWORD));
      await endWindow(sha256(email), 2);

      expectChecked(await releaseStalled(wrongLogins(40, email, () => client)), LIMIT);
      expectLocked(await loginFrom(client, email, PASSWORD));
    });

    test('40 wrong passwords from 40 clients, fresh and after the window ended: at most lockout.maxAttemptsPerAddress are checked each time', async () => {
      const { email } = await createLoginCustomer(app, PASSWORD);

      expectChecked(await releaseStalled(wrongLogins(40, email, newClient)), CEILING);
      expectLocked(await loginFrom(newClient(), email, PASSWORD));
      // A row per client (the 41 so far) and the address's.
      await endWindow(sha256(email), 42);

      expectChecked(await releaseStalled(wrongLogins(40, email, newClient)), CEILING);
      expectLocked(await loginFrom(newClient(), email, PASSWORD));
    });
  });

  describe('the counts of a deleted customer', () => {
    const throttle = () =>
      app.strapi.plugin('customer-login').service('throttle') as ThrottleService;

    /** Counts of every kind for this customer: login, both address requests, change-password. */
    const countEverything = async (customer: { email: string; documentId: string }) => {
      const client = newClient();
      await failFrom(client, customer.email, LIMIT);
      for (const path of ['forgot-password', 'send-email-confirmation']) {
        const res = await app
          .http()
          .post(`/api/customer-login/auth/${path}`)
          .set('X-Forwarded-For', client)
          .send({ email: customer.email });
        expect(res.status).toBe(200);
      }
      const session = await loginFrom(newClient(), customer.email, PASSWORD);
      expect(session.status).toBe(200);
      const wrong = await app
        .http()
        .post('/api/customer-login/auth/change-password')
        .set('Authorization', `Bearer ${session.body.jwt as string}`)
        .send({
          currentPassword: 'wrong-current-1',
          password: 'changed-password-9',
          passwordConfirmation: 'changed-password-9',
        });
      expect(wrong.status).toBe(400);
      // Six address rows (a client's and the address's, per kind), one customer row.
      expect(await rowsOf(sha256(customer.email))).toHaveLength(6);
      expect(await rowsOf(customer.documentId)).toHaveLength(1);
      return client;
    };

    test("forgetCustomer deletes every count of the customer and its address, and no one else's", async () => {
      const customer = await createLoginCustomer(app, PASSWORD);
      const neighbour = await createLoginCustomer(app, PASSWORD);
      const client = await countEverything(customer);
      await countEverything(neighbour);
      expectLocked(await loginFrom(client, customer.email, PASSWORD));

      const removed = await app.strapi.db.transaction(() =>
        throttle().forgetCustomer({
          documentId: customer.documentId,
          email: ` ${customer.email.toUpperCase()} `,
        })
      );

      expect(removed).toBe(7);
      expect(await rowsOf(sha256(customer.email))).toEqual([]);
      expect(await rowsOf(customer.documentId)).toEqual([]);
      expect(await rowsOf(sha256(neighbour.email))).toHaveLength(6);
      expect(await rowsOf(neighbour.documentId)).toHaveLength(1);
      expect((await loginFrom(client, customer.email, PASSWORD)).status).toBe(200);
    });

    test('it runs in the caller transaction: a delete rolled back keeps the counts', async () => {
      const customer = await createLoginCustomer(app, PASSWORD);
      await countEverything(customer);

      await expect(
        app.strapi.db.transaction(async () => {
          expect(await throttle().forgetCustomer(customer)).toBe(7);
          throw new Error('the delete failed');
        })
      ).rejects.toThrow('the delete failed');

      expect(await rowsOf(sha256(customer.email))).toHaveLength(6);
      expect(await rowsOf(customer.documentId)).toHaveLength(1);
    });

    test('a customer without an address loses its own counts only', async () => {
      const customer = await createLoginCustomer(app, PASSWORD);
      await countEverything(customer);

      expect(
        await throttle().forgetCustomer({ documentId: customer.documentId, email: null })
      ).toBe(1);

      expect(await rowsOf(customer.documentId)).toEqual([]);
      expect(await rowsOf(sha256(customer.email))).toHaveLength(6);
    });

    test('the subject has an index of its own', async () => {
      const indexes = await app.strapi.db.dialect.schemaInspector.getIndexes(
        'customer_login_throttles'
      );
      expect(indexes.map(({ columns }) => columns.join(','))).toEqual(
        expect.arrayContaining(['subject'])
      );
    });
  });

  test('the daily housekeeping deletes counts whose window has ended, and keeps running ones', async () => {
    const [ended, running] = [uniqueEmail('ended'), uniqueEmail('running')];
    for (const email of [ended, running]) {
      const res = await app.http().post('/api/customer-login/auth/forgot-password').send({ email });
      expect(res.status).toBe(200);
    }
    await endWindow(sha256(ended), 2);

    const removed = (await app.strapi.plugin('customer-login').service('housekeeping').run()) as {
      throttles: number;
    };

    expect(removed.throttles).toBeGreaterThanOrEqual(2);
    expect(await rowsOf(sha256(ended))).toEqual([]);
    expect(await rowsOf(sha256(running))).toHaveLength(2);
  });
});

describe('without a proxy the site trusts', () => {
  const booted = useTestApp();
  beforeAll(() => {
    app = booted;
  });

  test('a forged X-Forwarded-For does not give a fresh count: the connection is the client', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const forged = (password: string) => {
      app.secrets.add(password);
      return app
        .http()
        .post('/api/customer-login/auth/login')
        .set('X-Forwarded-For', newClient())
        .send({ email, password });
    };

    for (let i = 0; i < LIMIT; i += 1)
      expect((await forged(`wrong-password-${i}`)).status).toBe(400);

    expectLocked(await forged(PASSWORD));
    expectLocked(await login(app, email, PASSWORD));
  });
});

describe('behind a trusted proxy, addresses a client puts in X-Forwarded-For', () => {
  const booted = useTestApp({ trustProxy: true });
  beforeAll(() => {
    app = booted;
  });

  // maxIpsCount: 1 (tests/app/config/server.js) takes only the address the proxy appended.
  test('do not give a fresh count', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const real = newClient();
    const prefixed = (password: string) => {
      app.secrets.add(password);
      return app
        .http()
        .post('/api/customer-login/auth/login')
        .set('X-Forwarded-For', `${newClient()}, ${real}`)
        .send({ email, password });
    };

    for (let i = 0; i < LIMIT; i += 1) {
      expect((await prefixed(`wrong-password-${i}`)).status).toBe(400);
    }

    expectLocked(await prefixed(PASSWORD));
    const elsewhere = await app
      .http()
      .post('/api/customer-login/auth/login')
      .set('X-Forwarded-For', newClient())
      .send({ email, password: PASSWORD });
    expect(elsewhere.status).toBe(200);
  });
});

// The subject column came after sites had counts; a NOT NULL one stopped PostgreSQL and SQLite
// from adding it to a table with rows.
test('a database with counts stored before the subject column boots, and they get one', async () => {
  const database = await createTestDatabase();
  try {
    const email = uniqueEmail('before');
    await withTestApp({ database }, async (first) => {
      const res = await first
        .http()
        .post('/api/customer-login/auth/forgot-password')
        .send({ email });
      expect(res.status).toBe(200);
    });
    const table = 'customer_login_throttles';
    await runStatements(database, [
      database.client === 'mysql'
        ? `DROP INDEX customer_login_throttles_subject_idx ON ${table}`
        : 'DROP INDEX customer_login_throttles_subject_idx',
      `ALTER TABLE ${table} DROP COLUMN subject`,
      // Strapi syncs the schema only when the one it stored differs.
      'DELETE FROM strapi_database_schema',
    ]);

    await withTestApp({ database }, async (restarted) => {
      app = restarted;
      expect(await selectRows(database, table, {}, ['subject'])).toEqual([
        { subject: null },
        { subject: null },
      ]);
      const res = await app.http().post('/api/customer-login/auth/forgot-password').send({ email });
      expect(res.status).toBe(200);

      expect((await rowsOf(sha256(email))).map((row) => row.hits).sort()).toEqual([2, 2]);
    });
  } finally {
    await database.drop();
  }
});
