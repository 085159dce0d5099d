import { createCustomer, createLoginCustomer, login, passwordIn } from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

const PASSWORD = 'bulk-password-1';

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
  const noEmail = (await createCustomer(app, { firstName: 'No mail', loginEnabled: true })).body
    .data.documentId as string;
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

  const res = await sendMany({ documentIds: customers.map((c) => c.documentId) });

  expect(res.status).toBe(200);
  expect(res.body.data.every((outcome: { status: string }) => outcome.status === 'sent')).toBe(
    true
  );
  for (const customer of customers.slice(0, 5)) {
    const mails = app.smtp.mailsTo(customer.email);
    expect(mails).toHaveLength(1);
    expect((await login(app, customer.email, passwordIn(mails[0]!))).status).toBe(200);
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
