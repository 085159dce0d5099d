import {
  confirmThroughLink,
  confirmationLinkIn,
  createCustomer,
  createLoginCustomer,
  login,
  passwordIn,
  resetCodeIn,
  sendCredentials,
  uniqueEmail,
  updateCustomer,
} from '../helpers/api';
import { createAdminWithRoles, createRole } from '../helpers/admins';
import { CUSTOMER_UID, SUPER_ADMIN } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const EVENT_UID = 'plugin::customer-login.event';
const ADMIN = { kind: 'admin', id: expect.any(Number), name: 'Ada Admin' };
const CUSTOMER = { kind: 'customer' };
const PASSWORD = 'history-password-1';

const app = useTestApp();

const events = (documentId: string, query = '', token = app.adminToken) =>
  app
    .http()
    .get(`/customer-login/customers/${documentId}/history${query}`)
    .set('Authorization', `Bearer ${token}`);

/** The customer's history, oldest first, as type/actor/outcome. */
const historyOf = async (documentId: string) => {
  const res = await events(documentId, '?pageSize=100');
  expect(res.status).toBe(200);
  return (res.body.data as Array<{ type: string; actor: unknown; outcome: string }>)
    .map(({ type, actor, outcome }) => ({ type, actor, outcome }))
    .reverse();
};

const post = (path: string, body: object) =>
  app.http().post(`/api/customer-login/auth/${path}`).send(body);

/** Waits until the customer's latest event is of this type, then answers the history. */
const historyEndingWith = (documentId: string, type: string) =>
  waitFor(async () => {
    const history = await historyOf(documentId);
    return history.at(-1)?.type === type ? history : undefined;
  });

describe('what admins do is recorded with their name', () => {
  test('creating a customer with login and a password, unconfirmed', async () => {
    const res = await createCustomer(app, {
      email: uniqueEmail(),
      loginEnabled: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    }).expect(201);

    expect(await historyOf(res.body.data.documentId)).toEqual([
      { type: 'login-enabled', actor: ADMIN, outcome: 'success' },
      { type: 'password-set', actor: ADMIN, outcome: 'success' },
      { type: 'confirmation-sent', actor: ADMIN, outcome: 'success' },
    ]);
  });

  test('generate on save, the sidebar reset, email confirmed, login disabled', async () => {
    const email = uniqueEmail();
    const res = await createCustomer(app, {
      email,
      loginEnabled: true,
      sendCredentials: true,
    }).expect(201);
    const { documentId } = res.body.data;

    await sendCredentials(app, documentId, app.adminToken).expect(200);
    await updateCustomer(app, documentId, {
      email,
      loginEnabled: true,
      emailConfirmed: true,
    }).expect(200);
    await updateCustomer(app, documentId, { email, loginEnabled: false }).expect(200);

    expect(await historyOf(documentId)).toEqual([
      { type: 'login-enabled', actor: ADMIN, outcome: 'success' },
      { type: 'credentials-sent', actor: ADMIN, outcome: 'success' },
      { type: 'credentials-sent', actor: ADMIN, outcome: 'success' },
      { type: 'email-confirmed', actor: ADMIN, outcome: 'success' },
      { type: 'login-disabled', actor: ADMIN, outcome: 'success' },
    ]);
  });

  test.each([
    ['the sidebar reset', 'sidebar'],
    ['Generate and send on save', 'save'],
  ])(
    'a failed send through %s is recorded with the reason, and nothing else is',
    async (_c, via) => {
      const { documentId, email } = await createLoginCustomer(app, PASSWORD);
      const before = await historyOf(documentId);

      app.smtp.rejectAll = true;
      try {
        const res =
          via === 'sidebar'
            ? await sendCredentials(app, documentId, app.adminToken)
            : await updateCustomer(app, documentId, {
                email,
                loginEnabled: true,
                sendCredentials: true,
              });
        expect(res.status).toBe(400);
      } finally {
        app.smtp.rejectAll = false;
      }

      const res = await events(documentId, '?pageSize=1');
      expect(res.body.data[0]).toMatchObject({
        type: 'sending-failed',
        outcome: 'failure',
        actor: ADMIN,
        reason: expect.stringContaining('550'),
      });
      expect(await historyOf(documentId)).toEqual([
        ...before,
        { type: 'sending-failed', actor: ADMIN, outcome: 'failure' },
      ]);
    }
  );
});

