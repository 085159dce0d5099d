import { createCustomer, createLoginCustomer, login, passwordIn } from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const PASSWORD = 'bulk-password-1';
/** "four at a time", as the README's HTTP API section states. */
const BULK_CONCURRENCY = 4;

const app = useTestApp();

const sendMany = (body: unknown, token = app.adminToken) =>
  app
    .http()
    .post('/customer-login/customers/send-credentials')
    .set('Authorization', `Bearer ${token}`)
    .send(body as object);

test('each customer gets its own outcome; a failed one is unchanged and the others go on', async () => {
  const sent = await createLoginCustomer(app, PASSWORD);
  const refused = await createLoginCustomer(app, PASSWORD);
  const disabled = await createLoginCustomer(app, PASSWORD, { loginEnabled: false });
  const noEmail = (
    await createCustomer(app, { firstName: 'No mail', loginEnabled: true }).expect(201)
  ).body.data.documentId as string;
  const unknown = 'nosuchcustomer00000000000';
  app.smtp.rejectAddresses.add(refused.email);

  try {
    const res = await sendMany({
      documentIds: [sent.documentId, refused.documentId, disabled.documentId, noEmail, unknown],
    });

    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { documentId: sent.documentId, status: 'sent', email: sent.email },
      {
        documentId: refused.documentId,
        status: 'failed',
        reason: expect.stringContaining('could not be sent'),
      },
      { documentId: disabled.documentId, status: 'skipped', reason: 'login-disabled' },
      { documentId: noEmail, status: 'skipped', reason: 'no-email' },
      { documentId: unknown, status: 'failed', reason: 'Customer not found' },
    ]);
  } finally {
    app.smtp.rejectAddresses.delete(refused.email);
  }

  const [mail] = app.smtp.mailsTo(sent.email);
  expect((await login(app, sent.email, passwordIn(mail!))).status).toBe(200);
  expect((await login(app, refused.email, PASSWORD)).status).toBe(200);
  expect((await login(app, disabled.email, PASSWORD)).status).toBe(400);
  expect(app.smtp.mailsTo(disabled.email)).toHaveLength(0);
});

test('40 customers in one request each get exactly one email with a working password', async () => {
  const customers = await Promise.all(
    Array.from({ length: 40 }, () => createLoginCustomer(app, PASSWORD))
  );
  const mailsBefore = app.smtp.mails.length;

  const res = await sendMany({ documentIds: customers.map((c) => c.documentId) });

  expect(res.status).toBe(200);
  expect(res.body.data).toEqual(
    customers.map(({ documentId, email }) => ({ documentId, status: 'sent', email }))
  );
  // Each email is sent inside its customer's request work, so all are in when it answers.
  const mails = app.smtp.mails.slice(mailsBefore);
  expect(mails.map((mail) => mail.to).sort()).toEqual(
    customers.map(({ email }) => [email.toLowerCase()]).sort()
  );
  expect(new Set(mails.map(passwordIn)).size).toBe(40);
  // A login costs a bcrypt comparison: a few prove the passwords are the stored ones.
  for (const customer of customers.slice(0, 5)) {
    const [mail] = app.smtp.mailsTo(customer.email);
    expect((await login(app, customer.email, passwordIn(mail!))).status).toBe(200);
  }
});

/**
 * Holds the first step of each of these customers' work (the Content Manager's load of the
 * customer, to check the admin's permission on it) until released: `held` has one release per
 * customer in work. Held before the load takes a database connection: SQLite has one.
 */
const holdFirstReads = (ours: Set<string>) => {
  const held: Array<() => void> = [];
  const started = new Set<string>();
  let open = false;
  const documents = app.strapi.plugin('content-manager').service('document-manager');
  const findOne = documents.findOne.bind(documents);
  const spy = jest.spyOn(documents, 'findOne').mockImplementation(async (...args: unknown[]) => {
    const [documentId] = args as [string];
    if (!open && ours.has(documentId) && !started.has(documentId)) {
      started.add(documentId);
      await new Promise<void>((resolve) => held.push(resolve));
    }
    return findOne(...args);
  });
  return {
    held,
    /** Lets every load through from now on, the held ones included. */
    release: () => {
      open = true;
      for (const go of held.splice(0)) go();
    },
    unsubscribe: () => spy.mockRestore(),
  };
};

test(`never works on more than ${BULK_CONCURRENCY} customers at once`, async () => {
  const customers = await Promise.all(
    Array.from({ length: BULK_CONCURRENCY + 3 }, () => createLoginCustomer(app, PASSWORD))
  );
  const ours = new Set(customers.map((c) => c.documentId));
  // Each customer's work starts by loading its row; that load waits here until released.
  // The customers started together get here without any I/O between them, so once the first
  // ones are seen, every one started with them is here too.
  const { held, release, unsubscribe } = holdFirstReads(ours);
  try {
    const answer = sendMany({ documentIds: [...ours] }).then((res) => res);

    await waitFor(() => (held.length >= BULK_CONCURRENCY ? true : undefined), {
      what: `${BULK_CONCURRENCY} customers in work`,
    });
    expect(held.length).toBe(BULK_CONCURRENCY);
    // One done lets exactly one more start.
    held.shift()!();
    await waitFor(() => (held.length >= BULK_CONCURRENCY ? true : undefined), {
      what: 'the next customer in work',
    });
    expect(held.length).toBe(BULK_CONCURRENCY);
    release();

    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { status: string }) => o.status)).toEqual(
      customers.map(() => 'sent')
    );
  } finally {
    release();
    unsubscribe();
  }
});

