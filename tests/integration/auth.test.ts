import { createHash } from 'node:crypto';
import { Worker } from 'node:worker_threads';

import {
  confirmationLinkIn,
  confirmationTokenIn,
  confirmThroughLink,
  createCustomer,
  createLoginCustomer,
  login,
  pathOf,
  requestPasswordReset,
  uniqueEmail,
  updateCustomer,
} from '../helpers/api';
import { CUSTOMER_UID, type TestApp } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'customer-password-1';
const TOKEN_UID = 'plugin::customer-login.token';

const app = useTestApp();

/** A customer with login enabled and an unconfirmed address, and the link emailed to them. */
const unconfirmedCustomer = async () => {
  const email = uniqueEmail();
  const res = await createCustomer(app, {
    email,
    loginEnabled: true,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);
  return {
    email,
    documentId: res.body.data.documentId as string,
    link: confirmationLinkIn(mail!)!,
    token: confirmationTokenIn(mail!)!,
  };
};

describe('POST /api/customer-login/auth/login', () => {
  test('unknown email, wrong password and disabled login give one and the same answer', async () => {
    const email = uniqueEmail();
    const created = await createCustomer(app, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    }).expect(201);
    const wrongPassword = await login(app, email, 'not-the-password');
    const unknownEmail = await login(app, uniqueEmail('nobody'), PASSWORD);
    await updateCustomer(app, created.body.data.documentId, { email, loginEnabled: false }).expect(
      200
    );
    const disabled = await login(app, email, PASSWORD);

    for (const res of [wrongPassword, unknownEmail, disabled]) {
      expect(res.status).toBe(400);
      expect(res.body).toEqual({
        data: null,
        error: {
          status: 400,
          name: 'ValidationError',
          message: 'Invalid email or password',
          details: {},
        },
      });
    }
  });

  test('an address with a NUL character is an unknown one, on PostgreSQL too', async () => {
    const email = `${uniqueEmail('nul')}\u0000`;
    const logged = app.logs.length;

    const res = await login(app, email, PASSWORD);
    const forgot = await app
      .http()
      .post('/api/customer-login/auth/forgot-password')
      .send({ email });
    // Its lookup runs after the answer: a reset asked for after it, and its email, is the signal
    // that the lookup has had its turn.
    const { email: known } = await createLoginCustomer(app, PASSWORD);
    await requestPasswordReset(app, known);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('Invalid email or password');
    expect(forgot.status).toBe(200);
    expect(app.logs.slice(logged).filter((line) => /error/i.test(line))).toEqual([]);
  });

  // MySQL and MariaDB compare with collations that ignore accents.
  test('an address differing by an accent is another address, on MariaDB too', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const accented = email.replace('customer', 'custömer');

    expect((await login(app, accented, PASSWORD)).status).toBe(400);
    const other = await createLoginCustomer(app, PASSWORD, { email: accented });
    expect((await login(app, accented, PASSWORD)).status).toBe(200);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
    expect(other.email).toBe(accented);
  });

  test('a customer without a password cannot log in', async () => {
    const email = uniqueEmail();
    await createCustomer(app, { email, loginEnabled: true, emailConfirmed: true }).expect(201);

    expect((await login(app, email, '')).status).toBe(400);
    expect((await login(app, email, 'anything-at-all')).status).toBe(400);
  });

  test.each([
    ['no body', undefined, 'email'],
    ['no password', { email: 'a@b.test' }, 'password'],
    ['a number for email', { email: 42, password: 'x' }, 'email'],
    ['an unknown key', { email: 'a@b.test', password: 'x', admin: true }, ''],
  ])('a malformed body (%s) is a 400 naming the field', async (_case, body, path) => {
    const res = await app.http().post('/api/customer-login/auth/login').send(body);

    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.details.errors[0].path.join('.')).toBe(path);
  });
});

