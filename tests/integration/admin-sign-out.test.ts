import { createLoginCustomer, login } from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

/*
 * The admin's side of customer sessions: what the Login panel reads (the latest sign-in, the open
 * sessions) and Sign out everywhere, with who may do each.
 */

const SIGN_OUT = 'plugin::customer-login.sign-out';
const SEND_CREDENTIALS = 'plugin::customer-login.send-credentials';
const PASSWORD = 'sign-out-password-1';
const ADMIN = { kind: 'admin', id: expect.any(Number), name: 'Ada Admin' };
const FIELDS = ['firstName', 'lastName', 'email', 'loginEnabled', 'password', 'emailConfirmed'];

const app = useTestApp();

const signOut = (documentId: string, token?: string) => {
  const call = app.http().post(`/customer-login/customers/${documentId}/sign-out`);
  return token ? call.set('Authorization', `Bearer ${token}`) : call;
};

const facts = (documentId: string, token?: string) => {
  const call = app.http().get(`/customer-login/customers/${documentId}/sessions`);
  return token ? call.set('Authorization', `Bearer ${token}`) : call;
};

const me = (jwt: string) =>
  app.http().get('/api/customer-login/me').set('Authorization', `Bearer ${jwt}`);

const refresh = (refreshToken: string) =>
  app.http().post('/api/customer-login/auth/refresh').send({ refreshToken });

/** The customer's history, newest first, as the Login panel reads it. */
const historyOf = async (documentId: string) => {
  const res = await app
    .http()
    .get(`/customer-login/customers/${documentId}/history?pageSize=100`)
    .set('Authorization', `Bearer ${app.adminToken}`);
  expect(res.status).toBe(200);
  return res.body.data as Array<{ type: string; actor: unknown; createdAt: string }>;
};

/** Logs the customer in; answers the new session's tokens, after checking that they work. */
const signIn = async (email: string) => {
  const res = await login(app, email, PASSWORD);
  expect(res.status).toBe(200);
  const session = { jwt: res.body.jwt as string, refreshToken: res.body.refreshToken as string };
  expect((await me(session.jwt)).status).toBe(200);
  return session;
};

/** A customer with two open sessions. */
const signedInTwice = async () => {
  const customer = await createLoginCustomer(app, PASSWORD);
  const sessions = [await signIn(customer.email), await signIn(customer.email)];
  return { ...customer, sessions };
};

const expectStillSignedIn = async (sessions: Array<{ jwt: string }>) => {
  for (const { jwt } of sessions) expect((await me(jwt)).status).toBe(200);
};

/** An admin whose one role holds exactly these permissions. */
const adminWith = async (name: string, permissions: Parameters<typeof createRole>[2]) =>
  createAdminWithRoles(app, [await createRole(app, name, permissions)]);

const explorer = (verb: 'read' | 'update', conditions: string[] = []) => ({
  action: `plugin::content-manager.explorer.${verb}`,
  subject: CUSTOMER_UID,
  properties: { fields: FIELDS },
  conditions,
});

