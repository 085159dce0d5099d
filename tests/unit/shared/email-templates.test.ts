import { sameTemplate } from '../../../shared/email-templates';

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
