import bcrypt from 'bcryptjs';
import fc from 'fast-check';

import {
  confirmationLinkIn,
  confirmThroughLink,
  createLoginCustomer,
  login,
  passwordIn,
  sendCredentials,
  uniqueEmail,
} from '../helpers/api';
import { createAdminWithRoles, createRole } from '../helpers/admins';
import { assertProperty } from '../helpers/property';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';
import { waitFor } from '../helpers/wait';

const CM_PATH = `/content-manager/collection-types/${CUSTOMER_UID}`;

const app = useTestApp({
  customerType: { draftAndPublish: true, localized: true },
  // Every step checks that a replaced password fails; those failures must not lock the address.
  pluginConfig: { lockout: { maxAttempts: 1000, window: '15m' } },
});
beforeAll(async () => {
  await app.strapi.plugin('i18n').service('locales').create({ code: 'fr', name: 'French (fr)' });
});

const admin = <T extends { set: (key: string, value: string) => T }>(call: T) =>
  call.set('Authorization', `Bearer ${app.adminToken}`);

/** The Content Manager requests an admin's clicks send, for one locale of a customer. */
const cm = {
  update: (documentId: string, locale: string, data: Record<string, unknown>) => {
    for (const key of ['password', 'passwordConfirmation']) {
      if (typeof data[key] === 'string') app.secrets.add(data[key]);
    }
    return admin(app.http().put(`${CM_PATH}/${documentId}?locale=${locale}`)).send(data);
  },
  publish: (documentId: string, locale: string) =>
    admin(app.http().post(`${CM_PATH}/${documentId}/actions/publish?locale=${locale}`)).send({}),
  unpublish: (documentId: string, locale: string) =>
    admin(app.http().post(`${CM_PATH}/${documentId}/actions/unpublish?locale=${locale}`)).send({}),
  discardDraft: (documentId: string, locale: string) =>
    admin(app.http().post(`${CM_PATH}/${documentId}/actions/discard?locale=${locale}`)).send({}),
};

const rowsOf = async (documentId: string) =>
  (await app.strapi.db.query(CUSTOMER_UID).findMany({
    where: { documentId },
    select: ['password', 'locale', 'publishedAt'],
  })) as Array<{ password: string | null; locale: string; publishedAt: unknown }>;

/**
 * The current password logs in, the replaced one does not, and every row (each locale, draft and
 * published) holds a hash of the current password itself, never a hash of a hash.
 */
const expectOnlyPassword = async (
  customer: { documentId: string; email: string },
  current: string,
  replaced?: string
) => {
  expect((await login(app, customer.email, current)).status).toBe(200);
  if (replaced && replaced !== current) {
    expect((await login(app, customer.email, replaced)).status).toBe(400);
  }
  const rows = await rowsOf(customer.documentId);
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect({ ...row, matches: bcrypt.compareSync(current, row.password ?? '') }).toMatchObject({
      matches: true,
    });
  }
};

const lastEmailedPassword = (email: string) => passwordIn(app.smtp.mailsTo(email).at(-1)!);

