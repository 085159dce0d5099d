import { maskEmail } from '../../../server/src/utils/mask-email';

describe('maskEmail', () => {
  test.each([
    ['jane.doe@shop.test', 'j***@shop.test'],
    ['j@shop.test', 'j***@shop.test'],
    ['  Jane@Shop.Test ', 'J***@Shop.Test'],
    ['"a@b"@shop.test', '"***@shop.test'],
    ['élodie@exemple.fr', 'é***@exemple.fr'],
    ['😀x@shop.test', '😀***@shop.test'],
  ])('Given %j, Then it shows %j', (address, masked) => {
    expect(maskEmail(address)).toBe(masked);
  });

  test.each([[''], ['jane'], ['@shop.test'], ['jane@'], ['jane doe@shop.test']])(
    'Given %j, which is not an address, Then nothing of it is shown',
    (address) => {
      expect(maskEmail(address)).toBe('***');
    }
  );

  test('Given any address, Then its local part beyond the first character never shows', () => {
    const masked = maskEmail('secret-mailbox-name@shop.test');
    expect(masked).not.toContain('ecret');
    expect(masked.endsWith('@shop.test')).toBe(true);
  });
});
