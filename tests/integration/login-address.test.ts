import { createHash } from 'node:crypto';

import {
  createCustomer,
  createLoginCustomer,
  login,
  uniqueEmail,
  updateCustomer,
} from '../helpers/api';
import { createTestDatabase, CUSTOMER_UID, type TestApp } from '../helpers/strapi';
import { useTestApp, withTestApp } from '../helpers/test-app';

/*
 * A login finds its customer through the plugin's own index of login addresses (the SHA-256 of the
 * normalised address on the customer's account row, unique), not by scanning the site's table.
 */

const ACCOUNT_UID = 'plugin::customer-login.account';
const PASSWORD = 'correct-horse-battery';
const TAKEN = 'Another customer with login enabled already uses this email address';

const digest = (email: string) => createHash('sha256').update(email.toLowerCase()).digest('hex');

const indexedAddress = async (app: TestApp, documentId: string) => {
  const account = (await app.strapi.db
    .query(ACCOUNT_UID)
    .findOne({ where: { customer: documentId }, select: ['addressHash'] })) as {
    addressHash: string | null;
  } | null;
  return account?.addressHash ?? null;
};

/**
 * Secrets written by an earlier boot, or by this boot's bootstrap before the capture started: the
 * leak check looks for them in this boot's answers too.
 */
const knowEarlierSecrets = async (app: TestApp, hash: string) => {
  app.captured.push({ kind: 'password hash', value: hash });
  const sessions = (await app.strapi.db
    .query('plugin::customer-login.session')
    .findMany({ select: ['refreshHash'] })) as Array<{ refreshHash: string }>;
  for (const { refreshHash } of sessions) {
    app.captured.push({ kind: 'refresh token digest', value: refreshHash });
  }
};

describe('the index of login addresses', () => {
  const app = useTestApp();

  test('holds the address while login is enabled, and a login needs it', async () => {
    const { email, documentId } = await createLoginCustomer(app, PASSWORD, {
      email: uniqueEmail('Indexed'),
    });
    expect(await indexedAddress(app, documentId)).toBe(digest(email));
    expect((await login(app, email.toLowerCase(), PASSWORD)).status).toBe(200);

    const off = await updateCustomer(app, documentId, { loginEnabled: false });
    expect(off.status).toBe(200);
    expect(await indexedAddress(app, documentId)).toBeNull();
    expect((await login(app, email, PASSWORD)).status).toBe(400);

    const on = await updateCustomer(app, documentId, { loginEnabled: true });
    expect(on.status).toBe(200);
    expect(await indexedAddress(app, documentId)).toBe(digest(email));
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('follows an address change: the new address is the login, the old one is free', async () => {
    const first = await createLoginCustomer(app, PASSWORD);
    const moved = uniqueEmail('moved');
    const res = await updateCustomer(app, first.documentId, { email: moved, emailConfirmed: true });
    expect(res.status).toBe(200);
    expect(await indexedAddress(app, first.documentId)).toBe(digest(moved));
    expect((await login(app, first.email, PASSWORD)).status).toBe(400);

    const second = await createLoginCustomer(app, PASSWORD, { email: first.email });
    expect(await indexedAddress(app, second.documentId)).toBe(digest(first.email));
    expect((await login(app, first.email, PASSWORD)).body.customer.documentId).toBe(
      second.documentId
    );
  });

  test('deleting a customer frees its address for another', async () => {
    const first = await createLoginCustomer(app, PASSWORD);
    const removed = await app
      .http()
      .delete(`/content-manager/collection-types/${CUSTOMER_UID}/${first.documentId}`)
      .set('Authorization', `Bearer ${app.adminToken}`);
    expect(removed.status).toBe(200);

    const second = await createLoginCustomer(app, PASSWORD, { email: first.email });
    const res = await login(app, first.email, PASSWORD);
    expect(res.status).toBe(200);
    expect(res.body.customer.documentId).toBe(second.documentId);
  });

  // The database decides, not a read before the write: saves that arrive together cannot both
  // pass a check that neither has written yet.
  test('of concurrent saves of one address with login enabled, exactly one succeeds', async () => {
    const email = uniqueEmail('race');
    const before = await app.strapi.db.query(CUSTOMER_UID).count();
    const answers = await Promise.all(
      [email, email.toUpperCase(), email, email.toUpperCase(), email].map((variant) =>
        createCustomer(app, {
          email: variant,
          loginEnabled: true,
          emailConfirmed: true,
          password: PASSWORD,
          passwordConfirmation: PASSWORD,
        })
      )
    );

    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 400, 400, 400, 400]);
    for (const res of answers.filter((answer) => answer.status === 400)) {
      expect(res.body.error).toMatchObject({ name: 'ValidationError', message: TAKEN });
      expect(res.body.error.details.errors[0].path).toEqual(['email']);
    }
    // Nothing half-written: the refused creates left no customer.
    expect(await app.strapi.db.query(CUSTOMER_UID).count()).toBe(before + 1);
    expect((await login(app, email, PASSWORD)).status).toBe(200);
  });

  test('an address one customer logs in with cannot be given to another by an edit', async () => {
    const first = await createLoginCustomer(app, PASSWORD);
    const second = await createLoginCustomer(app, PASSWORD);

    const res = await updateCustomer(app, second.documentId, { email: first.email.toUpperCase() });

    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['email']);
    expect(await indexedAddress(app, second.documentId)).toBe(digest(second.email));
    expect((await login(app, second.email, PASSWORD)).status).toBe(200);
  });
});

