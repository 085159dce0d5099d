import { isLinkVariable, sameTemplate } from '../../../shared/email-templates';

const template = { subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' };

describe('sameTemplate', () => {
  test('Given the same three parts, Then the templates are the same, whatever else they carry', () => {
    expect(sameTemplate(template, { ...template })).toBe(true);
    expect(sameTemplate(template, { ...template, customized: true } as typeof template)).toBe(true);
  });

  test.each(['subject', 'html', 'text'] as const)(
    'Given templates that differ only in the %s, Then they are not the same',
    (part) => {
      expect(sameTemplate(template, { ...template, [part]: `${template[part]} ` })).toBe(false);
    }
  );
});

describe('isLinkVariable', () => {
  test('Given the declared links, Then they are links; customer fields and inherited names are not', () => {
    expect(['loginUrl', 'confirmationUrl', 'resetUrl'].every(isLinkVariable)).toBe(true);
    expect(isLinkVariable('code')).toBe(false);
    expect(isLinkVariable('customer.website')).toBe(false);
    expect(isLinkVariable('toString')).toBe(false);
  });
});
