import { EMAIL_KEYS } from '../../../shared/email-templates';
import { defaultConfig } from '../../../server/src/config';
import {
  EMAIL_CATALOGUE,
  emailValues,
  SAMPLE_FACTS,
  variablesOf,
  type EmailContext,
} from '../../../server/src/email-templates/catalogue';
import type { CustomerModel } from '../../../server/src/email-templates/customer-fields';
import type { EmailLinks } from '../../../server/src/utils/links';

beforeEach(() => {
  // Strapi's privacy test reads the app's api.responses.privateAttributes through the global.
  const get = (_key: string, fallback?: unknown) => fallback;
  Object.assign(globalThis, { strapi: { config: { get } } });
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'strapi');
});

const model = {
  modelType: 'contentType',
  uid: 'api::customer.customer',
  attributes: {
    firstName: { type: 'string' },
    email: { type: 'email' },
    password: { type: 'password', private: true },
  },
  options: {},
} as unknown as CustomerModel;

/** Links that show which token each was built from. */
const links = (resetPage = true): EmailLinks => ({
  confirmation: (token) => `https://shop.example/confirm?confirmation=${token}`,
  reset: (code) => (resetPage ? `https://shop.example/reset?code=${code}` : null),
});

const context = (overrides: Partial<EmailContext> = {}): EmailContext => ({
  to: 'ada@shop.test',
  locale: 'en',
  customer: { 'customer.firstName': 'Ada', 'customer.email': 'ada@shop.test' },
  config: { ...defaultConfig, loginUrl: 'https://shop.example/login' },
  links: links(),
  ...overrides,
});

const common = {
  'customer.firstName': 'Ada',
  'customer.email': 'ada@shop.test',
  email: 'ada@shop.test',
  loginUrl: 'https://shop.example/login',
};

describe('emailValues, from a real send', () => {
  test('Given credentials for an unconfirmed address, Then the password, its confirmation link and the link lifetime', () => {
    const values = emailValues('credentials', {
      ...context(),
      password: 'Secret-1234',
      confirmationToken: 'tok',
    });

    expect(values).toEqual({
      ...common,
      password: 'Secret-1234',
      confirmationUrl: 'https://shop.example/confirm?confirmation=tok',
      expiresIn: '3 days',
    });
  });

  test('Given credentials for a confirmed address, Then the confirmation link is empty', () => {
    const values = emailValues('credentials', {
      ...context(),
      password: 'Secret-1234',
      confirmationToken: null,
    });

    expect(values.confirmationUrl).toBe('');
  });

  test("Given an email confirmation in Italian, Then the link and the confirmation lifetime in the customer's language", () => {
    const values = emailValues('emailConfirmation', {
      ...context({ locale: 'it' }),
      confirmationToken: 'tok',
    });

    expect(values).toEqual({
      ...common,
      confirmationUrl: 'https://shop.example/confirm?confirmation=tok',
      expiresIn: '3 giorni',
    });
  });

  test('Given a password reset, Then the code, its link and the reset lifetime, not the confirmation one', () => {
    const values = emailValues('passwordReset', { ...context(), code: 'c0de' });

    expect(values).toEqual({
      ...common,
      code: 'c0de',
      resetUrl: 'https://shop.example/reset?code=c0de',
      expiresIn: '1 hour',
    });
  });

  test('Given a password reset without a reset page, Then no link, and the code stays', () => {
    const values = emailValues('passwordReset', {
      ...context({ links: links(false) }),
      code: 'c0de',
    });

    expect(values.resetUrl).toBe('');
    expect(values.code).toBe('c0de');
  });

  test('Given a password changed notice, Then only the address, the login page and the customer', () => {
    expect(emailValues('passwordChanged', context())).toEqual(common);
  });

  test("Given an email changed notice, Then the new address masked, also in place of the customer's email field", () => {
    const values = emailValues('emailChanged', {
      ...context({ config: { ...defaultConfig, emailField: 'email' } }),
      newEmail: 'new.address@shop.test',
    });

    expect(values).toEqual({
      ...common,
      loginUrl: '',
      newEmail: 'n***@shop.test',
      'customer.email': 'n***@shop.test',
    });
  });

  test('Given a customer type whose email field is named otherwise, Then that field is the one masked', () => {
    const values = emailValues('emailChanged', {
      ...context({ config: { ...defaultConfig, emailField: 'contactEmail' } }),
      newEmail: 'new.address@shop.test',
    });

    expect(values['customer.contactEmail']).toBe('n***@shop.test');
    expect(values['customer.email']).toBe('ada@shop.test');
  });
});

describe('emailValues, from the sample', () => {
  const sample = context({
    to: 'jane.doe@example.com',
    customer: { 'customer.firstName': 'Jane', 'customer.email': 'jane.doe@example.com' },
  });

  test.each(EMAIL_KEYS)(
    'Given the %s email, Then the sample gives a value to every variable it offers, and no other',
    (email) => {
      const values = emailValues(email, { ...sample, ...SAMPLE_FACTS[email] });

      expect(Object.keys(values).sort()).toEqual(
        [...EMAIL_CATALOGUE[email].variables, 'customer.firstName', 'customer.email'].sort()
      );
    }
  );

  test('Given the samples, Then every link, code and password shows, so a preview shows every part', () => {
    expect(emailValues('credentials', { ...sample, ...SAMPLE_FACTS.credentials })).toMatchObject({
      password: 'Example-Pass-2030',
      confirmationUrl: 'https://shop.example/confirm?confirmation=example-confirmation-token',
    });
    expect(
      emailValues('emailConfirmation', { ...sample, ...SAMPLE_FACTS.emailConfirmation })
    ).toMatchObject({
      confirmationUrl: 'https://shop.example/confirm?confirmation=example-confirmation-token',
    });
    expect(
      emailValues('passwordReset', { ...sample, ...SAMPLE_FACTS.passwordReset })
    ).toMatchObject({
      code: 'example-reset-code',
      resetUrl: 'https://shop.example/reset?code=example-reset-code',
    });
    expect(emailValues('emailChanged', { ...sample, ...SAMPLE_FACTS.emailChanged })).toMatchObject({
      newEmail: 'j***@example.com',
      'customer.email': 'j***@example.com',
    });
  });
});

describe('variablesOf', () => {
  test.each(EMAIL_KEYS)(
    "Given the %s email, Then its own variables come first, in the catalogue's order, then the customer's fields",
    (email) => {
      expect(variablesOf(email, model)).toEqual([
        ...EMAIL_CATALOGUE[email].variables,
        'customer.firstName',
        'customer.email',
      ]);
    }
  );

  test('Given the catalogue, Then each email offers what its templates need, and secrets only where they belong', () => {
    expect(
      Object.fromEntries(EMAIL_KEYS.map((email) => [email, variablesOf(email, model)]))
    ).toEqual({
      credentials: expect.arrayContaining(['password', 'confirmationUrl', 'expiresIn']),
      emailConfirmation: expect.not.arrayContaining(['password', 'code']),
      passwordReset: expect.arrayContaining(['resetUrl', 'code', 'expiresIn']),
      passwordChanged: ['email', 'loginUrl', 'customer.firstName', 'customer.email'],
      emailChanged: expect.arrayContaining(['newEmail']),
    });
  });
});
