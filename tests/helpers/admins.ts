import type { TestApp } from './strapi';

interface Permission {
  action: string;
  subject?: string;
  properties?: { fields?: string[]; locales?: string[] };
  conditions?: string[];
}

let counter = 0;

/** Creates an active admin with the given roles and logs in through the admin API. */
export const createAdminWithRoles = async (app: TestApp, roleIds: number[]) => {
  const email = `admin-${++counter}-${Date.now()}@shop.test`;
  const password = 'Other-Admin-Pass-1';
  app.secrets.add(password);
  await app.strapi.service('admin::user').create({
    email,
    firstname: 'Other',
    lastname: 'Admin',
    password,
    isActive: true,
    roles: roleIds,
  });
  const res = await app.http().post('/admin/login').send({ email, password }).expect(200);
  return (res.body as { data: { token: string } }).data.token;
};

export const findRoleId = async (app: TestApp, code: string) => {
  const role = (await app.strapi.service('admin::role').findOne({ code })) as { id: number };
  return role.id;
};

/** A role holding exactly these permissions. */
export const createRole = async (app: TestApp, name: string, permissions: Permission[]) => {
  const role = (await app.strapi.service('admin::role').create({ name, description: name })) as {
    id: number;
  };
  await app.strapi.service('admin::role').assignPermissions(
    role.id,
    permissions.map((permission) => ({ conditions: [], properties: {}, ...permission }))
  );
  return role.id;
};
