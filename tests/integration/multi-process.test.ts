import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import bcrypt from 'bcryptjs';
import request from 'supertest';

import {
  confirmationTokenIn,
  createCustomer,
  createLoginCustomer,
  login,
  passwordIn,
  requestPasswordReset,
  sendCredentials,
  uniqueEmail,
  type ApiClient,
} from '../helpers/api';
import {
  createTestDatabase,
  databaseClient,
  databaseEnvironment,
  holdTable,
  POOL_SIZE,
  selectRows,
  updateRows,
  type OwnedTestDatabase,
} from '../helpers/database';
import { releaseTogether, type BurstRequest } from '../helpers/burst';
import { readCapture } from '../helpers/capture';
import { expectCaptureComplete, expectNoLeaks, secretsOf } from '../helpers/leaks';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp';
import { SUPER_ADMIN } from '../helpers/strapi';

/**
 * Two Strapi processes of the test app on one database, as a site behind a load balancer runs
 * them: on a server for PostgreSQL and MariaDB, and on one file for SQLite, which its processes
 * share through SQLite's file locks.
 */
const SERVER = databaseClient();
/**
 * Declares a race of writes between processes, on a server only. There each conditional update
 * waits for the row another process locked; SQLite refuses a write that would wait for a reader
 * that waits for it (SQLITE_BUSY), and the README promises processes side by side on a server
 * only. On SQLite, auth.test.ts races the same uses of one code within one process.
 */
const onServer = (name: string, race: () => Promise<void>, timeoutMs: number) => {
  if (SERVER !== 'sqlite') test(name, race, timeoutMs);
};

interface StrapiProcess extends ApiClient {
  child: ChildProcess;
  output: string[];
  /** Where the process records the secrets it makes and the bodies it sends (capture.js). */
  captureFile: string;
  baseUrl: string;
}

let smtp: SmtpCatcher;
let database: OwnedTestDatabase;
const processes: StrapiProcess[] = [];
const captureFiles: string[] = [];
const secrets = new Set<string>([SUPER_ADMIN.password]);

const startProcess = async (adminToken = ''): Promise<StrapiProcess> => {
  const captureFile = path.join(
    tmpdir(),
    `customer-login-capture-${randomBytes(8).toString('hex')}`
  );
  captureFiles.push(captureFile);
  const child = spawn(
    process.execPath,
    [path.join(__dirname, '..', 'helpers', 'strapi-process.js')],
    {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        STRAPI_TELEMETRY_DISABLED: 'true',
        ...databaseEnvironment(database),
        SMTP_PORT: String(smtp.port),
        CUSTOMER_LOGIN_JWT_SECRET: 'test-customer-login-jwt-secret-0123456789',
        CUSTOMER_LOGIN_CONFIG: '{}',
        CAPTURE_FILE: captureFile,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  );
  const output: string[] = [];
  const port = await new Promise<number>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      const ready = /LISTENING (\d+)/.exec(output.join(''));
      if (ready) resolve(Number(ready[1]));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`Strapi process exited with ${code}:\n${output.join('').slice(-2000)}`))
    );
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    child,
    output,
    captureFile,
    secrets,
    adminToken,
    baseUrl,
    http: () => request(baseUrl),
  };
};

const stopProcess = (strapi: StrapiProcess) =>
  new Promise<void>((resolve) => {
    if (strapi.child.exitCode !== null) return resolve();
    strapi.child.once('exit', () => resolve());
    strapi.child.kill('SIGTERM');
  });

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  database = await createTestDatabase(SERVER);
  // One after the other: the first creates the schema, as the first process of a deploy does.
  const first = await startProcess();
  processes.push(first);
  const registered = await first.http().post('/admin/register-admin').send(SUPER_ADMIN).expect(200);
  first.adminToken = registered.body.data.token as string;
  processes.push(await startProcess(first.adminToken));
}, 240_000);

