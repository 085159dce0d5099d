import jwt from 'jsonwebtoken';

import { createLoginCustomer, login } from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

// users-permissions signs with this plugin's own secret in this app: only the claims can tell the
// two plugins' tokens apart.
const SHARED_SECRET = 'test-customer-login-jwt-secret-0123456789';
const PASSWORD = 'foreign-password-1';

const app = useTestApp({ usersPermissions: true });

const get = (path: string, token: string) =>
  app.http().get(path).set('Authorization', `Bearer ${token}`);

describe('with users-permissions beside it, on one secret', () => {
  test("a users-permissions token is refused by this plugin, and this plugin's access token there and in the admin", async () => {
    const { email } = await createLoginCustomer(app, PASSWORD);
    const res = await login(app, email, PASSWORD);
    expect(res.status).toBe(200);
    const access = res.body.jwt as string;
    app.secrets.add(access);
    // What users-permissions' own jwt service signs: the user's id, nothing else.
    const upToken = jwt.sign({ id: 1 }, SHARED_SECRET, { expiresIn: '1h' });

    expect((await get('/api/customer-login/me', upToken)).status).toBe(401);
    expect((await get('/api/users/me', access)).status).toBe(401);
    expect((await get('/admin/users/me', access)).status).toBe(401);
    expect((await get('/api/customer-login/me', access)).status).toBe(200);
  });
});
