import { errors } from '@strapi/utils';

import {
  LOGIN_KEYS,
  readCredentialIntent,
  refuseLoginKeys,
} from '../../../server/src/validation/customer-save';
import { validationIssuesOf } from '../../helpers/validation-errors';

const pathsOf = (fn: () => unknown) => validationIssuesOf(fn).map((issue) => issue.path.join('.'));
const messagesOf = (fn: () => unknown) => validationIssuesOf(fn).map((issue) => issue.message);

describe('readCredentialIntent', () => {
  test.each([[{}], [{ password: '' }], [{ password: null, passwordConfirmation: null }]])(
    'Given no password (%j), Then the stored one is kept',
    (data) => {
      expect(readCredentialIntent(data, 8)).toEqual({ kind: 'keep' });
    }
  );

  test('Given a valid password and its confirmation, Then it is set', () => {
    expect(
      readCredentialIntent({ password: 'long-enough', passwordConfirmation: 'long-enough' }, 8)
    ).toEqual({ kind: 'set', password: 'long-enough' });
  });

  test('Given a password without the confirmation key, Then it is set (API clients)', () => {
    expect(readCredentialIntent({ password: 'long-enough' }, 8)).toEqual({
      kind: 'set',
      password: 'long-enough',
    });
  });

  test('Given sendCredentials, Then any typed password is ignored', () => {
    expect(
      readCredentialIntent({ sendCredentials: true, password: 'x', passwordConfirmation: 'y' }, 8)
    ).toEqual({ kind: 'generate' });
  });

  test.each([
    [{ password: 'short', passwordConfirmation: 'short' }, ['password']],
    [{ password: 'long-enough', passwordConfirmation: 'different!' }, ['passwordConfirmation']],
    [{ password: 'long-enough', passwordConfirmation: null }, ['passwordConfirmation']],
    [{ password: '€'.repeat(25), passwordConfirmation: '€'.repeat(25) }, ['password']],
    [{ password: 12345678 }, ['password']],
    [{ sendCredentials: 'yes' }, ['sendCredentials']],
  ])('Given %j, Then a ValidationError names %j', (data, paths) => {
    expect(pathsOf(() => readCredentialIntent(data, 8))).toEqual(paths);
  });

  test('Given 72 bytes exactly, Then the password is accepted', () => {
    const password = 'é'.repeat(36);
    expect(readCredentialIntent({ password, passwordConfirmation: password }, 8).kind).toBe('set');
  });

  test('Given a minimum counted in characters, Then multi-byte characters count once', () => {
    expect(pathsOf(() => readCredentialIntent({ password: 'ééééééé' }, 8))).toEqual(['password']);
    expect(readCredentialIntent({ password: 'éééééééé' }, 8).kind).toBe('set');
  });
});

describe('readCredentialIntent messages', () => {
  test.each([
    [
      { password: 'short', passwordConfirmation: 'short' },
      'Password must be at least 8 characters long',
    ],
    [
      { password: 'é'.repeat(37), passwordConfirmation: 'é'.repeat(37) },
      'Password must be at most 72 bytes long',
    ],
    [{ password: 'long-enough', passwordConfirmation: 'different!' }, 'Passwords do not match'],
    [{ password: 12345678 }, 'Password must be text'],
    [{ password: 'long-enough', passwordConfirmation: 12345678 }, 'Confirm Password must be text'],
    [{ sendCredentials: 'yes' }, 'Generate and send credentials must be true or false'],
  ])('Given %j, Then the admin reads %j under the field', (data, message) => {
    expect(messagesOf(() => readCredentialIntent(data, 8))).toEqual([message]);
  });
});

describe('refuseLoginKeys', () => {
  test('Given a Content API write without login keys, Then it passes', () => {
    expect(() => refuseLoginKeys({ firstName: 'Jane', email: 'jane@shop.test' })).not.toThrow();
  });

  test('Given login keys among other fields, Then one ValidationError names each of them', () => {
    let refused: unknown;
    try {
      refuseLoginKeys({
        firstName: 'Jane',
        loginEnabled: true,
        password: 'x',
        sendCredentials: true,
      });
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(errors.ValidationError);
    const { message, details } = refused as errors.ValidationError<
      string,
      { errors: { path: string[]; message: string; name: string }[] }
    >;
    expect(message).toMatch(
      /^password, loginEnabled, sendCredentials cannot be written through the Content API/
    );
    expect(details.errors.map((e) => e.path)).toEqual([
      ['password'],
      ['loginEnabled'],
      ['sendCredentials'],
    ]);
    for (const entry of details.errors) {
      expect(entry.name).toBe('ValidationError');
      expect(entry.message).toBe(
        `${entry.path[0]} cannot be written through the Content API: it is managed by Customer Login (the Content Manager's Login section, or strapi.plugin('customer-login').service('credentials') in your own code)`
      );
    }
  });

  test.each(LOGIN_KEYS.map((key) => [key]))(
    'Given only %s, even empty, Then it is refused',
    (key) => {
      expect(() => refuseLoginKeys({ [key]: null })).toThrow(errors.ValidationError);
    }
  );
});