test("hashes the next customers' passwords while the first ones are in work, and no more than it sends", async () => {
  const customers = await Promise.all(
    Array.from({ length: BULK_CONCURRENCY + 3 }, () => createLoginCustomer(app, PASSWORD))
  );
  const ours = new Set(customers.map((c) => c.documentId));
  const hash = jest.spyOn(app.strapi.plugin('customer-login').service('passwords'), 'hash');
  // As above: each customer's first load waits until released.
  const { held, release, unsubscribe } = holdFirstReads(ours);
  try {
    const answer = sendMany({ documentIds: [...ours] }).then((res) => res);
    await waitFor(() => (held.length >= BULK_CONCURRENCY ? true : undefined), {
      what: `${BULK_CONCURRENCY} customers in work`,
    });

    // None of them has reached its transaction, and their passwords are already being hashed.
    expect(hash).toHaveBeenCalledTimes(BULK_CONCURRENCY);

    release();
    const res = await answer;
    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { status: string }) => o.status)).toEqual(
      customers.map(() => 'sent')
    );
    expect(hash).toHaveBeenCalledTimes(customers.length);
  } finally {
    release();
    unsubscribe();
    hash.mockRestore();
  }
});

test('skipped customers leave their generated passwords to the next ones', async () => {
  const disabled = await Promise.all(
    Array.from({ length: 3 * BULK_CONCURRENCY }, () =>
      createLoginCustomer(app, PASSWORD, { loginEnabled: false })
    )
  );
  const customer = await createLoginCustomer(app, PASSWORD);
  const hash = jest.spyOn(app.strapi.plugin('customer-login').service('passwords'), 'hash');
  try {
    const res = await sendMany({
      documentIds: [...disabled.map((c) => c.documentId), customer.documentId],
    });

    expect(res.status).toBe(200);
    expect(res.body.data.map((o: { status: string }) => o.status)).toEqual([
      ...disabled.map(() => 'skipped'),
      'sent',
    ]);
    // At most BULK_CONCURRENCY hashed ahead and one taken by each customer in work: a skipped
    // customer's goes back, so thirteen customers cost no more than eight hashes.
    expect(hash.mock.calls.length).toBeLessThanOrEqual(2 * BULK_CONCURRENCY);
    const [mail] = app.smtp.mailsTo(customer.email);
    expect((await login(app, customer.email, passwordIn(mail!))).status).toBe(200);
    for (const { email } of disabled) expect(app.smtp.mailsTo(email)).toHaveLength(0);
  } finally {
    hash.mockRestore();
  }
});

test.each([
  ['no list', {}, ['documentIds']],
  ['an empty list', { documentIds: [] }, ['documentIds']],
  ['501 ids', { documentIds: Array.from({ length: 501 }, (_, i) => `doc${i}`) }, ['documentIds']],
  ['a repeated id', { documentIds: ['a', 'a'] }, ['documentIds']],
  ['a malformed id', { documentIds: ['ok', 'not/valid'] }, ['documentIds', '1']],
  ['an unknown key', { documentIds: ['a'], extra: true }, []],
])('400 naming the field for %s, and nothing is sent', async (_case, body, path) => {
  const mailsBefore = app.smtp.mails.length;

  const res = await sendMany(body);

  expect(res.status).toBe(400);
  expect(res.body.error.name).toBe('ValidationError');
  expect(res.body.error.details.errors[0].path).toEqual(path);
  expect(app.smtp.mails.length).toBe(mailsBefore);
});

test('the same permissions as the single route: 401, 403 without the plugin permission', async () => {
  const { documentId } = await createLoginCustomer(app, PASSWORD);
  const editor = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);

  expect(
    (
      await app
        .http()
        .post('/customer-login/customers/send-credentials')
        .send({ documentIds: [documentId] })
    ).status
  ).toBe(401);
  expect((await sendMany({ documentIds: [documentId] }, editor)).status).toBe(403);
});

test('a customer the admin may not update fails on its own; the others are sent', async () => {
  // The admin may update only customers they created (Strapi's is-creator condition).
  const role = await createRole(app, 'Bulk: own customers', [
    { action: 'plugin::customer-login.send-credentials' },
    ...['create', 'read', 'update'].map((verb) => ({
      action: `plugin::content-manager.explorer.${verb}`,
      subject: CUSTOMER_UID,
      conditions: verb === 'create' ? [] : ['admin::is-creator'],
    })),
  ]);
  const token = await createAdminWithRoles(app, [role]);
  const mine = await createLoginCustomer(app, PASSWORD, {}, token);
  const theirs = await createLoginCustomer(app, PASSWORD);

  const res = await sendMany({ documentIds: [theirs.documentId, mine.documentId] }, token);

  expect(res.status).toBe(200);
  expect(res.body.data).toEqual([
    { documentId: theirs.documentId, status: 'failed', reason: 'You may not update this customer' },
    { documentId: mine.documentId, status: 'sent', email: mine.email },
  ]);
  expect(app.smtp.mailsTo(theirs.email)).toHaveLength(0);

  const reader = await createAdminWithRoles(app, [
    await createRole(app, 'Bulk: read only', [
      { action: 'plugin::customer-login.send-credentials' },
      { action: 'plugin::content-manager.explorer.read', subject: CUSTOMER_UID },
    ]),
  ]);
  expect((await sendMany({ documentIds: [mine.documentId] }, reader)).status).toBe(403);
});
