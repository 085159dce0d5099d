import type { Core, Modules } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { defaultConfig } from '../../../../server/src/config';
import { createDocumentMiddlewares } from '../../../../server/src/middlewares/document-service';
import createCredentialsService from '../../../../server/src/services/credentials';

type Context = Parameters<Modules.Documents.Middleware.Middleware>[0];

/** The request a write runs in, as Strapi's request context holds it (undefined: no request). */
type Request = { state: { route: { info: { type: string } }; userAbility?: unknown } } | undefined;

const contentApiRequest: Request = { state: { route: { info: { type: 'content-api' } } } };
const adminRequest = (can: (action: string) => boolean): Request => ({
  state: { route: { info: { type: 'admin' } }, userAbility: { can } },
});

const setup = (
  existing: { loginEnabled: boolean; email?: string | null } | null = null,
  options: {
    draftAndPublish?: boolean;
    localized?: boolean;
    request?: Request;
    mayChangePassword?: boolean;
  } = {}
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
    // The real service decides the plan; what it applies after the save is watched instead.
    credentials: {} as ReturnType<typeof createCredentialsService> & {
      applySavePlan: jest.Mock;
      forgetCustomer: jest.Mock;
      followLoginAddress: jest.Mock;
    },
  };
  // The Content Manager's permission checker, reduced to the password field's answer.
  const permissionChecker = {
    can: {
      update: jest.fn(() => options.mayChangePassword !== false),
      create: jest.fn(() => options.mayChangePassword !== false),
    },
    sanitizedQuery: { update: async () => ({}) },
  };
  const contentManager = {
    'permission-checker': { create: () => permissionChecker },
    'populate-builder': () => ({ populateFromQuery: () => ({ build: async () => ({}) }) }),
    'document-manager': { findOne: async () => ({ documentId: 'doc1' }) },
  };
  // Counts transactions as Strapi opens them: one opened inside another joins it.
  const transaction = jest.fn();
  let open = 0;
  const joiningTransaction = async (work: () => Promise<unknown>) => {
    if (open === 0) transaction();
    open += 1;
    try {
      return await work();
    } finally {
      open -= 1;
    }
  };
  const strapi = {
    config: { get: () => defaultConfig },
    // A type that says nothing of i18n has no pluginOptions at all.
    contentType: () => ({
      options,
      ...(options.localized === undefined
        ? {}
        : { pluginOptions: { i18n: { localized: options.localized } } }),
    }),
    plugin: (id: string) => ({
      service: (name: string) =>
        id === 'content-manager'
          ? contentManager[name as keyof typeof contentManager]
          : services[name as keyof typeof services],
    }),
    db: { transaction: joiningTransaction },
    requestContext: { get: () => options.request },
  } as unknown as Core.Strapi;
  services.credentials = Object.assign(createCredentialsService({ strapi }), {
    applySavePlan: jest.fn(async () => undefined),
    forgetCustomer: jest.fn(async () => undefined),
    followLoginAddress: jest.fn(async () => {
      if (open === 0) throw new Error('followLoginAddress outside the transaction');
    }),
  });
  const middlewares = createDocumentMiddlewares({ strapi });
  /** Runs the action through the plugin's middlewares as Strapi does: each around the next. */
  const run = (context: Partial<Context>, result: unknown = { documentId: 'doc1' }) => {
    const seen: unknown[] = [];
    const next = jest.fn(async () => {
      seen.push(structuredClone((context.params as { data?: unknown }).data));
      return result;
    });
    const ctx = { uid: defaultConfig.contentType, ...context } as Context;
    const through = async (index: number): Promise<unknown> => {
      const middleware = middlewares[index];
      return middleware ? middleware(ctx, (() => through(index + 1)) as never) : next();
    };
    return { call: through(0), next, seen };
  };
  return { services, transaction, run, permissionChecker, inTransaction: () => open > 0 };
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

  test('Given discardDraft, Then the login address follows the restored address, in its transaction', async () => {
    const { run, services, transaction } = setup(null, { draftAndPublish: true });
    const { call } = run({ action: 'discardDraft', params: { documentId: 'doc1' } as never });

    await call;

    expect(transaction).toHaveBeenCalledTimes(1);
    expect(services.credentials.followLoginAddress).toHaveBeenCalledWith('doc1');
  });

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

  test('Given an update of a localized customer, Then the stored hash is put back', async () => {
    const { run, services, transaction } = setup(null, { localized: true });
    const { call } = run({
      action: 'update',
      params: { documentId: 'doc1', locale: 'fr', data: { lastName: 'X' } } as never,
    });

    await call;

    expect(transaction).toHaveBeenCalledTimes(1);
    expect(services.customers.restorePasswordHash).toHaveBeenCalledWith('doc1', 'stored-hash');
  });

  test.each([
    ['of another content type', { uid: 'api::article.article' as never, action: 'publish' }],
    ['without a document', { action: 'publish', params: {} }],
  ])('Given a publish %s, Then no hash is read or restored', async (_case, context) => {
    const { run, services, transaction } = setup(null, { draftAndPublish: true });
    const { call, next } = run({ params: { documentId: 'doc1' }, ...context } as never);

    await call;

    expect(next).toHaveBeenCalledTimes(1);
    expect(transaction).not.toHaveBeenCalled();
    expect(services.customers.storedHash).not.toHaveBeenCalled();
  });

  test('Given an update setting a password with Draft & Publish, Then the old hash goes back before the plan applies, in its transaction', async () => {
    const { run, services, inTransaction } = setup(null, { draftAndPublish: true });
    const steps: string[] = [];
    const step = (name: string) => () => {
      steps.push(`${name}${inTransaction() ? ' in a transaction' : ''}`);
      return Promise.resolve(undefined);
    };
    services.customers.storedHash.mockImplementation(
      async () => (step('read the hash')(), 'stored-hash')
    );
    services.customers.restorePasswordHash.mockImplementation(step('put the hash back'));
    services.credentials.applySavePlan.mockImplementation(step('apply the plan'));
    const { call, next } = run({
      action: 'update',
      params: { documentId: 'doc1', data: { password: 'long-enough-1' } } as never,
    });
    next.mockImplementation(async () => (step('save')(), { documentId: 'doc1' }));

    await call;

    expect(steps).toEqual([
      'read the hash in a transaction',
      'save in a transaction',
      'put the hash back in a transaction',
      'apply the plan in a transaction',
    ]);
    expect(services.credentials.applySavePlan).toHaveBeenCalledWith(
      'doc1',
      expect.objectContaining({ hash: 'hash(long-enough-1)' })
    );
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
      emailConfirmedByAdmin: false,
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

  test.each([
    ['a list', ['password']],
    ['null', null],
  ])('Given save data that is %s, Then it goes to next untouched', async (_case, data) => {
    const { run, transaction } = setup();
    const { call, next, seen } = run({
      action: 'update',
      params: { documentId: 'doc1', data } as never,
    });

    await call;

    expect(next).toHaveBeenCalledTimes(1);
    expect(seen[0]).toEqual(data);
    expect(transaction).not.toHaveBeenCalled();
  });

  test('Given a publish with data, Then its keys are not read or taken', async () => {
    const { run, transaction } = setup();
    const data = { password: 'x', sendCredentials: true };
    const { call, seen } = run({
      action: 'publish',
      params: { documentId: 'doc1', data } as never,
    });

    await call;

    expect(seen[0]).toEqual(data);
    expect(transaction).not.toHaveBeenCalled();
  });

  test('Given an update without data, Then none is made up', async () => {
    const { run } = setup();
    const params: { documentId: string; data?: unknown } = { documentId: 'doc1' };
    const { call, next } = run({ action: 'update', params: params as never });

    await call;

    expect(next).toHaveBeenCalledTimes(1);
    expect(params).not.toHaveProperty('data');
  });

  test('Given an update of a document that is not there, Then its null answers and no plan applies', async () => {
    const { run, services } = setup(null, { request: undefined });
    const { call } = run(
      {
        action: 'update',
        params: {
          documentId: 'gone',
          data: { loginEnabled: true, password: 'long-enough-1' },
        } as never,
      },
      null
    );

    await expect(call).resolves.toBeNull();
    expect(services.credentials.applySavePlan).not.toHaveBeenCalled();
  });

  describe('an email that cannot be sent', () => {
    const notSent = () =>
      new errors.ApplicationError('The email could not be sent', { code: 'EMAIL_NOT_SENT' });

    test('Given an update, Then the failure is recorded for the customer and the save fails', async () => {
      const { run, services } = setup();
      const failure = notSent();
      services.credentials.applySavePlan.mockRejectedValue(failure);
      const record = jest
        .spyOn(services.credentials, 'recordSendingFailure')
        .mockResolvedValue(undefined);
      const { call } = run({
        action: 'update',
        params: { documentId: 'doc1', data: { sendCredentials: true } } as never,
      });

      await expect(call).rejects.toBe(failure);
      expect(record).toHaveBeenCalledWith('doc1', failure);
    });

    test('Given a create, Then nothing is recorded (the customer was rolled back)', async () => {
      const { run, services } = setup();
      services.credentials.applySavePlan.mockRejectedValue(notSent());
      const record = jest
        .spyOn(services.credentials, 'recordSendingFailure')
        .mockResolvedValue(undefined);
      const { call } = run({
        action: 'create',
        params: { documentId: 'doc1', data: { sendCredentials: true } } as never,
      });

      await expect(call).rejects.toBeInstanceOf(errors.ApplicationError);
      expect(record).not.toHaveBeenCalled();
    });
  });

  describe('who may ask for what', () => {
    test('Given an admin request without an ability, Then sendCredentials is refused', async () => {
      const { run, services } = setup(null, {
        request: { state: { route: { info: { type: 'admin' } } } },
      });
      const { call, next } = run({
        action: 'create',
        params: { data: { loginEnabled: true, sendCredentials: true } } as never,
      });

      await expect(call).rejects.toBeInstanceOf(errors.PolicyError);
      expect(next).not.toHaveBeenCalled();
      expect(services.passwords.generate).not.toHaveBeenCalled();
    });

    test.each([
      ['a create', 'create', undefined],
      ['a clone', 'clone', 'source'],
    ])(
      'Given %s with sendCredentials, Then the create rules decide, on no loaded entry',
      async (_case, action, documentId) => {
        const { run, permissionChecker } = setup(null, { request: adminRequest(() => true) });
        const { call } = run({
          action: action as never,
          params: { documentId, data: { loginEnabled: true, sendCredentials: true } } as never,
        });

        await call;

        expect(permissionChecker.can.create).toHaveBeenCalledWith(undefined, 'password');
        expect(permissionChecker.can.update).not.toHaveBeenCalled();
      }
    );

    test.each([
      ['password', { password: 'long-enough-1' }],
      ['loginEnabled', { loginEnabled: true }],
      ['emailConfirmed', { emailConfirmed: false }],
      ['sendCredentials', { sendCredentials: true }],
      ['passwordConfirmation', { passwordConfirmation: 'x' }],
    ])(
      'Given a Content API write of %s, Then it is refused naming the key, before anything runs',
      async (key, data) => {
        const { run, transaction, services } = setup(null, { request: contentApiRequest });
        const { call, next } = run({
          action: 'update',
          params: { documentId: 'doc1', data: { firstName: 'A', ...data } } as never,
        });

        const error = await call.catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(errors.ValidationError);
        expect((error as errors.ValidationError).details).toEqual({
          errors: [expect.objectContaining({ path: [key] })],
        });
        expect(next).not.toHaveBeenCalled();
        expect(transaction).not.toHaveBeenCalled();
        expect(services.passwords.hash).not.toHaveBeenCalled();
      }
    );

    test('Given a Content API write of other fields, Then it goes through', async () => {
      const { run } = setup(null, { request: contentApiRequest });
      const { call, next } = run({
        action: 'update',
        params: { documentId: 'doc1', data: { firstName: 'A' } } as never,
      });

      await call;

      expect(next).toHaveBeenCalledTimes(1);
    });

    test('Given code outside any request, Then it may set a password', async () => {
      const { run, services } = setup(null, { request: undefined });
      const { call } = run({
        action: 'create',
        params: { data: { loginEnabled: true, password: 'long-enough-1' } } as never,
      });

      await call;

      expect(services.credentials.applySavePlan).toHaveBeenCalledWith(
        'doc1',
        expect.objectContaining({ hash: 'hash(long-enough-1)' })
      );
    });

    // The send permission guards generated passwords only: a typed one needs the field alone.
    test('Given an admin without the plugin permission, Then they may still set a typed password', async () => {
      const { run, services } = setup(
        { loginEnabled: true },
        { request: adminRequest(() => false) }
      );
      const { call } = run({
        action: 'update',
        params: {
          documentId: 'doc1',
          data: {
            loginEnabled: true,
            password: 'long-enough-1',
            passwordConfirmation: 'long-enough-1',
          },
        } as never,
      });

      await call;

      expect(services.credentials.applySavePlan).toHaveBeenCalledWith(
        'doc1',
        expect.objectContaining({ hash: 'hash(long-enough-1)' })
      );
    });

    test.each([
      ['without the plugin permission', () => false, true, ['SEND_CREDENTIALS_PERMISSION']],
      ['without the password field', () => true, false, ['PASSWORD_FIELD_PERMISSION']],
      [
        'without either',
        () => false,
        false,
        ['SEND_CREDENTIALS_PERMISSION', 'PASSWORD_FIELD_PERMISSION'],
      ],
    ])(
      'Given an admin %s, Then sendCredentials is refused with 403 naming it, and nothing runs',
      async (_case, can, mayChangePassword, missing) => {
        const { run, transaction, services } = setup(
          { loginEnabled: true },
          { request: adminRequest(can), mayChangePassword }
        );
        const { call, next } = run({
          action: 'update',
          params: {
            documentId: 'doc1',
            data: { loginEnabled: true, sendCredentials: true },
          } as never,
        });

        const error = await call.catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(errors.PolicyError);
        expect((error as errors.PolicyError).details).toEqual({
          code: 'SEND_CREDENTIALS_FORBIDDEN',
          missing,
        });
        expect(next).not.toHaveBeenCalled();
        expect(transaction).not.toHaveBeenCalled();
        expect(services.passwords.generate).not.toHaveBeenCalled();
      }
    );

    test('Given an admin with both, Then the password field is checked on the entry being saved', async () => {
      const { run, services, permissionChecker } = setup(
        { loginEnabled: true },
        { request: adminRequest(() => true) }
      );
      const { call } = run({
        action: 'update',
        params: {
          documentId: 'doc1',
          data: { loginEnabled: true, sendCredentials: true },
        } as never,
      });

      await call;

      expect(permissionChecker.can.update).toHaveBeenCalledWith({ documentId: 'doc1' }, 'password');
      expect(services.credentials.applySavePlan).toHaveBeenCalledWith(
        'doc1',
        expect.objectContaining({ generatedPassword: 'Generated1Password' })
      );
    });
  });

  describe('an address change', () => {
    test('Given a new address, Then the plan carries the old one and the save does not confirm', async () => {
      const { run, services } = setup({ loginEnabled: true, email: 'old@shop.test' });
      const { call, seen } = run({
        action: 'update',
        params: {
          documentId: 'doc1',
          data: { email: 'new@shop.test', emailConfirmed: true },
        } as never,
      });

      await call;

      expect(seen[0]).toEqual({ email: 'new@shop.test' });
      expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
        loginTurnedOn: false,
        addressChanged: { from: 'old@shop.test' },
        emailConfirmedByAdmin: false,
      });
    });

    test('Given the same address in another case with spaces, Then it is no change', async () => {
      const { run, services } = setup({ loginEnabled: true, email: 'same@shop.test' });
      const { call } = run({
        action: 'update',
        params: { documentId: 'doc1', data: { email: ' SAME@shop.test ' } } as never,
      });

      await call;

      expect(services.credentials.applySavePlan).toHaveBeenCalledWith('doc1', {
        loginTurnedOn: false,
        emailConfirmedByAdmin: false,
      });
    });
  });

  describe('a delete', () => {
    test('Given the last version goes, Then the plugin rows go in the same transaction', async () => {
      const { run, services, transaction } = setup({ loginEnabled: true, email: 'a@shop.test' });
      services.customers.findByDocumentId
        .mockResolvedValueOnce({ loginEnabled: true, email: 'a@shop.test' })
        .mockResolvedValueOnce(null);
      const { call, next } = run({ action: 'delete', params: { documentId: 'doc1' } as never });

      await call;

      expect(next).toHaveBeenCalledTimes(1);
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(services.credentials.forgetCustomer).toHaveBeenCalledWith({
        loginEnabled: true,
        email: 'a@shop.test',
      });
    });

    test('Given another locale remains, Then the plugin rows stay', async () => {
      const { run, services } = setup({ loginEnabled: true, email: 'a@shop.test' });
      const { call } = run({
        action: 'delete',
        params: { documentId: 'doc1', locale: 'fr' } as never,
      });

      await call;

      expect(services.credentials.forgetCustomer).not.toHaveBeenCalled();
    });
  });
});
