import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { defaultConfig } from '../../../../server/src/config';
import { createCustomerCredentialsMiddleware } from '../../../../server/src/middlewares/document-service/customer-credentials';

type Context = Parameters<Modules.Documents.Middleware.Middleware>[0];

const setup = (
  existing: { loginEnabled: boolean } | null = null,
  options: { draftAndPublish?: boolean } = {}
) => {
  const services = {
    passwords: {
      generate: jest.fn(() => 'Generated1Password'),
      hash: jest.fn(async (plain: string) => `hash(${plain})`),
    },
    customers: {
      findByDocumentId: jest.fn(async () => existing),
      storedHash: jest.fn(async () => 'stored-hash'),
      restorePasswordHash: jest.fn(async () => undefined),
    },
    credentials: { applySavePlan: jest.fn(async () => undefined) },
  };
  const transaction = jest.fn(async (work: () => Promise<unknown>) => work());
  const strapi = {
    config: { get: () => defaultConfig },
    contentType: () => ({ options }),
    plugin: () => ({ service: (name: keyof typeof services) => services[name] }),
    db: { transaction },
  } as unknown as Core.Strapi;
  const middleware = createCustomerCredentialsMiddleware({ strapi });
  const run = (context: Partial<Context>, result: unknown = { documentId: 'doc1' }) => {
    const seen: unknown[] = [];
    const next = jest.fn(async () => {
      seen.push(structuredClone((context.params as { data?: unknown }).data));
      return result;
    });
    const call = middleware(
      { uid: defaultConfig.contentType, ...context } as Context,
      next as never
    );
    return { call, next, seen };
  };
  return { services, transaction, run };
};

describe('customer credentials document middleware', () => {
  test('Given another content type, Then it only calls next, once', async () => {
    const { run, transaction } = setup();
    const { call, next } = run({
      uid: 'api::article.article' as never,
      action: 'create',
      params: { data: { password: 'x' } } as never,
    });

    await call;

    expect(next).toHaveBeenCalledTimes(1);
    expect(transaction).not.toHaveBeenCalled();
  });

  test('Given a read action, Then it only calls next, once', async () => {
    const { run, transaction } = setup();
    const { call, next } = run({ action: 'findMany', params: {} as never });

    await call;

    expect(next).toHaveBeenCalledTimes(1);
    expect(transaction).not.toHaveBeenCalled();
  });

  test.each(['publish', 'discardDraft'] as const)(
    'Given %s with Draft & Publish, Then the stored hash is put back in the same transaction',
    async (action) => {
      const { run, services, transaction } = setup(null, { draftAndPublish: true });
      const { call, next } = run({ action, params: { documentId: 'doc1' } as never });

      await call;

      expect(next).toHaveBeenCalledTimes(1);
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(services.customers.restorePasswordHash).toHaveBeenCalledWith('doc1', 'stored-hash');
    }
  );

  test('Given an update keeping the password with Draft & Publish, Then the stored hash is put back', async () => {
    const { run, services } = setup(null, { draftAndPublish: true });
    const { call } = run({
      action: 'update',
      params: { documentId: 'doc1', data: { lastName: 'X' } } as never,
    });

    await call;

    expect(services.customers.restorePasswordHash).toHaveBeenCalledWith('doc1', 'stored-hash');
    expect(services.credentials.applySavePlan).not.toHaveBeenCalled();
  });

  test('Given an update without Draft & Publish or i18n, Then nothing is read or restored', async () => {
    const { run, services, transaction } = setup();
    const { call } = run({
      action: 'update',
      params: { documentId: 'doc1', data: { lastName: 'X' } } as never,
    });

    await call;

    expect(transaction).not.toHaveBeenCalled();
    expect(services.customers.storedHash).not.toHaveBeenCalled();
  });

  test('Given a password, Then next sees no credential keys and the hash is applied in the transaction', async () => {
    const { run, services, transaction } = setup();
    const data = {
      email: 'a@b.test',
      password: 'long-enough',
      passwordConfirmation: 'long-enough',
    };
    const { call, next, seen } = run({ action: 'create', params: { data } as never });

    await expect(call).resolves.toEqual({ documentId: 'doc1' });

    expect(next).toHaveBeenCalledTimes(1);
    expect(seen[0]).toEqual({ email: 'a@b.test' });
    expect(transaction).toHaveBeenCalledTimes(1);
    expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
      hash: 'hash(long-enough)',
      loginTurnedOn: false,
    });
  });

  test('Given sendCredentials, Then a generated password is planned and the typed one ignored', async () => {
    const { run, services } = setup();
    const data = { loginEnabled: true, sendCredentials: true, password: 'typed' };
    const { call } = run({ action: 'create', params: { data } as never });

    await call;

    expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
      emailConfirmedByAdmin: false,
      generatedPassword: 'Generated1Password',
      hash: 'hash(Generated1Password)',
      loginTurnedOn: true,
      loginTurnedOff: false,
    });
  });

  test('Given an update that keeps login on, Then login is not turned on again', async () => {
    const { run, services } = setup({ loginEnabled: true });
    const { call } = run({
      action: 'update',
      params: { documentId: 'doc1', data: { loginEnabled: true } } as never,
    });

    await call;

    expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
      emailConfirmedByAdmin: false,
      loginTurnedOn: false,
      loginTurnedOff: false,
    });
  });

  test('Given an update that turns login off, Then the plan says so (sessions end)', async () => {
    const { run, services, transaction } = setup({ loginEnabled: true });
    const { call } = run({
      action: 'update',
      params: { documentId: 'doc1', data: { loginEnabled: false } } as never,
    });

    await call;

    expect(transaction).toHaveBeenCalledTimes(1);
    expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
      emailConfirmedByAdmin: false,
      loginTurnedOn: false,
      loginTurnedOff: true,
    });
  });

  test('Given a clone without a password, Then the copy loses the password', async () => {
    const { run, services } = setup();
    const { call } = run({ action: 'clone', params: { documentId: 'source' } as never });

    await call;

    expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
      hash: null,
      loginTurnedOn: false,
    });
  });

  test('Given an invalid password, Then it throws before saving', async () => {
    const { run, transaction } = setup();
    const { call, next } = run({
      action: 'create',
      params: { data: { password: 'short', passwordConfirmation: 'short' } } as never,
    });

    await expect(call).rejects.toBeInstanceOf(errors.ValidationError);
    expect(next).not.toHaveBeenCalled();
    expect(transaction).not.toHaveBeenCalled();
  });

  test('Given a save that touches no login field, Then no transaction is opened', async () => {
    const { run, transaction } = setup();
    const { call, next } = run({
      action: 'update',
      params: { documentId: 'doc1', data: { firstName: 'A' } } as never,
    });

    await call;

    expect(next).toHaveBeenCalledTimes(1);
    expect(transaction).not.toHaveBeenCalled();
  });
});
