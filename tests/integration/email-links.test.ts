import { randomBytes } from 'node:crypto';

import type { CaughtMail } from '../helpers/smtp';
import {
  createCustomer,
  login,
  passwordIn,
  requestPasswordReset,
  resetPassword,
  uniqueEmail,
} from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

// Sites' pages often carry their own parameters and a fragment for their router.
const PAGE_URL = 'https://shop.example/confirm?lang=en#top';
const RESET_URL = 'https://shop.example/reset?lang=en#top';
const PASSWORD = 'links-password-1';
const FROM = 'Shop Accounts <accounts@shop.example>';

const app = useTestApp({
  pluginConfig: {
    emailConfirmation: { tokenTtl: '72h', pageUrl: PAGE_URL },
    resetPassword: { tokenTtl: '1h', url: RESET_URL },
    // Not the defaults (365 days, 15 minutes): the housekeeping tests below rely on them.
    history: { retentionDays: 30 },
    lockout: { window: '10m' },
    // Not the email plugin's defaultFrom: the plugin's emails must use their own.
    email: { from: FROM },
  },
});

/** The one link to this page in the text body, parsed, and the same link in the HTML body. */
const linkIn = (mail: CaughtMail, page: string) => {
  const links = mail.text.match(new RegExp(`${page.replace(/[.?]/g, '\\$&')}\\S*`, 'g')) ?? [];
  expect(links).toHaveLength(1);
  const link = links[0]!;
  expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
  return new URL(link);
};

const confirm = (token: string) =>
  app.http().post('/api/customer-login/auth/email-confirmation').send({ confirmation: token });

test("a confirmation link keeps the site's parameters and fragment, and its token confirms", async () => {
  const email = uniqueEmail('links');
  const res = await createCustomer(app, {
    email,
    loginEnabled: true,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);

  const url = linkIn(mail!, 'https://shop.example/confirm?');
  expect(`${url.origin}${url.pathname}`).toBe('https://shop.example/confirm');
  expect([...url.searchParams.keys()]).toEqual(['lang', 'confirmation']);
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.hash).toBe('#top');
  const token = url.searchParams.get('confirmation')!;
  expect(token).toMatch(/^[\w-]{43}$/);

  expect((await login(app, email, PASSWORD)).status).toBe(403);
  const confirmed = await confirm(token);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toEqual({ ok: true, alreadyConfirmed: false });
  expect((await login(app, email, PASSWORD)).status).toBe(200);
});

test('the credentials email carries the same kind of confirmation link', async () => {
  const email = uniqueEmail('links-credentials');
  const res = await createCustomer(app, { email, loginEnabled: true, sendCredentials: true });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);

  const url = linkIn(mail!, 'https://shop.example/confirm?');
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.hash).toBe('#top');
  expect((await confirm(url.searchParams.get('confirmation')!)).status).toBe(200);
  expect((await login(app, email, passwordIn(mail!))).status).toBe(200);
});

test("a reset link keeps the site's parameters and fragment, and its code resets the password", async () => {
  const email = uniqueEmail('links-reset');
  await createCustomer(app, {
    email,
    loginEnabled: true,
    emailConfirmed: true,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  }).expect(201);
  const { mail } = await requestPasswordReset(app, email);

  const url = linkIn(mail, 'https://shop.example/reset?');
  expect(`${url.origin}${url.pathname}`).toBe('https://shop.example/reset');
  expect([...url.searchParams.keys()]).toEqual(['lang', 'code']);
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.hash).toBe('#top');
  const code = url.searchParams.get('code')!;
  const reset = await resetPassword(app, code, 'links-password-2');
  expect(reset.status).toBe(200);
  expect((await login(app, email, 'links-password-2')).status).toBe(200);
});

test('every email goes out from email.from', async () => {
  const email = uniqueEmail('links-from');
  const created = await createCustomer(app, { email, loginEnabled: true, sendCredentials: true });
  expect(created.status).toBe(201);
  await confirm(
    linkIn(app.smtp.mailsTo(email)[0]!, 'https://shop.example/confirm?').searchParams.get(
      'confirmation'
    )!
  ).expect(200);
  const { code } = await requestPasswordReset(app, email);
  await resetPassword(app, code, 'links-password-3').expect(200);
  // The notice of the change goes out after the answer.
  const mails = await app.smtp.waitForMailsTo(email, 3);

  expect(mails.map((mail) => mail.subject)).toEqual([
    'Your login details',
    'Reset your password',
    'Your password was changed',
  ]);
  for (const mail of mails) expect(mail.from).toBe(`"Shop Accounts" <accounts@shop.example>`);
});

test('the preview shows the same links, with sample tokens', async () => {
  const preview = (email: string, text: string) =>
    app
      .http()
      .post('/customer-login/email-templates/preview')
      .set('Authorization', `Bearer ${app.adminToken}`)
      .send({ email, locale: 'en', template: { subject: 'x', html: '<p>x</p>', text } });

  const confirmation = await preview('emailConfirmation', 'Open\n<%= confirmationUrl %>\n');
  const reset = await preview('passwordReset', 'Open\n<%= resetUrl %>\n');

  expect(confirmation.body.data.text).toBe(
    'Open\nhttps://shop.example/confirm?lang=en&confirmation=example-confirmation-token#top\n'
  );
  expect(reset.body.data.text).toBe(
    'Open\nhttps://shop.example/reset?lang=en&code=example-reset-code#top\n'
  );
});

