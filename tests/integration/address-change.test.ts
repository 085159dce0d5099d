import {
  confirmationLinkIn,
  confirmThroughLink,
  createApiToken,
  createLoginCustomer,
  login,
  requestPasswordReset,
  resetPassword,
  uniqueEmail,
  updateCustomer,
} from '../helpers/api';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

/*
 * A new address is a new, unproven mailbox: whoever changes it (an admin, the site's code, a
 * Content API client), the customer must confirm it before logging in again, every session ends,
 * links sent to the old address die, and the old address is told.
 */

const PASSWORD = 'moving-house-password-1';
const EVENT_UID = 'plugin::customer-login.event';

const app = useTestApp();

const me = (jwt: string) =>
  app.http().get('/api/customer-login/me').set('Authorization', `Bearer ${jwt}`);

const storedRow = async (documentId: string) =>
  (await app.strapi.db.query(CUSTOMER_UID).findOne({ where: { documentId } })) as Record<
    string,
    unknown
  >;

const eventTypes = async (documentId: string) =>
  (
    (await app.strapi.db
      .query(EVENT_UID)
      .findMany({ where: { customer: documentId }, orderBy: [{ id: 'asc' }] })) as Array<{
      type: string;
    }>
  ).map((event) => event.type);

/** A confirmed customer with a live session and an outstanding reset code. */
const settledCustomer = async () => {
  const customer = await createLoginCustomer(app, PASSWORD);
  const session = await login(app, customer.email, PASSWORD);
  expect(session.status).toBe(200);
  expect((await me(session.body.jwt)).status).toBe(200);
  const { code } = await requestPasswordReset(app, customer.email);
  return { ...customer, jwt: session.body.jwt as string, code };
};

/** The masked form the notice shows: first character, stars, the domain. */
const masked = (email: string) => `${email[0]}***@${email.split('@')[1]}`;

const expectMoved = async (
  customer: Awaited<ReturnType<typeof settledCustomer>>,
  moved: string
) => {
  const row = await storedRow(customer.documentId);
  expect(row).toMatchObject({ email: moved, emailConfirmed: false, loginEnabled: true });
  // Every session ends, and the reset code sent to the old address is void.
  expect((await me(customer.jwt)).status).toBe(401);
  const reset = await resetPassword(app, customer.code, 'hijacked-password-1');
  expect(reset.status).toBe(400);
  expect(reset.body.error.details.errors[0].path).toEqual(['code']);
  // The old address is told, without being given the new one.
  const notices = await app.smtp.waitForMailsTo(customer.email, 2);
  const notice = notices.at(-1)!;
  expect(notice.text).toContain(masked(moved));
  expect(notice.text).not.toContain(moved);
  expect(notice.html).not.toContain(moved);
  // The new address gets a link, and until it is used the right password is refused.
  const refused = await login(app, moved, PASSWORD);
  expect(refused.status).toBe(403);
  expect(refused.body.error.details.code).toBe('EMAIL_NOT_CONFIRMED');
  const [confirmation] = app.smtp.mailsTo(moved);
  const link = confirmationLinkIn(confirmation!);
  expect(link).toBeDefined();
  expect((await confirmThroughLink(app, link!)).status).toBe(200);
  expect((await login(app, moved, PASSWORD)).status).toBe(200);
  expect((await login(app, customer.email, PASSWORD)).status).toBe(400);
  // Confirming the new address does not bring the sessions started before the change back.
  expect((await me(customer.jwt)).status).toBe(401);
  expect(await eventTypes(customer.documentId)).toContain('email-changed');
};

test('an admin changing the address: unconfirmed even if the same save ticks Email confirmed', async () => {
  const customer = await settledCustomer();
  const moved = uniqueEmail('moved');

  const res = await updateCustomer(app, customer.documentId, {
    email: moved,
    loginEnabled: true,
    emailConfirmed: true,
  });

  expect(res.status).toBe(200);
  await expectMoved(customer, moved);
});

