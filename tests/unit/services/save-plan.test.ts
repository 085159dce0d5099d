import fc from 'fast-check';

import {
  comparesWithStored,
  decideSave,
  isAddressChange,
  type SaveRequest,
  type StoredCustomer,
} from '../../../server/src/services/save-plan';
import type { CredentialIntent } from '../../../server/src/validation/customer-save';
import { assertProperty } from '../../helpers/property';

const keep: CredentialIntent = { kind: 'keep' };
const save = (overrides: Partial<SaveRequest> = {}): SaveRequest => ({
  action: 'update',
  data: {},
  intent: keep,
  emailField: 'email',
  ...overrides,
});
const stored = (overrides: Partial<StoredCustomer> = {}): StoredCustomer => ({
  email: 'old@shop.test',
  loginEnabled: false,
  emailConfirmed: false,
  ...overrides,
});

describe('isAddressChange', () => {
  test.each([
    ['the same address', false, 'a@shop.test', 'a@shop.test'],
    ['another case and surrounding spaces', false, 'a@shop.test', ' A@Shop.TEST '],
    ['another address', true, 'a@shop.test', 'b@shop.test'],
    ['an address where there was none', true, null, 'b@shop.test'],
    ['no address where there was none', false, null, ''],
    ['a value that is not text where there was none', false, null, 42],
    ['a value that is not text where there was one', true, 'a@shop.test', null],
  ])('Given %s, Then a change is %s', (_case, expected, before, after) => {
    expect(isAddressChange(before, after)).toBe(expected);
  });
});

describe('comparesWithStored', () => {
  test.each([
    [{ loginEnabled: true }, true],
    [{ loginEnabled: false }, true],
    [{ loginEnabled: 'true' }, false],
    [{ emailConfirmed: true }, true],
    [{ emailConfirmed: false }, false],
    [{ email: null }, true],
    [{ firstName: 'A' }, false],
  ])('Given the data %j, Then it is %s', (data, expected) => {
    expect(comparesWithStored(save({ data }))).toBe(expected);
  });

  test('Given a configured email field, Then that attribute is the address', () => {
    expect(comparesWithStored(save({ data: { mail: 'a@shop.test' }, emailField: 'mail' }))).toBe(
      true
    );
    expect(comparesWithStored(save({ data: { email: 'a@shop.test' }, emailField: 'mail' }))).toBe(
      false
    );
  });
});

