import { variablesOf } from '../../../server/src/email-templates/catalogue';
import {
  customerValues,
  type CustomerModel,
  sampleCustomerValues,
} from '../../../server/src/email-templates/customer-fields';

/** `api.responses.privateAttributes` of the app, which Strapi's privacy test reads globally. */
let appPrivateAttributes: string[] = [];
beforeEach(() => {
  appPrivateAttributes = [];
  const get = (key: string, fallback?: unknown) =>
    key === 'api.responses.privateAttributes' ? appPrivateAttributes : fallback;
  Object.assign(globalThis, { strapi: { config: { get } } });
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'strapi');
});

const customerType = (
  attributes: CustomerModel['attributes'],
  options: Record<string, unknown> = {}
): CustomerModel =>
  ({
    modelType: 'contentType',
    uid: 'api::customer.customer',
    attributes,
    options,
  }) as CustomerModel;

const model = customerType({
  firstName: { type: 'string' },
  email: { type: 'email' },
  language: { type: 'enumeration', enum: ['it', 'en'] },
  notes: { type: 'text', private: true },
  birthday: { type: 'date' },
  avatar: { type: 'media' },
  orders: { type: 'relation', relation: 'oneToMany', target: 'api::order.order' },
  loginEnabled: { type: 'boolean', private: true },
  password: { type: 'password', private: true },
  emailConfirmed: { type: 'boolean', private: true },
  lastSeen: { type: 'datetime' },
  updatedAt: { type: 'datetime' },
  publishedAt: { type: 'datetime' },
});

describe('variablesOf', () => {
  test('Given a customer type, Then its own scalar public fields are offered, never the login or system ones', () => {
    expect(variablesOf('passwordChanged', model)).toEqual([
      'email',
      'loginUrl',
      'customer.firstName',
      'customer.email',
      'customer.language',
      'customer.birthday',
      'customer.lastSeen',
    ]);
  });

  test("Given fields listed in the type's options.privateAttributes, Then they are not offered", () => {
    const withHidden = customerType(
      { firstName: { type: 'string' }, internalNote: { type: 'text' } },
      { privateAttributes: ['internalNote'] }
    );

    expect(variablesOf('passwordChanged', withHidden)).toEqual([
      'email',
      'loginUrl',
      'customer.firstName',
    ]);
  });

  test("Given fields listed in the app's api.responses.privateAttributes, Then no type offers them", () => {
    appPrivateAttributes = ['lastName'];
    const type = customerType({ firstName: { type: 'string' }, lastName: { type: 'string' } });

    expect(variablesOf('passwordChanged', type)).not.toContain('customer.lastName');
    expect(customerValues(type, { firstName: 'Ada', lastName: 'Lovelace' })).toEqual({
      'customer.firstName': 'Ada',
    });
  });

  test('Given the credentials email, Then it offers the password; the notice does not', () => {
    expect(variablesOf('credentials', model)).toContain('password');
    expect(variablesOf('passwordChanged', model)).not.toContain('password');
  });
});

describe('customerValues', () => {
  test('Given a stored row, Then values are text and the hash is never among them', () => {
    const values = customerValues(model, {
      firstName: 'Ada',
      email: null,
      password: '$2a$10$hash',
      lastSeen: new Date('2030-01-31T09:30:00.000Z'),
    });
    expect(values).toEqual({
      'customer.firstName': 'Ada',
      'customer.email': '',
      'customer.language': '',
      'customer.birthday': '',
      'customer.lastSeen': '2030-01-31T09:30:00.000Z',
    });
  });

  test('Given no customer (an email to an address alone), Then every field is empty', () => {
    expect(customerValues(model, null)).toEqual({
      'customer.firstName': '',
      'customer.email': '',
      'customer.language': '',
      'customer.birthday': '',
      'customer.lastSeen': '',
    });
  });

  test('Given sample values, Then the language field shows the previewed language', () => {
    const values = sampleCustomerValues(model, {
      emailField: 'email',
      localeField: 'language',
      locale: 'de',
    });
    expect(values['customer.language']).toBe('de');
    expect(values['customer.firstName']).toBe('Jane');
  });
});

describe('sampleCustomerValues', () => {
  const every = customerType({
    nickname: { type: 'string' },
    lastName: { type: 'string' },
    contact: { type: 'email' },
    login: { type: 'string' },
    language: { type: 'string' },
    tier: { type: 'enumeration', enum: ['gold', 'silver'] },
    noChoice: { type: 'enumeration' } as CustomerModel['attributes'][string],
    visits: { type: 'integer' },
    points: { type: 'biginteger' },
    ratio: { type: 'float' },
    balance: { type: 'decimal' },
    birthday: { type: 'date' },
    lastSeen: { type: 'datetime' },
    opensAt: { type: 'time' },
  });

  test('Given every kind of field, Then each shows a made-up value of its type', () => {
    expect(
      sampleCustomerValues(every, { emailField: 'login', localeField: 'language', locale: 'fr' })
    ).toEqual({
      'customer.nickname': '(nickname)',
      'customer.lastName': 'Doe',
      'customer.contact': 'jane.doe@example.com',
      'customer.login': 'jane.doe@example.com',
      'customer.language': 'fr',
      'customer.tier': 'gold',
      'customer.noChoice': '',
      'customer.visits': '42',
      'customer.points': '42',
      'customer.ratio': '4.2',
      'customer.balance': '4.2',
      'customer.birthday': '2030-01-31',
      'customer.lastSeen': '2030-01-31T09:30:00.000Z',
      'customer.opensAt': '09:30:00',
    });
  });

  test('Given no language field, Then no field is taken for one', () => {
    const type = customerType({ language: { type: 'string' } });
    expect(sampleCustomerValues(type, { emailField: 'email', locale: 'fr' })).toEqual({
      'customer.language': '(language)',
    });
  });
});
