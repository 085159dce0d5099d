import {
  customerValues,
  sampleCustomerValues,
  variablesOf,
} from '../../../server/src/email-templates/variables';

const model = {
  attributes: {
    firstName: { type: 'string' },
    email: { type: 'email' },
    language: { type: 'enumeration', enum: ['it', 'en'] },
    notes: { type: 'text', private: true },
    birthday: { type: 'date' },
    avatar: { type: 'media' },
    orders: { type: 'relation' },
    loginEnabled: { type: 'boolean', private: true },
    password: { type: 'password', private: true },
    emailConfirmed: { type: 'boolean', private: true },
    lastSeen: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
    publishedAt: { type: 'datetime' },
  },
};

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