describe('what customers do is recorded as the customer', () => {
  test('confirming, changing, forgetting and resetting the password', async () => {
    const email = uniqueEmail();
    const created = await createCustomer(app, {
      email,
      loginEnabled: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    }).expect(201);
    const { documentId } = created.body.data;
    const confirmed = await confirmThroughLink(
      app,
      confirmationLinkIn(app.smtp.mailsTo(email).at(-1)!)!
    );
    expect(confirmed.status).toBe(200);

    const session = await login(app, email, PASSWORD);
    expect(session.status).toBe(200);
    app.secrets.add('history-changed-2');
    await app
      .http()
      .post('/api/customer-login/auth/change-password')
      .set('Authorization', `Bearer ${session.body.jwt}`)
      .send({
        currentPassword: PASSWORD,
        password: 'history-changed-2',
        passwordConfirmation: 'history-changed-2',
      })
      .expect(200);

    const mailsBefore = app.smtp.mailsTo(email).length;
    await post('forgot-password', { email }).expect(200);
    // The reset email goes out after the response; its history row right after it.
    await historyEndingWith(documentId, 'reset-link-sent');
    const code = resetCodeIn(app.smtp.mailsTo(email)[mailsBefore]!);
    app.secrets.add('history-reset-3');
    await post('reset-password', {
      code,
      password: 'history-reset-3',
      passwordConfirmation: 'history-reset-3',
    }).expect(200);

    expect(await historyOf(documentId)).toEqual([
      { type: 'login-enabled', actor: ADMIN, outcome: 'success' },
      { type: 'password-set', actor: ADMIN, outcome: 'success' },
      { type: 'confirmation-sent', actor: ADMIN, outcome: 'success' },
      { type: 'email-confirmed', actor: CUSTOMER, outcome: 'success' },
      { type: 'signed-in', actor: CUSTOMER, outcome: 'success' },
      { type: 'password-changed', actor: CUSTOMER, outcome: 'success' },
      // Changing and resetting the password each start a new session.
      { type: 'signed-in', actor: CUSTOMER, outcome: 'success' },
      { type: 'reset-link-sent', actor: CUSTOMER, outcome: 'success' },
      { type: 'password-reset', actor: CUSTOMER, outcome: 'success' },
      { type: 'signed-in', actor: CUSTOMER, outcome: 'success' },
    ]);
  });

  test('asking for a new confirmation link', async () => {
    const email = uniqueEmail();
    const created = await createCustomer(app, {
      email,
      loginEnabled: true,
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
    }).expect(201);

    await post('send-email-confirmation', { email }).expect(200);

    // The email goes out after the response; its history row right after it.
    const sent = await waitFor(async () => {
      const history = await historyOf(created.body.data.documentId);
      const rows = history.filter((event) => event.type === 'confirmation-sent');
      return rows.length === 2 ? rows : undefined;
    });
    expect(sent.map((event) => event.actor)).toEqual([ADMIN, CUSTOMER]);
  });

  test('a lockout is recorded once, as the system', async () => {
    const { documentId, email } = await createLoginCustomer(app, PASSWORD);

    const answers = [];
    for (let attempt = 0; attempt < 6; attempt += 1) {
      answers.push((await login(app, email, 'wrong-password-9')).status);
    }
    expect(answers).toEqual([400, 400, 400, 400, 400, 429]);

    const lockouts = (await historyOf(documentId)).filter((e) => e.type === 'lockout-started');
    expect(lockouts).toEqual([
      { type: 'lockout-started', actor: { kind: 'system' }, outcome: 'failure' },
    ]);
  });
});

