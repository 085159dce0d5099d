import { errors } from '@strapi/utils';

import { readCredentialIntent } from '../../../server/src/validation/customer-save';

const pathsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(errors.ValidationError);
    const { details } = error as errors.ValidationError<string, { errors: { path: string[] }[] }>;
    return details.errors.map((e) => e.path.join('.'));
  }
  throw new Error('expected a ValidationError');
};

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