test("the site's own code changing it through strapi.documents() gets the same", async () => {
  const customer = await settledCustomer();
  const moved = uniqueEmail('scripted');

  await app.strapi
    .documents(CUSTOMER_UID)
    .update({ documentId: customer.documentId, data: { email: moved } as never });

  await expectMoved(customer, moved);
});

test('a Content API client changing it gets the same', async () => {
  const customer = await settledCustomer();
  const moved = uniqueEmail('api');
  const token = await createApiToken(app, 'full-access');

  const res = await app
    .http()
    .put(`/api/customers/${customer.documentId}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ data: { email: moved } });

  expect(res.status).toBe(200);
  await expectMoved(customer, moved);
});

test('links sent to an address die with it, even if the address comes back', async () => {
  const customer = await settledCustomer();
  const moved = uniqueEmail('back-and-forth');
  const away = await updateCustomer(app, customer.documentId, { email: moved, loginEnabled: true });
  expect(away.status).toBe(200);

  const back = await updateCustomer(app, customer.documentId, {
    email: customer.email,
    loginEnabled: true,
  });

  expect(back.status).toBe(200);
  const reset = await resetPassword(app, customer.code, 'returning-password-1');
  expect(reset.status).toBe(400);
  expect(reset.body.error.details.errors[0].path).toEqual(['code']);
});

test('an admin may confirm the new address in a later save', async () => {
  const { email, documentId } = await createLoginCustomer(app, PASSWORD);
  const moved = uniqueEmail('reconfirmed');
  expect((await updateCustomer(app, documentId, { email: moved, loginEnabled: true })).status).toBe(
    200
  );

  const res = await updateCustomer(app, documentId, { email: moved, emailConfirmed: true });

  expect(res.status).toBe(200);
  expect((await login(app, moved, PASSWORD)).status).toBe(200);
  expect((await login(app, email, PASSWORD)).status).toBe(400);
});

test("only the letters' case changed: nothing happens", async () => {
  const customer = await settledCustomer();
  const mailsBefore = app.smtp.mails.length;

  const res = await updateCustomer(app, customer.documentId, {
    email: customer.email.toUpperCase(),
    loginEnabled: true,
  });

  expect(res.status).toBe(200);
  expect((await me(customer.jwt)).status).toBe(200);
  expect((await storedRow(customer.documentId)).emailConfirmed).toBe(true);
  expect(app.smtp.mails.length).toBe(mailsBefore);
  expect(await eventTypes(customer.documentId)).not.toContain('email-changed');
});

test('with login disabled, the address is unconfirmed and nobody is emailed', async () => {
  const { email, documentId } = await createLoginCustomer(app, PASSWORD, { loginEnabled: false });
  const moved = uniqueEmail('quiet');
  const mailsBefore = app.smtp.mails.length;

  const res = await updateCustomer(app, documentId, { email: moved, emailConfirmed: true });

  expect(res.status).toBe(200);
  expect(await storedRow(documentId)).toMatchObject({ email: moved, emailConfirmed: false });
  expect(app.smtp.mails.length).toBe(mailsBefore);
  expect(app.smtp.mailsTo(email)).toHaveLength(0);
  expect(await eventTypes(documentId)).toContain('email-changed');
});

test('when the new address refuses the confirmation link, nothing changes', async () => {
  const customer = await settledCustomer();
  const moved = uniqueEmail('refusing');
  app.smtp.rejectAddresses.add(moved.toLowerCase());
  try {
    const res = await updateCustomer(app, customer.documentId, {
      email: moved,
      loginEnabled: true,
    });

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'ApplicationError',
      details: { code: 'EMAIL_NOT_SENT' },
    });
  } finally {
    app.smtp.rejectAddresses.delete(moved.toLowerCase());
  }
  expect(await storedRow(customer.documentId)).toMatchObject({
    email: customer.email,
    emailConfirmed: true,
  });
  expect((await me(customer.jwt)).status).toBe(200);
  expect(await eventTypes(customer.documentId)).not.toContain('email-changed');
});
