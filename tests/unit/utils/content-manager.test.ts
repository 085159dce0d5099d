import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

import { PERMISSIONS } from '../../../shared/permissions';
import { defaultConfig } from '../../../server/src/config';
import {
  assertMaySendCredentials,
  customerPermissions,
  findPermittedCustomer,
  loadForPermissionCheck,
  type PermissionChecker,
  type UserAbility,
} from '../../../server/src/utils/content-manager';

const ME = 7;

/**
 * The Content Manager's answers for a role that may create customers with a password, and change
 * the password only of the customers its admin created (the "is creator" condition). Without an
 * entry, `update` asks whether the role may change some customer's password at all.
 */
const creatorOnly = (options: { create?: boolean } = {}): PermissionChecker => {
  const may = {
    create: (_entity?: unknown, field?: string) => field === 'password' && options.create !== false,
    update: (entity?: unknown, field?: string) =>
      field === 'password' &&
      (entity === undefined || (entity as { createdBy?: { id?: number } }).createdBy?.id === ME),
  };
  const sanitized = async (query: object) => query;
  // The part of the checker the code under test reads; anything else is missing, not faked.
  return {
    can: { read: () => true, ...may },
    sanitizedQuery: { read: sanitized, create: sanitized, update: sanitized },
  } as unknown as PermissionChecker;
};

const ability = (maySend: boolean): UserAbility => ({
  can: (action) => maySend && action === PERMISSIONS.sendCredentials,
});

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(errors.PolicyError);
    return error as errors.PolicyError;
  }
  throw new Error('expected a refusal');
};

describe('assertMaySendCredentials', () => {
  const mine = { documentId: 'a', createdBy: { id: ME } };
  const theirs = { documentId: 'b', createdBy: { id: ME + 1 } };

  test('Given a customer the admin created, Then they may send its credentials', () => {
    expect(() => assertMaySendCredentials(ability(true), creatorOnly(), mine)).not.toThrow();
  });

  test("Given another admin's customer, Then the password field's condition refuses it", () => {
    const error = refusal(() => assertMaySendCredentials(ability(true), creatorOnly(), theirs));

    expect(error.details).toEqual({
      code: 'SEND_CREDENTIALS_FORBIDDEN',
      missing: ['PASSWORD_FIELD_PERMISSION'],
    });
    expect(error.message).toContain("update permission on this customer's Password field");
  });

  test('Given any customer (the bulk action), Then a role that may change some passwords may', () => {
    expect(() => assertMaySendCredentials(ability(true), creatorOnly(), 'any')).not.toThrow();
  });

  test('Given a customer being created, Then the create permission decides, not update', () => {
    const mayNotUpdate = creatorOnly();
    mayNotUpdate.can.update = () => false;

    expect(() => assertMaySendCredentials(ability(true), mayNotUpdate, 'new')).not.toThrow();
    const error = refusal(() =>
      assertMaySendCredentials(ability(true), creatorOnly({ create: false }), 'new')
    );
    expect(error.details).toMatchObject({ missing: ['PASSWORD_FIELD_PERMISSION'] });
  });

  test('Given an admin without the plugin permission, Then the refusal names it', () => {
    const error = refusal(() => assertMaySendCredentials(ability(false), creatorOnly(), mine));

    expect(error.details).toMatchObject({ missing: ['SEND_CREDENTIALS_PERMISSION'] });
    expect(error.message).toContain('the permission "Generate and send credentials"');
  });

  test('Given both missing, Then one refusal names both, permission first', () => {
    const error = refusal(() => assertMaySendCredentials(ability(false), creatorOnly(), theirs));

    expect(error.details).toMatchObject({
      missing: ['SEND_CREDENTIALS_PERMISSION', 'PASSWORD_FIELD_PERMISSION'],
    });
    expect(error.message).toMatch(/"Generate and send credentials".* and .*Password field\.$/);
  });
});

describe('loading a customer for a permission check', () => {
  const setup = () => {
    const calls: unknown[] = [];
    const contentManager: Record<string, unknown> = {
      'permission-checker': {
        create: (options: unknown) => {
          calls.push(['permission-checker', options]);
          return creatorOnly();
        },
      },
      'populate-builder': (model: string) => ({
        populateFromQuery: (query: object) => ({
          build: async () => ({ builtFor: model, query }),
        }),
      }),
      'document-manager': {
        findOne: async (...args: unknown[]) => {
          calls.push(['findOne', ...args]);
          return { documentId: args[0] };
        },
      },
    };
    const strapi = {
      config: { get: () => defaultConfig },
      plugin: (id: string) => {
        expect(id).toBe('content-manager');
        return {
          service: (name: string) => {
            if (!(name in contentManager)) throw new Error(`no service ${name} in this test`);
            return contentManager[name];
          },
        };
      },
    } as unknown as Core.Strapi;
    return { strapi, calls };
  };

  test('Then the permission checker is made for this admin and the configured type', () => {
    const { strapi, calls } = setup();
    const userAbility = ability(true);

    customerPermissions(strapi, userAbility);

    expect(calls).toEqual([
      ['permission-checker', { userAbility, model: defaultConfig.contentType }],
    ]);
  });

  test("Then the draft is loaded in the locale, with what the action's conditions read", async () => {
    const { strapi, calls } = setup();
    const permissions = creatorOnly();
    permissions.sanitizedQuery.update = async () => ({ fields: ['createdBy'] });

    const entry = await loadForPermissionCheck(strapi, permissions, 'update', 'doc1', 'fr');

    expect(entry).toEqual({ documentId: 'doc1' });
    expect(calls).toEqual([
      [
        'findOne',
        'doc1',
        defaultConfig.contentType,
        {
          populate: { builtFor: defaultConfig.contentType, query: { fields: ['createdBy'] } },
          locale: 'fr',
          status: 'draft',
        },
      ],
    ]);
  });
});