describe('the daily housekeeping, run at a given time', () => {
  const DAY_MS = 24 * 3600 * 1000;
  const SECOND = 1000;
  /** What a used or expired link keeps its precise message for (not configurable). */
  const TOKEN_GRACE_MS = 30 * DAY_MS;
  const tables = {
    events: 'plugin::customer-login.event',
    tokens: 'plugin::customer-login.token',
    throttles: 'plugin::customer-login.throttle',
    sessions: 'plugin::customer-login.session',
  } as const;
  type Kind = keyof typeof tables;

  interface HousekeepingService {
    run(now?: Date): Promise<Record<Kind, number>>;
  }

  // Whole seconds: MariaDB may store no fractions of one.
  const now = new Date(Math.floor(Date.now() / SECOND) * SECOND);
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const unique = () => randomBytes(8).toString('hex');

  /**
   * Creates `rows` in the table of `kind`, runs the housekeeping at `now`, and answers which of
   * them are left, after checking that it deleted no other row of any table.
   */
  const keptAfterRun = async (kind: Kind, rows: Array<Record<string, unknown>>) => {
    const db = app.strapi.db;
    const ids: number[] = [];
    for (const data of rows)
      ids.push(((await db.query(tables[kind]).create({ data })) as { id: number }).id);
    const countAll = async () =>
      Object.fromEntries(
        await Promise.all(
          Object.entries(tables).map(async ([name, uid]) => [name, await db.query(uid).count()])
        )
      ) as Record<Kind, number>;
    const before = await countAll();

    const housekeeping = app.strapi
      .plugin('customer-login')
      .service('housekeeping') as HousekeepingService;
    const removed = await housekeeping.run(now);

    const kept = (await db.query(tables[kind]).findMany({
      where: { id: { $in: ids } },
      select: ['id'],
    })) as Array<{ id: number }>;
    const deleted = ids.length - kept.length;
    expect(removed).toEqual({ events: 0, tokens: 0, sessions: 0, throttles: 0, [kind]: deleted });
    const after = await countAll();
    expect(after).toEqual({ ...before, [kind]: before[kind] - deleted });
    return ids.map((id) => kept.some((row) => row.id === id));
  };

  test('deletes history older than history.retentionDays (30 here), and keeps the rest', async () => {
    const customer = unique();
    const event = (createdAt: Date) => ({
      customer,
      type: 'login-enabled',
      outcome: 'success',
      actorKind: 'system',
      createdAt,
    });
    const retention = 30 * DAY_MS;

    expect(
      await keptAfterRun('events', [
        event(ago(retention + SECOND)),
        event(ago(retention)),
        event(ago(retention - SECOND)),
        event(ago(DAY_MS)),
      ])
    ).toEqual([false, true, true, true]);
  });

  test('deletes tokens expired more than 30 days ago, used or not, and keeps the rest', async () => {
    const customer = unique();
    const token = (expiresAt: Date, usedAt: Date | null = null) => ({
      customer,
      email: `${customer}@shop.test`,
      purpose: 'password-reset',
      tokenHash: randomBytes(32).toString('hex'),
      expiresAt,
      usedAt,
    });

    expect(
      await keptAfterRun('tokens', [
        token(ago(TOKEN_GRACE_MS + SECOND)),
        token(ago(TOKEN_GRACE_MS + SECOND), ago(TOKEN_GRACE_MS + 2 * SECOND)),
        token(ago(TOKEN_GRACE_MS)),
        token(ago(TOKEN_GRACE_MS - SECOND)),
        token(ago(-3600 * SECOND), ago(SECOND)),
        token(ago(-3600 * SECOND)),
      ])
    ).toEqual([false, false, true, true, true, true]);
  });

  test('deletes sessions 30 days after they ended or expired, and keeps the rest', async () => {
    const retention = 30 * DAY_MS;
    const session = (times: { endedAt?: Date; idleExpiresAt?: Date; expiresAt?: Date }) => ({
      sessionId: randomBytes(16).toString('base64url'),
      customer: unique(),
      refreshHash: randomBytes(32).toString('hex'),
      generation: 0,
      createdAt: ago(60 * DAY_MS),
      idleExpiresAt: ago(-DAY_MS),
      expiresAt: ago(-DAY_MS),
      ...times,
    });

    expect(
      await keptAfterRun('sessions', [
        session({ endedAt: ago(retention + SECOND) }),
        session({ endedAt: ago(retention) }),
        session({ idleExpiresAt: ago(retention + SECOND) }),
        session({ idleExpiresAt: ago(retention - SECOND) }),
        session({ expiresAt: ago(retention + SECOND) }),
        session({ endedAt: ago(SECOND) }),
        session({}),
      ])
    ).toEqual([false, true, false, true, false, true, true]);
  });

  test('deletes counts whose lockout.window (10 minutes here) has ended, and keeps running ones', async () => {
    const window = 10 * 60 * SECOND;
    const count = (windowStart: Date) => {
      const subject = unique();
      return { key: `login:${subject}`, subject, hits: 3, windowStart };
    };

    expect(
      await keptAfterRun('throttles', [
        count(ago(window + SECOND)),
        count(ago(window)),
        count(ago(window - SECOND)),
        count(ago(SECOND)),
      ])
    ).toEqual([false, true, true, true]);
  });
});