describe('email confirmation', () => {
  test('an unconfirmed customer gets 403 until the emailed link is followed', async () => {
    const { email, link } = await unconfirmedCustomer();

    const refused = await login(app, email, PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({
      data: null,
      error: {
        status: 403,
        name: 'PolicyError',
        message: expect.stringMatching(/not confirmed/),
        details: { code: 'EMAIL_NOT_CONFIRMED' },
      },
    });

    const opened = await app.http().get(pathOf(link));
    expect(opened.status).toBe(200);
    expect(opened.headers['content-type']).toMatch(/text\/html/);
    expect(opened.text).toContain('Confirm my email address');
    // Opening the link (as a mail scanner does) confirms nothing.
    expect((await login(app, email, PASSWORD)).status).toBe(403);

    const confirmed = await confirmThroughLink(app, link);
    expect(confirmed.status).toBe(200);
    expect(confirmed.text).toContain('Your email address is confirmed');

    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('a link used once says "already confirmed" when opened or pressed again', async () => {
    const { link, token } = await unconfirmedCustomer();
    expect((await confirmThroughLink(app, link)).status).toBe(200);

    const reopened = await app.http().get(pathOf(link));
    const repressed = await app
      .http()
      .post('/api/customer-login/auth/email-confirmation')
      .send({ confirmation: token });

    expect(reopened.status).toBe(200);
    expect(reopened.text).toContain('Your email address is already confirmed');
    expect(repressed.body).toEqual({ ok: true, alreadyConfirmed: true });
  });

  test('a used link of an address that is no longer confirmed is refused', async () => {
    const { documentId, link } = await unconfirmedCustomer();
    expect((await confirmThroughLink(app, link)).status).toBe(200);
    await app.strapi.db
      .query(CUSTOMER_UID)
      .updateMany({ where: { documentId }, data: { emailConfirmed: false } });

    const again = await confirmThroughLink(app, link);

    expect(again.status).toBe(400);
    expect(again.body.error).toMatchObject({
      name: 'ValidationError',
      message: 'This confirmation link has already been used.',
    });
  });

  test('a site page can confirm with JSON', async () => {
    const { email, token } = await unconfirmedCustomer();

    const res = await app
      .http()
      .post('/api/customer-login/auth/email-confirmation')
      .send({ confirmation: token });

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, alreadyConfirmed: false });
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('an expired link fails and confirms nothing', async () => {
    const { email, link, token } = await unconfirmedCustomer();
    const tokenHash = createHash('sha256').update(token).digest('hex');
    await app.strapi.db
      .query(TOKEN_UID)
      .updateMany({ where: { tokenHash }, data: { expiresAt: new Date(Date.now() - 1000) } });

    const res = await confirmThroughLink(app, link);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('This confirmation link has expired. Ask for a new one.');
    expect((await login(app, email, PASSWORD)).status).toBe(403);
  });

  test.each([
    ['an unknown token', `?confirmation=${'A'.repeat(43)}`],
    ['a malformed token', '?confirmation=%3Cscript%3E'],
  ])('%s gets a 400 saying the link is not valid', async (_case, query) => {
    const res = await app.http().get(`/api/customer-login/auth/email-confirmation${query}`);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe('This confirmation link is not valid. Ask for a new one.');
  });

  test('a missing token is a 400 naming the parameter', async () => {
    const res = await app.http().get('/api/customer-login/auth/email-confirmation');

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['confirmation']);
  });

  test('a link sent to a previous address does not confirm the new one', async () => {
    const { documentId, link } = await unconfirmedCustomer();
    const newEmail = uniqueEmail('moved');
    await app.strapi.db
      .query(CUSTOMER_UID)
      .updateMany({ where: { documentId }, data: { email: newEmail } });

    const res = await confirmThroughLink(app, link);

    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/no longer uses/);
    // Written past the document service, the new address is not yet the login address (the index
    // follows it at the next boot): the row itself shows it stayed unconfirmed.
    const rows = await app.strapi.db
      .query(CUSTOMER_UID)
      .findMany({ where: { documentId }, select: ['emailConfirmed'] });
    expect(rows.map((row: { emailConfirmed: unknown }) => Boolean(row.emailConfirmed))).toEqual([
      false,
    ]);
  });

  test('the token is stored only as a hash', async () => {
    const { token } = await unconfirmedCustomer();

    const rows = (await app.strapi.db.query(TOKEN_UID).findMany()) as Array<
      Record<string, unknown>
    >;

    expect(JSON.stringify(rows)).not.toContain(token);
    expect(
      rows.some((row) => row.tokenHash === createHash('sha256').update(token).digest('hex'))
    ).toBe(true);
  });
});

describe('the public Content API', () => {
  test('GET /api/customers shows none of the login fields', async () => {
    const email = uniqueEmail();
    await createCustomer(app, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    }).expect(201);
    const { accessKey } = (await app.strapi.service('admin::api-token').create({
      name: 'read customers',
      type: 'full-access',
      lifespan: null,
    })) as { accessKey: string };

    const res = await app.http().get('/api/customers').set('Authorization', `Bearer ${accessKey}`);

    expect(res.status).toBe(200);
    const listed = (res.body.data as Array<Record<string, unknown>>).find((c) => c.email === email);
    expect(listed).toBeDefined();
    for (const key of ['password', 'loginEnabled', 'emailConfirmed']) {
      expect(listed).not.toHaveProperty(key);
    }
  });
});