describe('findPermittedCustomer', () => {
  interface Site {
    /** Whether the customer type has a version per locale. */
    localized?: boolean;
    /** The row the plugin finds for `doc1` (localized types only), in the locale it has. */
    row?: Record<string, unknown> | null;
    /** The draft the Content Manager loads; null when there is none (in that locale). */
    draft?: object | null;
  }
  /** A site whose customer `doc1` exists, unless the options say otherwise. */
  const setup = (site: Site = {}) => {
    const reads: unknown[] = [];
    const services: Record<string, Record<string, unknown>> = {
      'customer-login': {
        customers: {
          findEntry: async (documentId: string) => {
            reads.push({ findEntry: documentId });
            return site.row === undefined ? { documentId, locale: 'fr' } : site.row;
          },
        },
      },
      'content-manager': {
        'populate-builder': () => ({
          populateFromQuery: () => ({ build: async () => ({}) }),
        }),
        'document-manager': {
          findOne: async (documentId: string, _model: string, params: { locale?: string }) => {
            reads.push({ findOne: documentId, locale: params.locale });
            return site.draft === undefined ? { documentId, createdBy: { id: ME } } : site.draft;
          },
        },
      },
    };
    const strapi = {
      config: { get: () => defaultConfig },
      contentType: (uid: string) => {
        expect(uid).toBe(defaultConfig.contentType);
        return site.localized ? { pluginOptions: { i18n: { localized: true } } } : {};
      },
      plugin: (id: string) => ({
        service: (name: string) => {
          const service = services[id]?.[name];
          if (!service) throw new Error(`no service ${id}.${name} in this test`);
          return service;
        },
      }),
    } as unknown as Core.Strapi;
    return { strapi, reads };
  };
  /** May read any customer, and update only those its admin created. */
  const permissions = (): PermissionChecker =>
    ({
      ...creatorOnly(),
      cannot: {
        read: () => false,
        update: (entity?: unknown) =>
          (entity as { createdBy?: { id?: number } }).createdBy?.id !== ME,
      },
    }) as unknown as PermissionChecker;
  const rejection = async (run: Promise<unknown>) => {
    try {
      await run;
    } catch (error) {
      return error as Error & { details?: unknown };
    }
    throw new Error('expected a rejection');
  };

  test('Given a localized customer the admin may update, Then its draft in its locale is the answer', async () => {
    const { strapi, reads } = setup({ localized: true });

    await expect(findPermittedCustomer(strapi, permissions(), 'update', 'doc1')).resolves.toEqual({
      documentId: 'doc1',
      createdBy: { id: ME },
    });
    expect(reads).toEqual([{ findEntry: 'doc1' }, { findOne: 'doc1', locale: 'fr' }]);
  });

  test('Given a type without locales, Then its one draft is loaded, and nothing else is read', async () => {
    const { strapi, reads } = setup();

    await findPermittedCustomer(strapi, permissions(), 'read', 'doc1');

    expect(reads).toEqual([{ findOne: 'doc1', locale: undefined }]);
  });

  test.each([
    ['a localized type', { localized: true, row: null }],
    ['a type without locales', { draft: null }],
  ])('Given no such customer of %s, Then it is not found', async (_case, site) => {
    const { strapi } = setup(site);

    const error = await rejection(findPermittedCustomer(strapi, permissions(), 'read', 'doc1'));

    expect(error).toBeInstanceOf(errors.NotFoundError);
    expect(error.message).toBe('Customer not found');
  });

  test('Given a localized customer with no draft the admin may load, Then the refusal says so', async () => {
    const { strapi } = setup({ localized: true, draft: null });

    const error = await rejection(findPermittedCustomer(strapi, permissions(), 'read', 'doc1'));

    expect(error).toBeInstanceOf(errors.PolicyError);
    expect(error.details).toEqual({ code: 'CUSTOMER_READ_PERMISSION' });
  });

  test.each([
    ['update', 'CUSTOMER_UPDATE_PERMISSION'],
    ['read', 'CUSTOMER_READ_PERMISSION'],
  ] as const)(
    "Given an admin who may not %s another admin's customer, Then the refusal says so with %s",
    async (action, code) => {
      const { strapi } = setup({ draft: { documentId: 'doc1', createdBy: { id: ME + 1 } } });
      const checker = permissions();
      checker.cannot.read = () => true;

      const error = await rejection(findPermittedCustomer(strapi, checker, action, 'doc1'));

      expect(error).toBeInstanceOf(errors.PolicyError);
      expect(error.message).toBe(`You may not ${action} this customer`);
      expect(error.details).toEqual({ code });
    }
  );
});