describe('POST /customer-login/customers/:documentId/sign-out', () => {
  test("ends every session: the customer's access and refresh tokens get 401, and no one else's", async () => {
    const { documentId, sessions } = await signedInTwice();
    const other = await signedInTwice();

    const res = await signOut(documentId, app.adminToken);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { ended: 2 } });
    for (const { jwt, refreshToken } of sessions) {
      const [access, refreshed] = [await me(jwt), await refresh(refreshToken)];
      expect(access.status).toBe(401);
      expect(access.body).toMatchObject({ data: null, error: { name: 'UnauthorizedError' } });
      expect(refreshed.status).toBe(401);
      expect(refreshed.body).toMatchObject({ data: null, error: { name: 'UnauthorizedError' } });
    }
    await expectStillSignedIn(other.sessions);
    expect((await refresh(other.sessions[0]!.refreshToken)).status).toBe(200);
  });

  test('records Signed out everywhere with the admin as actor, once', async () => {
    const { documentId } = await signedInTwice();

    expect((await signOut(documentId, app.adminToken)).status).toBe(200);

    const history = await historyOf(documentId);
    // Newest first: the sign-out after the two sign-ins, and nothing else since.
    expect(history.slice(0, 3).map(({ type }) => type)).toEqual([
      'signed-out-everywhere',
      'signed-in',
      'signed-in',
    ]);
    expect(history.filter(({ type }) => type === 'signed-out-everywhere')).toHaveLength(1);
    expect(history[0]!.actor).toEqual(ADMIN);
  });

  test('one transaction: when the record cannot be written, no session ends', async () => {
    const { documentId, sessions } = await signedInTwice();
    const history = app.strapi.plugin('customer-login').service('history');
    const record = jest
      .spyOn(history, 'record')
      .mockRejectedValueOnce(new Error('history is unavailable'));
    try {
      const res = await signOut(documentId, app.adminToken);

      expect(res.status).toBe(500);
      expect(record).toHaveBeenCalledWith(
        expect.objectContaining({ customer: documentId, type: 'signed-out-everywhere' })
      );
    } finally {
      record.mockRestore();
    }
    await expectStillSignedIn(sessions);
    expect((await facts(documentId, app.adminToken)).body.data.openSessions).toBe(2);
  });

  test('a customer without open sessions: 0 ended, and the request is on record', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);

    const res = await signOut(documentId, app.adminToken);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { ended: 0 } });
    expect((await historyOf(documentId))[0]).toMatchObject({
      type: 'signed-out-everywhere',
      actor: ADMIN,
    });
  });

  test('a new login after the sign-out works', async () => {
    const { documentId, email } = await signedInTwice();
    expect((await signOut(documentId, app.adminToken)).status).toBe(200);

    await signIn(email);

    expect((await facts(documentId, app.adminToken)).body.data.openSessions).toBe(1);
  });

  test('401 without an admin session; the sessions stay', async () => {
    const { documentId, sessions } = await signedInTwice();

    const res = await signOut(documentId);

    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 401, name: 'UnauthorizedError' },
    });
    await expectStillSignedIn(sessions);
  });

  test('403 for an Editor, who may update customers but lacks the permission; nothing ends', async () => {
    const { documentId, sessions } = await signedInTwice();
    const editor = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);

    const res = await signOut(documentId, editor);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    await expectStillSignedIn(sessions);
    expect((await historyOf(documentId))[0]!.type).toBe('signed-in');
  });

  test('403 for an admin with the permission who may only read customers; nothing ends', async () => {
    const { documentId, sessions } = await signedInTwice();
    const token = await adminWith('Sign-out without customer updates', [
      { action: SIGN_OUT },
      explorer('read'),
    ]);

    const res = await signOut(documentId, token);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      data: null,
      error: {
        status: 403,
        name: 'PolicyError',
        message: 'You may not update customers',
        details: { code: 'CUSTOMER_UPDATE_PERMISSION' },
      },
    });
    await expectStillSignedIn(sessions);
    expect((await historyOf(documentId))[0]!.type).toBe('signed-in');
    // Nor may they learn which documents exist.
    const unknown = await signOut('doesnotexist0000000000000', token);
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toMatchObject({ details: { code: 'CUSTOMER_UPDATE_PERMISSION' } });
  });

  test('403 on a customer outside the conditions of its update permission (is-creator)', async () => {
    const token = await adminWith('Sign-out of own customers', [
      { action: SIGN_OUT },
      ...['read', 'update'].map((verb) => explorer(verb as 'read', ['admin::is-creator'])),
      { action: 'plugin::content-manager.explorer.create', subject: CUSTOMER_UID },
    ]);
    const theirs = await signedInTwice();
    const mine = await createLoginCustomer(app, PASSWORD, {}, token);
    await signIn(mine.email);

    const refused = await signOut(theirs.documentId, token);
    const allowed = await signOut(mine.documentId, token);

    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({
      name: 'PolicyError',
      message: 'You may not update this customer',
      details: { code: 'CUSTOMER_UPDATE_PERMISSION' },
    });
    await expectStillSignedIn(theirs.sessions);
    expect(allowed.status).toBe(200);
    expect(allowed.body).toEqual({ data: { ended: 1 } });
  });

  test('200 for a restricted admin holding both, recorded under their name', async () => {
    const { documentId, sessions } = await signedInTwice();
    // Sending credentials is another permission: this role does not need it.
    const token = await adminWith('Sign-out support', [{ action: SIGN_OUT }, explorer('update')]);

    const res = await signOut(documentId, token);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { ended: 2 } });
    for (const { jwt } of sessions) expect((await me(jwt)).status).toBe(401);
    expect((await historyOf(documentId))[0]).toMatchObject({
      type: 'signed-out-everywhere',
      actor: { kind: 'admin', id: expect.any(Number), name: 'Other Admin' },
    });
  });

  test('the permission to send credentials does not grant it', async () => {
    const { documentId, sessions } = await signedInTwice();
    const token = await adminWith('Credentials only', [
      { action: SEND_CREDENTIALS },
      explorer('update'),
    ]);

    const res = await signOut(documentId, token);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ data: null, error: { status: 403, name: 'PolicyError' } });
    await expectStillSignedIn(sessions);
  });

  test('404 for an unknown document', async () => {
    const res = await signOut('doesnotexist0000000000000', app.adminToken);

    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ data: null, error: { status: 404, name: 'NotFoundError' } });
  });

  test('400 for a malformed document id', async () => {
    const res = await signOut('not%20an%20id', app.adminToken);

    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: ['documentId'] }] },
    });
  });
});

