import {
  validateChangePassword,
  validateLogout,
  validateRefresh,
  validateResetPassword,
  validateSessionId,
} from '../../../server/src/validation/auth';
import { issuesOf } from '../../helpers/validation-errors';

describe('validateChangePassword', () => {
  const valid = {
    currentPassword: 'old-password',
    password: 'new-password',
    passwordConfirmation: 'new-password',
  };

  test('Given the current password and a confirmed new one, Then they are accepted', () => {
    expect(validateChangePassword(valid, 8)).toEqual(valid);
  });

  test('Given a confirmation that differs, Then it is refused on passwordConfirmation', () => {
    expect(
      issuesOf(() => validateChangePassword({ ...valid, passwordConfirmation: 'new-passwordX' }, 8))
    ).toEqual(['passwordConfirmation: Passwords do not match']);
  });

  test('Given a new password shorter than the configured minimum, Then it is refused', () => {
    const password = 'a'.repeat(11);
    expect(
      issuesOf(() =>
        validateChangePassword({ ...valid, password, passwordConfirmation: password }, 12)
      )
    ).toEqual(['password: Password must be at least 12 characters long']);
    expect(
      validateChangePassword({ ...valid, password, passwordConfirmation: password }, 11).password
    ).toBe(password);
  });

  test.each([
    [
      'an empty current password',
      { currentPassword: '' },
      'currentPassword: Current password is required',
    ],
    [
      'no current password',
      { currentPassword: undefined },
      'currentPassword: Current password is required',
    ],
    [
      'a current password of 1025 characters',
      { currentPassword: 'x'.repeat(1025) },
      'currentPassword: Current password is too long',
    ],
    [
      'no confirmation',
      { passwordConfirmation: undefined },
      'passwordConfirmation: Confirm the new password',
    ],
    [
      'a new password that is not text',
      { password: 12345678, passwordConfirmation: '12345678' },
      'password: Password must be text',
    ],
  ])('Given %s, Then it names the field and why', (_name, change, issue) => {
    expect(issuesOf(() => validateChangePassword({ ...valid, ...change }, 8))).toEqual([issue]);
  });

  test('Given a current password of 1024 characters, Then it is accepted', () => {
    const currentPassword = 'x'.repeat(1024);
    expect(validateChangePassword({ ...valid, currentPassword }, 8).currentPassword).toBe(
      currentPassword
    );
  });

  test('Given a key the form does not send, Then it is refused', () => {
    expect(
      issuesOf(() => validateChangePassword({ ...valid, loginEnabled: true }, 8))
    ).toHaveLength(1);
  });
});

describe('validateResetPassword', () => {
  const valid = {
    code: 'a-reset-code',
    password: 'new-password',
    passwordConfirmation: 'new-password',
  };

  test('Given a code and a confirmed new password, Then they are accepted', () => {
    expect(validateResetPassword(valid, 8)).toEqual(valid);
  });

  test.each([
    ['an empty code', { code: '' }, 'code: The reset code is required'],
    ['no code', { code: undefined }, 'code: The reset code is required'],
    [
      'a code of 257 characters',
      { code: 'c'.repeat(257) },
      'code: This password reset code is not valid. Ask for a new one.',
    ],
    [
      'a confirmation that differs',
      { passwordConfirmation: 'other-password' },
      'passwordConfirmation: Passwords do not match',
    ],
  ])('Given %s, Then it names the field and why', (_name, change, issue) => {
    expect(issuesOf(() => validateResetPassword({ ...valid, ...change }, 8))).toEqual([issue]);
  });

  test('Given a code of 256 characters, Then it is accepted', () => {
    const code = 'c'.repeat(256);
    expect(validateResetPassword({ ...valid, code }, 8).code).toBe(code);
  });
});

describe('validateRefresh', () => {
  test('Given a refresh token, Then it is accepted as sent', () => {
    expect(validateRefresh({ refreshToken: 'a.0.b.c' })).toEqual({ refreshToken: 'a.0.b.c' });
  });

  test.each([
    [{}, 'refreshToken: The refresh token is required'],
    [{ refreshToken: '' }, 'refreshToken: The refresh token is required'],
    [{ refreshToken: 42 }, 'refreshToken: The refresh token is required'],
    [{ refreshToken: 'x'.repeat(257) }, 'refreshToken: This refresh token is not valid'],
  ])('Given %j, Then it is refused on refreshToken', (body, issue) => {
    expect(issuesOf(() => validateRefresh(body))).toEqual([issue]);
  });

  test('Given a key the route does not take, Then it is refused', () => {
    expect(issuesOf(() => validateRefresh({ refreshToken: 'a', customer: 'x' }))).toHaveLength(1);
  });
});

describe('validateLogout', () => {
  test.each([[{}], [{ scope: 'current' }], [{ scope: 'all' }]])(
    'Given %j, Then it is accepted',
    (body) => {
      expect(validateLogout(body)).toEqual(body);
    }
  );

  test('Given another scope, Then it is refused on scope', () => {
    expect(issuesOf(() => validateLogout({ scope: 'everything' }))).toEqual([
      'scope: The scope is "current" (the default) or "all"',
    ]);
  });
});

describe('validateSessionId', () => {
  test('Given 22 base64url characters, Then it is a session id', () => {
    const id = 'AbCdEfGhIjKlMnOpQr_-09';
    expect(validateSessionId({ id })).toEqual({ id });
  });

  test.each(['short', 'AbCdEfGhIjKlMnOpQr_-09x', 'AbCdEfGhIjKlMnOpQr_-0!'])(
    'Given %s, Then it is refused on id',
    (id) => {
      expect(issuesOf(() => validateSessionId({ id }))).toEqual(['id: This is not a session id']);
    }
  );
});