describe('GET /customer-login/customers/:documentId/history', () => {
  test('pages newest first, with Strapi pagination meta', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);
    for (let i = 0; i < 3; i += 1) await sendCredentials(app, documentId, app.adminToken);

    const res = await events(documentId, '?page=2&pageSize=2');

    expect(res.status).toBe(200);
    expect(res.body.meta.pagination).toEqual({ page: 2, pageSize: 2, total: 6, pageCount: 3 });
    expect(res.body.data.map((e: { type: string }) => e.type)).toEqual([
      'credentials-sent',
      'password-set',
    ]);
    expect(res.body.data[0]).toEqual({
      id: expect.any(Number),
      type: 'credentials-sent',
      outcome: 'success',
      actor: {
        kind: 'admin',
        id: expect.any(Number),
        name: `${SUPER_ADMIN.firstname} ${SUPER_ADMIN.lastname}`,
      },
      reason: null,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  test('"Show all": every page of a long history, newest first, without gaps or repeats', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);
    // Older than the three rows of the creation, some sharing a moment, as a busy second would.
    const start = Date.now() - 24 * 3600 * 1000;
    for (let i = 0; i < 24; i += 1) {
      await app.strapi.db.query(EVENT_UID).create({
        data: {
          customer: documentId,
          type: 'credentials-sent',
          outcome: 'success',
          actorKind: 'system',
          createdAt: new Date(start + Math.floor(i / 3) * 1000),
        },
      });
    }
    const stored = (await app.strapi.db
      .query(EVENT_UID)
      .findMany({ where: { customer: documentId }, select: ['id'] })) as Array<{ id: number }>;
    expect(stored).toHaveLength(27);

    const pages = [];
    for (let page = 1; page <= 3; page += 1) {
      const res = await events(documentId, `?page=${page}&pageSize=10`);
      expect(res.status).toBe(200);
      expect(res.body.meta.pagination).toEqual({ page, pageSize: 10, total: 27, pageCount: 3 });
      pages.push(res.body.data as Array<{ id: number; createdAt: string }>);
    }
    const beyond = await events(documentId, '?page=4&pageSize=10');
    expect(beyond.status).toBe(200);
    expect(beyond.body.data).toEqual([]);

    expect(pages.map((page) => page.length)).toEqual([10, 10, 7]);
    const seen = pages.flat();
    expect(seen.map((e) => e.id).sort((a, b) => a - b)).toEqual(
      stored.map((e) => e.id).sort((a, b) => a - b)
    );
    // Newest first; rows of the same moment by id, so a page boundary between them is stable.
    for (let i = 1; i < seen.length; i += 1) {
      const [newer, older] = [seen[i - 1]!, seen[i]!];
      const order =
        Date.parse(newer.createdAt) - Date.parse(older.createdAt) || newer.id - older.id;
      expect({ newer, older, ordered: order > 0 }).toMatchObject({ ordered: true });
    }
  });

  test('401 without an admin, 404 for an unknown customer, 400 naming a bad pageSize', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);

    expect((await app.http().get(`/customer-login/customers/${documentId}/history`)).status).toBe(
      401
    );
    expect((await events('nosuchdocument0000000000')).status).toBe(404);
    const bad = await events(documentId, '?pageSize=1000');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['pageSize']);
  });

  test('403 for an admin who may not read customers; 200 for one who may only read', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);
    const noRead = await createRole(app, 'History: no customers', [
      { action: 'plugin::content-manager.explorer.read', subject: 'api::client.client' },
    ]);
    const readOnly = await createRole(app, 'History: read customers', [
      { action: 'plugin::content-manager.explorer.read', subject: CUSTOMER_UID },
    ]);

    expect((await events(documentId, '', await createAdminWithRoles(app, [noRead]))).status).toBe(
      403
    );
    expect((await events(documentId, '', await createAdminWithRoles(app, [readOnly]))).status).toBe(
      200
    );
  });
});

describe('retention', () => {
  test('the daily housekeeping deletes history older than history.retentionDays', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);
    const old = new Date(Date.now() - 366 * 24 * 3600 * 1000);
    await app.strapi.db.query(EVENT_UID).create({
      data: {
        customer: documentId,
        type: 'login-enabled',
        outcome: 'success',
        actorKind: 'system',
        createdAt: old,
      },
    });
    expect((await events(documentId)).body.meta.pagination.total).toBe(4);

    await app.strapi.plugin('customer-login').service('housekeeping').run();

    expect((await historyOf(documentId)).map((e) => e.type)).toEqual([
      'login-enabled',
      'email-confirmed',
      'password-set',
    ]);
  });

  test('runs as a daily Strapi cron task', () => {
    const job = app.strapi.cron.jobs.find(
      (spec: { name: string | null }) => spec.name === 'customer-login.housekeeping'
    );
    expect(job).toMatchObject({ options: { rule: '17 3 * * *' } });
  });
});

test('no history row holds a password, hash, code or token', async () => {
  const rows = JSON.stringify(await app.strapi.db.query(EVENT_UID).findMany({}));
  const hashes = (await app.strapi.db
    .query(CUSTOMER_UID)
    .findMany({ select: ['password'] })) as Array<{
    password: string | null;
  }>;
  const secrets = [
    ...app.secrets,
    ...hashes.flatMap((row) => (row.password ? [row.password] : [])),
  ];
  for (const mail of app.smtp.mails) {
    if (/^Password: /m.test(mail.text)) secrets.push(passwordIn(mail));
  }
  expect(secrets.length).toBeGreaterThan(5);
  for (const secret of secrets)
    expect({ secret, inHistory: rows.includes(secret) }).toEqual({ secret, inHistory: false });
});

describe('the rows the plugin keeps', () => {
  it('live in database models of its own, not content types, indexed for their lookups', async () => {
    const { strapi } = app;
    expect(
      Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith('plugin::customer-login.'))
    ).toEqual([]);

    const indexesOf = async (table: string) =>
      (await strapi.db.dialect.schemaInspector.getIndexes(table)).map(
        ({ columns, type }) => `${columns.join(',')}${type === 'unique' ? ' unique' : ''}`
      );
    expect(await indexesOf('customer_login_accounts')).toEqual(
      expect.arrayContaining(['customer unique', 'address_hash unique'])
    );
    expect(await indexesOf('customer_login_events')).toEqual(
      expect.arrayContaining(['customer,created_at'])
    );
    expect(await indexesOf('customer_login_throttles')).toEqual(
      expect.arrayContaining(['key unique'])
    );
    expect(await indexesOf('customer_login_tokens')).toEqual(
      expect.arrayContaining(['token_hash unique', 'customer,purpose,used_at'])
    );
  });
});
