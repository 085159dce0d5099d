import fc from 'fast-check';

import { createLoginCustomer, login } from '../helpers/api';
import { assertProperty } from '../helpers/property';
import { useTestApp } from '../helpers/test-app';

/**
 * Property: whatever body and headers a client sends to any route of the plugin, the answer is
 * never a 5xx, and every error has Strapi's error body.
 */
const app = useTestApp();
let customerToken: string;
let documentId: string;

beforeAll(async () => {
  const customer = await createLoginCustomer(app, 'property-password-1');
  documentId = customer.documentId;
  customerToken = (await login(app, customer.email, 'property-password-1').expect(200)).body.jwt;
});

type Method = 'get' | 'post' | 'put';
const ENDPOINTS: Array<{
  name: string;
  method: Method;
  path: () => string;
  auth: 'none' | 'customer' | 'admin';
}> = [
  {
    name: 'POST /api/customer-login/auth/login',
    method: 'post',
    path: () => '/api/customer-login/auth/login',
    auth: 'none',
  },
  {
    name: 'POST /api/customer-login/auth/forgot-password',
    method: 'post',
    path: () => '/api/customer-login/auth/forgot-password',
    auth: 'none',
  },
  {
    name: 'POST /api/customer-login/auth/reset-password',
    method: 'post',
    path: () => '/api/customer-login/auth/reset-password',
    auth: 'none',
  },
  {
    name: 'POST /api/customer-login/auth/send-email-confirmation',
    method: 'post',
    path: () => '/api/customer-login/auth/send-email-confirmation',
    auth: 'none',
  },
  {
    name: 'POST /api/customer-login/auth/change-password',
    method: 'post',
    path: () => '/api/customer-login/auth/change-password',
    auth: 'customer',
  },
  {
    name: 'GET /api/customer-login/me',
    method: 'get',
    path: () => '/api/customer-login/me',
    auth: 'customer',
  },
  {
    name: 'POST /api/customer-login/auth/email-confirmation',
    method: 'post',
    path: () => '/api/customer-login/auth/email-confirmation',
    auth: 'none',
  },
  {
    name: 'GET /api/customer-login/auth/email-confirmation',
    method: 'get',
    path: () => '/api/customer-login/auth/email-confirmation',
    auth: 'none',
  },
  {
    name: 'POST /customer-login/customers/:documentId/send-credentials',
    method: 'post',
    path: () => `/customer-login/customers/${documentId}/send-credentials`,
    auth: 'admin',
  },
  {
    name: 'POST /customer-login/customers/send-credentials',
    method: 'post',
    path: () => '/customer-login/customers/send-credentials',
    auth: 'admin',
  },
  {
    name: 'GET /customer-login/customers/:documentId/history',
    method: 'get',
    path: () => `/customer-login/customers/${documentId}/history`,
    auth: 'admin',
  },
  {
    name: 'GET /customer-login/email-templates',
    method: 'get',
    path: () => '/customer-login/email-templates',
    auth: 'admin',
  },
  {
    name: 'PUT /customer-login/email-templates',
    method: 'put',
    path: () => '/customer-login/email-templates',
    auth: 'admin',
  },
  {
    name: 'POST /customer-login/email-templates/preview',
    method: 'post',
    path: () => '/customer-login/email-templates/preview',
    auth: 'admin',
  },
  {
    name: 'POST /customer-login/email-templates/test-email',
    method: 'post',
    path: () => '/customer-login/email-templates/test-email',
    auth: 'admin',
  },
];

const json = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'documentIds',
      'email',
      'password',
      'passwordConfirmation',
      'currentPassword',
      'code',
      'confirmation',
      'credentials',
      'locale',
      'template',
      'x'
    ),
    fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.string()), fc.object())
  )
);

const authorization = (kind: 'none' | 'customer' | 'admin') =>
  fc.oneof(
    fc.constant(undefined),
    fc.string(),
    fc.string().map((s) => `Bearer ${s}`),
    fc.constant(kind === 'admin' ? `Bearer ${app.adminToken}` : `Bearer ${customerToken}`),
    fc.constant(`Bearer ${customerToken}x`)
  );

const isStrapiError = (body: unknown, status: number) => {
  const error = (body as { data?: unknown; error?: Record<string, unknown> }).error;
  return (
    (body as { data?: unknown }).data === null &&
    typeof error === 'object' &&
    error !== null &&
    error.status === status &&
    typeof error.name === 'string' &&
    typeof error.message === 'string'
  );
};

test.each(ENDPOINTS)("$name: no 5xx, and every error in Strapi's body", async (endpoint) => {
  await assertProperty(
    fc.asyncProperty(
      json,
      authorization(endpoint.auth),
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded'),
      fc.dictionary(
        fc.constantFrom('confirmation', 'code', 'email', 'page', 'pageSize', 'x'),
        fc.string()
      ),
      async (body, authHeader, contentType, query) => {
        let call = app.http()[endpoint.method](endpoint.path()).query(query);
        if (authHeader !== undefined) call = call.set('Authorization', authHeader);
        if (endpoint.method !== 'get') {
          // The same text under every content type: the server's parser decides what it is.
          call = call.set('Content-Type', contentType).send(JSON.stringify(body) ?? '');
        }
        const res = await call;
        const answer = { status: res.status, body: res.text.slice(0, 300) };

        expect({ ...answer, serverError: res.status >= 500 }).toEqual({
          ...answer,
          serverError: false,
        });
        if (res.status >= 400) {
          expect({ ...answer, strapiError: isStrapiError(res.body, res.status) }).toEqual({
            ...answer,
            strapiError: true,
          });
        }
      }
    ),
    { numRuns: 60 }
  );
});
