import {
  countCustomers,
  createApiToken,
  createLoginCustomer,
  login,
  uniqueEmail,
} from '../helpers/api';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useTestApp } from '../helpers/test-app';

/*
 * GraphQL is the Content API too: with @strapi/plugin-graphql installed, its mutations are refused
 * login keys like REST, and its types never show them.
 */

const PASSWORD = 'graphql-real-password-1';

const app = useTestApp({ graphql: true });
let token: string;
beforeAll(async () => {
  token = await createApiToken(app, 'full-access');
});

interface GraphqlError {
  message: string;
  extensions?: { code?: string; error?: { name?: string; details?: unknown } };
}

const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
  const res = await app
    .http()
    .post('/graphql')
    .set('Authorization', `Bearer ${token}`)
    .send({ query, variables });
  return res as typeof res & {
    body: { data?: Record<string, unknown> | null; errors?: GraphqlError[] };
  };
};

const UPDATE = `mutation Update($documentId: ID!, $data: CustomerInput!) {
  updateCustomer(documentId: $documentId, data: $data) { documentId firstName }
}`;

const storedRow = async (documentId: string) =>
  (await app.strapi.db.query(CUSTOMER_UID).findOne({ where: { documentId } })) as Record<
    string,
    unknown
  >;

test.each([
  ['password', { password: 'graphql-chosen-password-1' }],
  ['loginEnabled', { loginEnabled: false }],
  ['emailConfirmed', { emailConfirmed: false }],
])('updateCustomer setting %s is refused as a ValidationError naming it', async (key, data) => {
  const { email, documentId } = await createLoginCustomer(app, PASSWORD);
  app.secrets.add('graphql-chosen-password-1');

  const res = await graphql(UPDATE, { documentId, data: { firstName: 'Renamed', ...data } });

  expect(res.body.data?.updateCustomer ?? null).toBeNull();
  expect(res.body.errors).toEqual([
    expect.objectContaining({
      message: expect.stringContaining(key),
      extensions: expect.objectContaining({
        error: expect.objectContaining({
          name: 'ValidationError',
          details: { errors: [expect.objectContaining({ path: [key] })] },
        }),
      }),
    }),
  ]);
  expect(await storedRow(documentId)).toMatchObject({
    firstName: 'Grace',
    loginEnabled: true,
    emailConfirmed: true,
  });
  expect((await login(app, email, PASSWORD)).status).toBe(200);
  expect((await login(app, email, 'graphql-chosen-password-1')).status).toBe(400);
});

test('createCustomer with login attributes creates nothing', async () => {
  const before = await countCustomers(app);

  const res = await graphql(
    `
      mutation Create($data: CustomerInput!) {
        createCustomer(data: $data) {
          documentId
        }
      }
    `,
    { data: { email: uniqueEmail('graphql'), loginEnabled: true, emailConfirmed: true } }
  );

  expect(res.body.errors?.[0]?.extensions?.error?.name).toBe('ValidationError');
  expect(await countCustomers(app)).toBe(before);
});

test('other fields are still writable', async () => {
  const { documentId } = await createLoginCustomer(app, PASSWORD);

  const res = await graphql(UPDATE, { documentId, data: { lastName: 'Hopper' } });

  expect(res.body.errors).toBeUndefined();
  expect(res.body.data).toEqual({ updateCustomer: { documentId, firstName: 'Grace' } });
  expect((await storedRow(documentId)).lastName).toBe('Hopper');
});

test('the login attributes are not part of the Customer type', async () => {
  const { documentId } = await createLoginCustomer(app, PASSWORD);

  const read = await graphql(
    `
      query Read($documentId: ID!) {
        customer(documentId: $documentId) {
          documentId
          email
        }
      }
    `,
    { documentId }
  );
  const fields = await graphql(`
    {
      __type(name: "Customer") {
        fields {
          name
        }
      }
    }
  `);
  const asked = await graphql(
    `
      query Read($documentId: ID!) {
        customer(documentId: $documentId) {
          password
        }
      }
    `,
    { documentId }
  );

  expect(read.body.data?.customer).toEqual({ documentId, email: expect.any(String) });
  const names = (fields.body.data?.__type as { fields: Array<{ name: string }> }).fields.map(
    (field) => field.name
  );
  expect(names).toEqual(expect.arrayContaining(['documentId', 'email', 'firstName']));
  for (const key of ['password', 'loginEnabled', 'emailConfirmed']) {
    expect(names).not.toContain(key);
  }
  expect(asked.status).toBe(400);
  expect(asked.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
});