describe('bcrypt work per login', () => {
  // The plugin's pool posts one message per job to its worker threads, the only place bcryptjs
  // runs (the pool's unit test proves that): counting the messages counts the comparisons made.
  const jobsOf = async (attempt: () => Promise<unknown>) => {
    const posted = jest.spyOn(Worker.prototype, 'postMessage');
    try {
      await attempt();
      return posted.mock.calls.map(([message]) => (message as { operation: string }).operation);
    } finally {
      posted.mockRestore();
    }
  };
  const comparisons = (jobs: string[]) => jobs.filter((job) => job === 'compare').length;

  test('an unknown address costs one comparison, as a wrong password of a known one does', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);

    const known = await jobsOf(async () => {
      expect((await login(app, email, 'not-the-password')).status).toBe(400);
    });
    const unknown = await jobsOf(async () => {
      expect((await login(app, uniqueEmail('nobody'), PASSWORD)).status).toBe(400);
    });

    expect(comparisons(known)).toBe(1);
    expect(comparisons(unknown)).toBe(1);
  });
});

describe('database work per login', () => {
  /**
   * How many commits wrote attempt counts: the transactions that wrote one, and each such
   * statement outside a transaction. knex names a statement's transaction, and on SQLite keeps
   * naming the last one after it ended, so a transaction counts from its BEGIN to its end.
   */
  const countCommitsOf = async (attempt: () => Promise<unknown>) => {
    const open = new Set<string>();
    const transactions = new Set<string>();
    let alone = 0;
    const listener = ({ sql, __knexTxId: id }: { sql: string; __knexTxId?: string }) => {
      if (/^\s*begin\b/i.test(sql) && id) open.add(id);
      else if (/^\s*(commit|rollback)\b/i.test(sql) && id) open.delete(id);
      else if (
        /^\s*(insert|update|delete)\b/i.test(sql) &&
        sql.includes('customer_login_throttles')
      ) {
        if (id && open.has(id)) transactions.add(id);
        else alone += 1;
      }
    };
    app.strapi.db.connection.on('query', listener);
    try {
      await attempt();
    } finally {
      app.strapi.db.connection.off('query', listener);
    }
    return transactions.size + alone;
  };

  test('a successful login counts and takes back its attempt in two commits (four on MySQL)', async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    // A first login of this client creates its rows.
    expect((await login(app, email, PASSWORD)).status).toBe(200);

    const commits = await countCommitsOf(async () => {
      expect((await login(app, email, PASSWORD)).status).toBe(200);
    });

    // MySQL and MariaDB count in a transaction per count, and a client row a success deleted
    // comes back with an INSERT of its own.
    expect(commits).toBe(app.strapi.db.dialect.client === 'mysql' ? 4 : 2);
  });
});

describe('two concurrent uses of one token', () => {
  interface TokensService {
    issue(input: {
      customer: string;
      email: string;
      purpose: string;
      ttlMs: number;
    }): Promise<string>;
    consume(token: string, purpose: string): Promise<{ status: string }>;
  }
  type Repository = ReturnType<TestApp['strapi']['db']['query']>;

  /**
   * Lets every use of a token read it, then holds each read's answer until `count` have read: the
   * uses then mark it used together, as requests of several processes can, whichever database.
   */
  const readTogether = (count: number) => {
    let arrived = 0;
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const db = app.strapi.db;
    const query = db.query.bind(db);
    return jest.spyOn(db, 'query').mockImplementation((uid) => {
      const repository = query(uid);
      if (uid !== TOKEN_UID) return repository;
      return Object.assign(Object.create(repository) as Repository, {
        findOne: async (params: Parameters<Repository['findOne']>[0]) => {
          const row: unknown = await repository.findOne(params);
          arrived += 1;
          if (arrived >= count) open();
          await gate;
          return row;
        },
      });
    });
  };

  test.each(['password-reset', 'email-confirmation'])(
    'of one %s token: one succeeds, the other finds it used',
    async (purpose) => {
      const tokens = app.strapi.plugin('customer-login').service('tokens') as TokensService;
      const { documentId, email } = await createLoginCustomer(app, PASSWORD);
      const token = await tokens.issue({ customer: documentId, email, purpose, ttlMs: 60_000 });
      app.secrets.add(token);

      const reads = readTogether(2);
      try {
        const used = await Promise.all([
          tokens.consume(token, purpose),
          tokens.consume(token, purpose),
        ]);

        expect(reads).toHaveBeenCalled();
        expect(used.map((result) => result.status).sort()).toEqual(['ok', 'used']);
      } finally {
        reads.mockRestore();
      }
    }
  );
});