// Customers saved before the index existed, or written past the document service, are indexed at
// the next boot.
test('a boot indexes the customers the index does not know, and leaves shared addresses out', async () => {
  const database = await createTestDatabase();
  try {
    const known = { email: uniqueEmail('known'), documentId: '' };
    const written = { email: uniqueEmail('written'), documentId: 'writtenpastthedocsvc1' };
    const shared = uniqueEmail('shared');
    const gone = { email: uniqueEmail('gone'), documentId: '' };
    let hash = '';
    await withTestApp({ database }, async (first) => {
      known.documentId = (
        await createLoginCustomer(first, PASSWORD, { email: known.email })
      ).documentId;
      gone.documentId = (
        await createLoginCustomer(first, PASSWORD, { email: gone.email })
      ).documentId;
      const customers = first.strapi.db.query(CUSTOMER_UID);
      const row = (await customers.findOne({ where: { documentId: known.documentId } })) as {
        password: string;
      };
      hash = row.password;
      // Past the document service: a site's own import, or rows from before the index.
      for (const [documentId, email] of [
        [written.documentId, written.email],
        ['sharedaddressnumber01', shared],
        ['sharedaddressnumber02', shared.toUpperCase()],
      ] as const) {
        await customers.create({
          data: { documentId, email, loginEnabled: true, emailConfirmed: true, password: hash },
        });
      }
      await first.strapi.db
        .query(ACCOUNT_UID)
        .updateMany({ where: { customer: known.documentId }, data: { addressHash: null } });
      await customers.deleteMany({ where: { documentId: gone.documentId } });
      expect((await login(first, written.email, PASSWORD)).status).toBe(400);
      expect((await login(first, known.email, PASSWORD)).status).toBe(400);
    });

    await withTestApp({ database }, async (restarted) => {
      await knowEarlierSecrets(restarted, hash);
      expect(await indexedAddress(restarted, known.documentId)).toBe(digest(known.email));
      expect(await indexedAddress(restarted, written.documentId)).toBe(digest(written.email));
      expect(await indexedAddress(restarted, gone.documentId)).toBeNull();
      expect((await login(restarted, known.email, PASSWORD)).status).toBe(200);
      expect((await login(restarted, written.email, PASSWORD)).status).toBe(200);
      expect((await login(restarted, shared, PASSWORD)).status).toBe(400);

      const warnings = restarted.logs.filter((line) => /several customers/.test(line));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/1 addresses/);
      expect(warnings[0]).not.toContain(shared.split('@')[0]);
      // known's and written's entries added, gone's removed.
      expect(
        restarted.logs.filter((line) => /entries of the index of login addresses/.test(line))
      ).toEqual([expect.stringContaining('updated 3 entries')]);
    });

    // Nothing left to do: the next boot writes nothing.
    await withTestApp({ database }, async (again) => {
      await knowEarlierSecrets(again, hash);
      expect(again.logs.some((line) => /index of login addresses/.test(line))).toBe(false);
      expect((await login(again, written.email, PASSWORD)).status).toBe(200);
    });
  } finally {
    await database.drop();
  }
});