const expectOk = (res: { status: number; body: unknown }) => {
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`expected success, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
};

describe('Draft & Publish', () => {
  test('a publisher without the plugin permission cannot generate and send on publish', async () => {
    const customer = await createLoginCustomer(app, 'editor-proof-password-1');
    const properties = {
      fields: ['firstName', 'lastName', 'email', 'language', 'loginEnabled', 'password'],
      locales: ['en', 'fr'],
    };
    const roleId = await createRole(
      app,
      'Publisher',
      ['read', 'create', 'update', 'publish'].map((action) => ({
        action: `plugin::content-manager.explorer.${action}`,
        subject: CUSTOMER_UID,
        properties,
      }))
    );
    const editor = await createAdminWithRoles(app, [roleId]);
    const mailsBefore = app.smtp.mails.length;

    const res = await app
      .http()
      .post(`${CM_PATH}/${customer.documentId}/actions/publish?locale=en`)
      .set('Authorization', `Bearer ${editor}`)
      .send({
        email: customer.email,
        lastName: 'Published',
        loginEnabled: true,
        sendCredentials: true,
      });

    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({
      name: 'PolicyError',
      details: { code: 'SEND_CREDENTIALS_FORBIDDEN', missing: ['SEND_CREDENTIALS_PERMISSION'] },
    });
    const rows = await app.strapi.db
      .query(CUSTOMER_UID)
      .findMany({ where: { documentId: customer.documentId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ publishedAt: null, lastName: null });
    expect(app.smtp.mails.length).toBe(mailsBefore);
    await expectOnlyPassword(customer, 'editor-proof-password-1');
  });

  test('publishing, unpublishing and discarding a draft keep the one current password', async () => {
    const customer = await createLoginCustomer(app, 'first-password-1');
    await expectOnlyPassword(customer, 'first-password-1');

    expectOk(await cm.publish(customer.documentId, 'en'));
    await expectOnlyPassword(customer, 'first-password-1');

    expectOk(
      await cm.update(customer.documentId, 'en', {
        password: 'second-password-2',
        passwordConfirmation: 'second-password-2',
      })
    );
    await expectOnlyPassword(customer, 'second-password-2', 'first-password-1');

    expectOk(await cm.discardDraft(customer.documentId, 'en'));
    await expectOnlyPassword(customer, 'second-password-2', 'first-password-1');

    expectOk(await cm.publish(customer.documentId, 'en'));
    expectOk(await cm.unpublish(customer.documentId, 'en'));
    await expectOnlyPassword(customer, 'second-password-2', 'first-password-1');
  });

  // The published row still has the old address; discarding the draft makes it the current one.
  test('discarding a draft moves the login back to the published address', async () => {
    const customer = await createLoginCustomer(app, 'discard-password-1');
    expectOk(await cm.publish(customer.documentId, 'en'));
    const moved = uniqueEmail('draft-address');
    expectOk(await cm.update(customer.documentId, 'en', { email: moved }));
    // A replaced address is unconfirmed: the right password is refused with 403, not as unknown.
    expect((await login(app, moved, 'discard-password-1')).status).toBe(403);
    expect((await login(app, customer.email, 'discard-password-1')).status).toBe(400);

    expectOk(await cm.discardDraft(customer.documentId, 'en'));

    expect((await login(app, moved, 'discard-password-1')).status).toBe(400);
    expect((await login(app, customer.email, 'discard-password-1')).status).toBe(403);
  });

  test('a discarded draft whose published address another customer took since has no login', async () => {
    const first = await createLoginCustomer(app, 'discard-password-2');
    expectOk(await cm.publish(first.documentId, 'en'));
    expectOk(await cm.update(first.documentId, 'en', { email: uniqueEmail('draft-address') }));
    const second = await createLoginCustomer(app, 'discard-password-3', { email: first.email });
    const logged = app.logs.length;

    expectOk(await cm.discardDraft(first.documentId, 'en'));

    const res = await login(app, first.email, 'discard-password-3');
    expect(res.status).toBe(200);
    expect(res.body.customer.documentId).toBe(second.documentId);
    expect((await login(app, first.email, 'discard-password-2')).status).toBe(400);
    expect(app.logs.slice(logged).filter((line) => /another customer logs in/.test(line))).toEqual([
      expect.stringContaining(first.documentId),
    ]);
  });

  test('creating and publishing in one request stores the password once', async () => {
    const email = uniqueEmail();
    app.secrets.add('published-at-once-3');
    const res = await admin(app.http().post(`${CM_PATH}/actions/publish?locale=en`)).send({
      email,
      loginEnabled: true,
      emailConfirmed: true,
      password: 'published-at-once-3',
      passwordConfirmation: 'published-at-once-3',
    });
    expectOk(res);

    await expectOnlyPassword(
      { documentId: res.body.data.documentId, email },
      'published-at-once-3'
    );
  });

  test.each([
    ['a draft-only customer', false],
    ['a published customer', true],
  ])('the sidebar action and Generate on save work on %s', async (_case, published) => {
    const customer = await createLoginCustomer(app, 'before-reset-4');
    if (published) expectOk(await cm.publish(customer.documentId, 'en'));

    expectOk(await sendCredentials(app, customer.documentId, app.adminToken));
    const fromSidebar = lastEmailedPassword(customer.email);
    await expectOnlyPassword(customer, fromSidebar, 'before-reset-4');

    expectOk(await cm.update(customer.documentId, 'en', { sendCredentials: true }));
    const fromSave = lastEmailedPassword(customer.email);
    await expectOnlyPassword(customer, fromSave, fromSidebar);
    if (published) {
      expect((await rowsOf(customer.documentId)).some((row) => row.publishedAt)).toBe(true);
    }
  });

  test('an email refused while saving and publishing in one request stays on record', async () => {
    const customer = await createLoginCustomer(app, 'kept-password-6');
    app.smtp.rejectAll = true;
    try {
      // The Content Manager saves and publishes in one transaction of its own, which the refusal
      // rolls back as a whole.
      const res = await admin(
        app.http().post(`${CM_PATH}/${customer.documentId}/actions/publish?locale=en`)
      ).send({ email: customer.email, loginEnabled: true, sendCredentials: true });
      expect(res.status).toBe(400);
    } finally {
      app.smtp.rejectAll = false;
    }

    await expectOnlyPassword(customer, 'kept-password-6');
    // Written once the Content Manager's transaction has rolled back, as the answer goes out
    // (the sign-ins of the password check may come before or after it).
    const latestEvents = async () =>
      (
        await admin(
          app.http().get(`/customer-login/customers/${customer.documentId}/history?pageSize=10`)
        )
      ).body.data as Array<{ type: string }>;
    const failed = await waitFor(
      async () => (await latestEvents()).find((event) => event.type === 'sending-failed'),
      { what: 'the sending-failed event' }
    );
    expect(failed).toMatchObject({
      type: 'sending-failed',
      outcome: 'failure',
      reason: expect.stringContaining('550'),
    });
  });

  test('an address changed in the draft is the only one that logs in', async () => {
    const customer = await createLoginCustomer(app, 'moving-password-5');
    expectOk(await cm.publish(customer.documentId, 'en'));
    const moved = uniqueEmail('moved');

    expectOk(await cm.update(customer.documentId, 'en', { email: moved }));

    // The new address must be confirmed first; the old one no longer finds the customer.
    expect((await login(app, customer.email, 'moving-password-5')).status).toBe(400);
    const refused = await login(app, moved, 'moving-password-5');
    expect(refused.body.error).toMatchObject({ details: { code: 'EMAIL_NOT_CONFIRMED' } });
    const [mail] = await app.smtp.waitForMailsTo(moved);
    const link = confirmationLinkIn(mail!);
    expect((await confirmThroughLink(app, link!)).status).toBe(200);
    expect((await login(app, moved, 'moving-password-5')).status).toBe(200);
  });
});

describe('i18n', () => {
  test('a password set in one locale logs in whichever locale is edited next', async () => {
    const customer = await createLoginCustomer(app, 'english-password-6');
    expectOk(await cm.update(customer.documentId, 'fr', { firstName: 'Grâce' }));
    await expectOnlyPassword(customer, 'english-password-6');

    expectOk(
      await cm.update(customer.documentId, 'fr', {
        password: 'french-password-7',
        passwordConfirmation: 'french-password-7',
      })
    );
    expectOk(await cm.update(customer.documentId, 'en', { lastName: 'Hopper' }));
    expectOk(await cm.publish(customer.documentId, 'en'));

    await expectOnlyPassword(customer, 'french-password-7', 'english-password-6');
    expect(new Set((await rowsOf(customer.documentId)).map((row) => row.locale))).toEqual(
      new Set(['en', 'fr'])
    );
  });
});

type Step =
  | { kind: 'set-password' | 'edit' | 'publish' | 'unpublish' | 'discard'; locale: 'en' | 'fr' }
  | { kind: 'generate-on-save'; locale: 'en' | 'fr' }
  | { kind: 'sidebar-reset' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constantFrom(
      'set-password',
      'edit',
      'publish',
      'unpublish',
      'discard',
      'generate-on-save'
    ),
    locale: fc.constantFrom('en', 'fr'),
  }) as fc.Arbitrary<Step>,
  fc.constant({ kind: 'sidebar-reset' } as const)
);

test('any sequence of saves, publications, locales and resets keeps exactly the latest password', async () => {
  let run = 0;
  await assertProperty(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 6 }), async (steps) => {
      run += 1;
      let current = `sequence-${run}-start`;
      const customer = await createLoginCustomer(app, current);
      const locales = new Set(['en']);
      const published = new Set<string>();

      for (const [index, next] of steps.entries()) {
        const previous = current;
        const { documentId } = customer;
        if (next.kind === 'sidebar-reset') {
          expectOk(await sendCredentials(app, documentId, app.adminToken));
          current = lastEmailedPassword(customer.email);
        } else if (next.kind === 'set-password') {
          current = `sequence-${run}-step-${index}`;
          expectOk(
            await cm.update(documentId, next.locale, {
              password: current,
              passwordConfirmation: current,
            })
          );
          locales.add(next.locale);
        } else if (next.kind === 'generate-on-save') {
          expectOk(await cm.update(documentId, next.locale, { sendCredentials: true }));
          current = lastEmailedPassword(customer.email);
          locales.add(next.locale);
        } else if (next.kind === 'edit') {
          expectOk(await cm.update(documentId, next.locale, { lastName: `Edit ${index}` }));
          locales.add(next.locale);
        } else if (next.kind === 'publish' && locales.has(next.locale)) {
          expectOk(await cm.publish(documentId, next.locale));
          published.add(next.locale);
        } else if (next.kind === 'unpublish' && published.has(next.locale)) {
          expectOk(await cm.unpublish(documentId, next.locale));
          published.delete(next.locale);
        } else if (next.kind === 'discard' && published.has(next.locale)) {
          expectOk(await cm.discardDraft(documentId, next.locale));
        }
        await expectOnlyPassword(customer, current, previous);
      }
    }),
    { numRuns: 10 }
  );
});