describe('decideSave', () => {
  describe('the password', () => {
    test('Given a save of other fields, Then it leaves the login alone', () => {
      expect(decideSave(save({ data: { firstName: 'A' } }), null)).toBeNull();
      expect(decideSave(save({ action: 'create' }), null)).toBeNull();
    });

    test('Given a typed password, Then it is set, and nothing else is decided', () => {
      const intent: CredentialIntent = { kind: 'set', password: 'long-enough' };
      expect(decideSave(save({ intent }), null)).toStrictEqual({
        password: intent,
        loginTurnedOn: false,
      });
    });

    test('Given generate and send, Then a password is to be generated', () => {
      expect(decideSave(save({ intent: { kind: 'generate' } }), null)).toStrictEqual({
        password: { kind: 'generate' },
        loginTurnedOn: false,
      });
    });

    test('Given a clone keeping the password, Then the copy is left without one', () => {
      expect(decideSave(save({ action: 'clone' }), null)).toStrictEqual({
        password: { kind: 'clear' },
        loginTurnedOn: false,
      });
    });

    test('Given a clone with a typed password, Then the copy gets that one', () => {
      const intent: CredentialIntent = { kind: 'set', password: 'long-enough' };
      expect(decideSave(save({ action: 'clone', intent }), null)?.password).toStrictEqual(intent);
    });
  });

  describe('Enable Login', () => {
    test.each([
      ['turned on for a new customer', true, null, { loginTurnedOn: true, loginTurnedOff: false }],
      [
        'turned on',
        true,
        stored({ loginEnabled: false }),
        { loginTurnedOn: true, loginTurnedOff: false },
      ],
      [
        'kept on',
        true,
        stored({ loginEnabled: true }),
        { loginTurnedOn: false, loginTurnedOff: false },
      ],
      [
        'turned off',
        false,
        stored({ loginEnabled: true }),
        { loginTurnedOn: false, loginTurnedOff: true },
      ],
    ])('Given login %s, Then the decision says so', (_case, loginEnabled, before, expected) => {
      expect(decideSave(save({ data: { loginEnabled } }), before)).toStrictEqual({
        password: keep,
        emailConfirmedByAdmin: false,
        ...expected,
      });
    });

    test.each([
      ['kept off', stored({ loginEnabled: false })],
      ['off on a new customer', null],
    ])('Given login %s and nothing else, Then it leaves the login alone', (_case, before) => {
      expect(decideSave(save({ data: { loginEnabled: false } }), before)).toBeNull();
    });

    test('Given a value that is not true or false, Then it is no decision', () => {
      expect(decideSave(save({ data: { loginEnabled: 'true' } }), null)).toBeNull();
    });
  });

  describe('Email confirmed', () => {
    test.each([
      ['an unconfirmed customer', stored({ emailConfirmed: false })],
      ['a new customer', null],
    ])('Given the admin ticks it on %s, Then it is confirmed by the admin', (_case, before) => {
      expect(decideSave(save({ data: { emailConfirmed: true } }), before)).toStrictEqual({
        password: keep,
        loginTurnedOn: false,
        emailConfirmedByAdmin: true,
      });
    });

    test('Given it ticked on a confirmed customer, Then it leaves the login alone', () => {
      expect(
        decideSave(save({ data: { emailConfirmed: true } }), stored({ emailConfirmed: true }))
      ).toBeNull();
    });
  });

  describe('the address', () => {
    test('Given a new address ticked confirmed, Then it changes and is not confirmed', () => {
      expect(
        decideSave(save({ data: { email: 'new@shop.test', emailConfirmed: true } }), stored())
      ).toStrictEqual({
        password: keep,
        loginTurnedOn: false,
        addressChanged: { from: 'old@shop.test' },
        emailConfirmedByAdmin: false,
      });
    });

    test('Given an address where there was none, Then the change comes from none', () => {
      expect(
        decideSave(save({ data: { email: 'new@shop.test' } }), stored({ email: null }))
          ?.addressChanged
      ).toStrictEqual({ from: null });
    });

    test('Given the same address in another case, Then it is no change, but the save is checked', () => {
      expect(decideSave(save({ data: { email: ' OLD@shop.test' } }), stored())).toStrictEqual({
        password: keep,
        loginTurnedOn: false,
        emailConfirmedByAdmin: false,
      });
    });

    test('Given an address on a new customer, Then it is no change, but the save is checked', () => {
      expect(
        decideSave(save({ action: 'create', data: { email: 'a@shop.test' } }), null)
      ).toStrictEqual({ password: keep, loginTurnedOn: false, emailConfirmedByAdmin: false });
    });

    test('Given a configured email field, Then that attribute is the address', () => {
      expect(
        decideSave(save({ data: { mail: 'new@shop.test' }, emailField: 'mail' }), stored())
          ?.addressChanged
      ).toStrictEqual({ from: 'old@shop.test' });
    });
  });

  test('Then a decision never both turns login on and off, nor confirms a new address', async () => {
    const value = fc.oneof(fc.boolean(), fc.constant(undefined), fc.string());
    const address = fc.oneof(
      fc.constantFrom('a@shop.test', ' A@shop.test', 'b@shop.test'),
      fc.constant(null)
    );
    await assertProperty(
      fc.property(
        fc.constantFrom('create' as const, 'update' as const, 'clone' as const),
        fc.record(
          { loginEnabled: value, emailConfirmed: value, email: address },
          { requiredKeys: [] }
        ),
        fc.option(
          fc.record({ email: address, loginEnabled: fc.boolean(), emailConfirmed: fc.boolean() })
        ),
        (action, data, before) => {
          const decision = decideSave(save({ action, data }), before);
          expect(decision?.loginTurnedOn && decision.loginTurnedOff).not.toBe(true);
          if (decision?.addressChanged) expect(decision.emailConfirmedByAdmin).toBe(false);
        }
      )
    );
  });
});