afterAll(async () => {
  try {
    // Stopped first: what each process recorded is complete once it has exited.
    await Promise.all(processes.map(stopProcess));
    const captures = captureFiles.map(readCapture);
    const responses = captures.flatMap((capture) => capture.responses);
    const sources = {
      typed: secrets,
      captured: captures.flatMap((capture) => capture.secrets),
      responses,
      mails: smtp?.mails ?? [],
      adminAddresses: [SUPER_ADMIN.email],
    };
    const found = secretsOf(sources);
    expectCaptureComplete(sources, found);
    expectNoLeaks({
      responses,
      logs: processes.map((strapi) => strapi.output.join('')),
      secrets: found,
    });
  } finally {
    for (const file of captureFiles) rmSync(file, { force: true });
    await database?.drop();
    await smtp?.close();
  }
});

const me = (strapi: StrapiProcess, token: string) =>
  strapi.http().get('/api/customer-login/me').set('Authorization', `Bearer ${token}`);

test('a lockout reached through one process holds on the other', async () => {
  const [a, b] = processes as [StrapiProcess, StrapiProcess];
  const { email } = await createLoginCustomer(a, 'lockout-password-1');

  for (let attempt = 0; attempt < 5; attempt += 1) {
    expect((await login(a, email, 'wrong-password-0')).status).toBe(400);
  }

  const res = await login(b, email, 'lockout-password-1');
  expect(res.status).toBe(429);
  expect(res.body.error.name).toBe('RateLimitError');
});

// 400 means the password was checked, 429 that the attempt was refused before it was.
const expectAtMostFiveChecked = (answers: Array<{ status: number }>) => {
  const checked = answers.filter((res) => res.status === 400).length;
  expect(answers.filter((res) => res.status !== 400 && res.status !== 429)).toEqual([]);
  expect(checked).toBeGreaterThan(0);
  expect(checked).toBeLessThanOrEqual(5);
};

// Counts must be one conditional update that starts an ended window again or increments a
// running one: read and then written, every attempt of a burst released after the window ended
// reads the old count and writes 1.
onServer(
  '40 wrong passwords released at once over both processes: at most 5 checked, in a fresh window and in one started over',
  async () => {
    const [a, b] = processes as [StrapiProcess, StrapiProcess];
    const { email } = await createLoginCustomer(a, 'burst-password-4');
    secrets.add('a-wrong-guess-4');
    const burst = (): BurstRequest[] =>
      Array.from({ length: 40 }, (_, i) => ({
        baseUrl: (i % 2 === 0 ? a : b).baseUrl,
        path: '/api/customer-login/auth/login',
        body: { email, password: 'a-wrong-guess-4' },
      }));

    expectAtMostFiveChecked(await releaseTogether(burst()));
    expect((await login(a, email, 'burst-password-4')).status).toBe(429);

    // The count of the address, and of the one client these requests come from.
    const subject = createHash('sha256').update(email).digest('hex');
    const ended = new Date(Date.now() - 16 * 60_000);
    expect(
      await updateRows(database, 'customer_login_throttles', { subject }, { window_start: ended })
    ).toBe(2);
    // Both processes' connections stall at their first statement on the counts, then go on at once.
    const held = await holdTable(database, 'customer_login_throttles');
    try {
      const answered = releaseTogether(burst());
      answered.catch(() => undefined);
      await held.waiters(2 * POOL_SIZE);
      await held.release();
      expectAtMostFiveChecked(await answered);
    } finally {
      await held.release();
    }
    expect((await login(b, email, 'burst-password-4')).status).toBe(429);
  },
  120_000
);

/**
 * Sends `bodies` to `path`, one through each process, so that both reach their first statement on
 * the tokens table and wait there; once both wait, lets them go on together. Both then read the
 * token before either marks it used.
 */
const raceAtTokens = async (path: string, bodies: [unknown, unknown]) => {
  const [a, b] = processes as [StrapiProcess, StrapiProcess];
  const held = await holdTable(database, 'customer_login_tokens');
  try {
    const answered = releaseTogether([
      { baseUrl: a.baseUrl, path, body: bodies[0] },
      { baseUrl: b.baseUrl, path, body: bodies[1] },
    ]);
    answered.catch(() => undefined);
    await held.waiters(2);
    await held.release();
    return await answered;
  } finally {
    await held.release();
  }
};

