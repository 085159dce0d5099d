import { generatePassword } from '../../../server/src/services/passwords';

describe('generatePassword', () => {
  test('Given a length, Then the password has exactly that many characters', () => {
    for (const length of [12, 16, 40, 72]) expect(generatePassword(length)).toHaveLength(length);
  });

  test('Then it never uses look-alike characters and always mixes cases and digits', () => {
    for (let i = 0; i < 500; i += 1) {
      const password = generatePassword(12);
      expect(password).not.toMatch(/[0Oo1lIi]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[2-9]/);
    }
  });

  test('Then passwords do not repeat', () => {
    const seen = new Set(Array.from({ length: 1000 }, () => generatePassword(16)));
    expect(seen.size).toBe(1000);
  });
});