describe('GET /customer-login/customers/:documentId/sessions', () => {
  test('a customer who never signed in: no sign-in, no session', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);

    const res = await facts(documentId, app.adminToken);

    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { lastSignInAt: null, openSessions: 0 } });
  });

  test('the latest sign-in of the history and the open sessions, as they change', async () => {
    const { documentId, email, sessions } = await signedInTwice();
    const newestSignIn = (await historyOf(documentId)).find(({ type }) => type === 'signed-in');
    expect(newestSignIn).toBeDefined();

    const two = await facts(documentId, app.adminToken);
    expect(two.status).toBe(200);
    expect(two.body).toEqual({
      data: { lastSignInAt: newestSignIn!.createdAt, openSessions: 2 },
    });

    const logout = await app
      .http()
      .post('/api/customer-login/auth/logout')
      .set('Authorization', `Bearer ${sessions[0]!.jwt}`)
      .send({});
    expect(logout.status).toBe(200);
    expect((await facts(documentId, app.adminToken)).body.data.openSessions).toBe(1);

    expect((await signOut(documentId, app.adminToken)).status).toBe(200);
    const none = await facts(documentId, app.adminToken);
    expect(none.body).toEqual({ data: { lastSignInAt: newestSignIn!.createdAt, openSessions: 0 } });

    // A sign-in after them all is the newest.
    await signIn(email);
    const again = await facts(documentId, app.adminToken);
    expect(again.body.data.openSessions).toBe(1);
    expect(Date.parse(again.body.data.lastSignInAt)).toBeGreaterThanOrEqual(
      Date.parse(newestSignIn!.createdAt)
    );
    expect(again.body.data.lastSignInAt).toBe(
      (await historyOf(documentId)).find(({ type }) => type === 'signed-in')!.createdAt
    );
  });

  test('only the customer named counts', async () => {
    await signedInTwice();
    const { documentId, email } = await createLoginCustomer(app, PASSWORD);
    await signIn(email);

    expect((await facts(documentId, app.adminToken)).body.data.openSessions).toBe(1);
  });

  test('an admin who may read customers may read it, without any plugin permission', async () => {
    const { documentId } = await signedInTwice();
    const token = await adminWith('Customer reader', [explorer('read')]);

    const res = await facts(documentId, token);

    expect(res.status).toBe(200);
    expect(res.body.data.openSessions).toBe(2);
  });

  test('403 for an admin who may not read customers', async () => {
    const { documentId } = await signedInTwice();
    const token = await adminWith('Sign-out without reading', [{ action: SIGN_OUT }]);

    const res = await facts(documentId, token);

    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      data: null,
      error: { status: 403, name: 'PolicyError', details: { code: 'CUSTOMER_READ_PERMISSION' } },
    });
    // Nor may they learn which documents exist.
    const unknown = await facts('doesnotexist0000000000000', token);
    expect(unknown.status).toBe(403);
    expect(unknown.body.error).toMatchObject({ details: { code: 'CUSTOMER_READ_PERMISSION' } });
  });

  test('403 on a customer outside the conditions of its read permission (is-creator)', async () => {
    const { documentId } = await signedInTwice();
    const token = await adminWith('Reader of own customers', [
      explorer('read', ['admin::is-creator']),
    ]);

    const res = await facts(documentId, token);

    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ details: { code: 'CUSTOMER_READ_PERMISSION' } });
  });

  test('401 without an admin session, 404 for an unknown document, 400 for a malformed id', async () => {
    const { documentId } = await createLoginCustomer(app, PASSWORD);

    const anonymous = await facts(documentId);
    const unknown = await facts('doesnotexist0000000000000', app.adminToken);
    const malformed = await facts('not%20an%20id', app.adminToken);

    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { name: 'UnauthorizedError' } });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ data: null, error: { name: 'NotFoundError' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatchObject({
      name: 'ValidationError',
      details: { errors: [{ path: ['documentId'] }] },
    });
  });
});