onServer(
  'one reset code used through both processes at once resets once; the other use is refused as used',
  async () => {
    const [a, b] = processes as [StrapiProcess, StrapiProcess];
    const { email } = await createLoginCustomer(a, 'race-password-5');
    const { code } = await requestPasswordReset({ http: a.http, smtp }, email);
    const passwords = ['race-new-password-5a', 'race-new-password-5b'] as const;
    for (const secret of [code, ...passwords]) secrets.add(secret);

    const answers = await raceAtTokens(
      '/api/customer-login/auth/reset-password',
      passwords.map((password) => ({ code, password, passwordConfirmation: password })) as [
        unknown,
        unknown,
      ]
    );

    expect(answers.map((res) => res.status).sort()).toEqual([200, 400]);
    const message = 'This password reset code has already been used.';
    expect(answers.find((res) => res.status === 400)?.body.error).toMatchObject({
      name: 'ValidationError',
      message,
      details: { errors: [{ path: ['code'], message }] },
    });
    const winner = passwords[answers.findIndex((res) => res.status === 200)]!;
    const loser = passwords.find((password) => password !== winner)!;
    expect((await login(b, email, winner)).status).toBe(200);
    expect((await login(a, email, loser)).status).toBe(400);
  },
  60_000
);

onServer(
  'one confirmation token used through both processes at once confirms once',
  async () => {
    const [a] = processes as [StrapiProcess, StrapiProcess];
    const email = uniqueEmail('race');
    const before = smtp.mailsTo(email).length;
    const created = await createCustomer(a, {
      email,
      loginEnabled: true,
      password: 'race-password-6',
      passwordConfirmation: 'race-password-6',
    });
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId as string;
    const token = confirmationTokenIn((await smtp.waitForMailsTo(email, before + 1)).at(-1)!);
    expect(token).toBeDefined();
    secrets.add(token!);

    const answers = await raceAtTokens('/api/customer-login/auth/email-confirmation', [
      { confirmation: token },
      { confirmation: token },
    ]);

    // The loser finds the token used. Whether it then sees the winner's confirmation depends on
    // the database's isolation (PostgreSQL reads committed rows, MariaDB its snapshot): "already
    // confirmed", or "already used".
    const confirmed = answers.filter(
      (res) => res.status === 200 && res.body.alreadyConfirmed === false
    );
    const lost = answers.filter((res) => !confirmed.includes(res));
    expect(confirmed).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect([
      { status: 200, body: { ok: true, alreadyConfirmed: true } },
      {
        status: 400,
        body: {
          data: null,
          error: expect.objectContaining({
            name: 'ValidationError',
            message: 'This confirmation link has already been used.',
          }),
        },
      },
    ]).toContainEqual(lost[0]);
    const events = await selectRows(
      database,
      'customer_login_events',
      { customer: documentId, type: 'email-confirmed' },
      ['id']
    );
    expect(events).toHaveLength(1);
  },
  60_000
);

test('a session revoked by a reset through one process gets 401 from the other', async () => {
  const [a, b] = processes as [StrapiProcess, StrapiProcess];
  const { documentId, email } = await createLoginCustomer(a, 'revoked-password-2');
  const session = await login(b, email, 'revoked-password-2');
  expect((await me(a, session.body.jwt)).status).toBe(200);

  expect((await sendCredentials(a, documentId, a.adminToken)).status).toBe(200);

  expect((await me(b, session.body.jwt)).status).toBe(401);
  const fresh = await login(b, email, passwordIn(smtp.mailsTo(email).at(-1)!));
  expect((await me(a, fresh.body.jwt)).status).toBe(200);
});

const refresh = async (strapi: StrapiProcess, refreshToken: string) => {
  const res = await strapi.http().post('/api/customer-login/auth/refresh').send({ refreshToken });
  if (typeof res.body.refreshToken === 'string') secrets.add(res.body.refreshToken);
  return res;
};

const signedInThrough = async (strapi: StrapiProcess, password: string) => {
  const { email } = await createLoginCustomer(strapi, password);
  const res = await login(strapi, email, password);
  expect(res.status).toBe(200);
  secrets.add(res.body.refreshToken);
  return { email, jwt: res.body.jwt as string, refreshToken: res.body.refreshToken as string };
};

test('a logout through one process ends the session in the other, refresh token included', async () => {
  const [a, b] = processes as [StrapiProcess, StrapiProcess];
  const session = await signedInThrough(b, 'logout-password-4');
  expect((await me(a, session.jwt)).status).toBe(200);

  const res = await a
    .http()
    .post('/api/customer-login/auth/logout')
    .set('Authorization', `Bearer ${session.jwt}`)
    .send({});
  expect(res.status).toBe(200);

  expect((await me(b, session.jwt)).status).toBe(401);
  expect((await refresh(b, session.refreshToken)).status).toBe(401);
});

test('a refresh token reused through one process ends the session in the other', async () => {
  const [a, b] = processes as [StrapiProcess, StrapiProcess];
  const session = await signedInThrough(a, 'reuse-password-5');
  const first = await refresh(b, session.refreshToken);
  const second = await refresh(a, first.body.refreshToken);
  expect([first.status, second.status]).toEqual([200, 200]);

  // Two generations old: a reuse, not the loser of a race.
  expect((await refresh(a, session.refreshToken)).status).toBe(401);

  expect((await me(b, second.body.jwt)).status).toBe(401);
  expect((await refresh(b, second.body.refreshToken)).status).toBe(401);
});

onServer(
  'two processes refreshing one token: exactly one new pair, and the session stays',
  async () => {
    const [a, b] = processes as [StrapiProcess, StrapiProcess];
    const session = await signedInThrough(a, 'race-password-6');

    const answers = await Promise.all([
      refresh(a, session.refreshToken),
      refresh(b, session.refreshToken),
    ]);

    expect(answers.map((res) => res.status).sort()).toEqual([200, 409]);
    const winner = answers.find((res) => res.status === 200)!;
    expect((await me(b, winner.body.jwt)).status).toBe(200);
    expect((await refresh(a, winner.body.refreshToken)).status).toBe(200);
  },
  60_000
);

onServer(
  '50 concurrent sidebar resets over both processes leave one working, emailed password',
  async () => {
    const [a, b] = processes as [StrapiProcess, StrapiProcess];
    const { documentId, email } = await createLoginCustomer(a, 'before-the-storm-3');
    const mailsBefore = smtp.mailsTo(email).length;

    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const strapi = i % 2 === 0 ? a : b;
        return sendCredentials(strapi, documentId, a.adminToken);
      })
    );

    const succeeded = results.filter((res) => res.status === 200);
    // Concurrent resets of one customer queue behind its row locks: each one succeeds, or fails
    // whole with the answer for a send that did not happen. Never a server error.
    const refused = results.filter((res) => res.status !== 200);
    expect(refused.map((res) => ({ status: res.status, error: res.body.error }))).toEqual([]);
    expect(succeeded.length + refused.length).toBe(50);
    // Each send is accepted by the SMTP catcher before its request answers, and the catcher keeps a
    // mail before it accepts it: with every answer in, every mail these requests sent is here.
    const emailed = smtp.mailsTo(email).slice(mailsBefore).map(passwordIn);
    // Every success sent its email, and no failure sent one.
    expect(emailed).toHaveLength(succeeded.length);
    for (const password of emailed) secrets.add(password);

    // The customer type has no Draft & Publish here: the document is one row, whose hash must be
    // the hash of exactly one emailed password.
    const rows = await selectRows(database, 'customers', { document_id: documentId }, ['password']);
    expect(rows).toHaveLength(1);
    const hash = rows[0]!.password as string;
    secrets.add(hash);
    const working = emailed.filter((password) => bcrypt.compareSync(password, hash));
    expect(working).toHaveLength(1);

    expect((await login(b, email, working[0]!)).status).toBe(200);
    expect((await login(a, email, 'before-the-storm-3')).status).toBe(400);
  },
  240_000
);

test('no password, hash or token appears in either process log', () => {
  const logs = processes.flatMap((strapi) => strapi.output).join('');
  expect(logs.length).toBeGreaterThan(0);
  for (const secret of secrets)
    expect({ secret, leaked: logs.includes(secret) }).toEqual({ secret, leaked: false });
});
