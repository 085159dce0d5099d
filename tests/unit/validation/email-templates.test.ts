import {
  validatePreviewEmailTemplate,
  validateUpdateEmailTemplates,
} from '../../../server/src/validation/email-templates';
import { issuesOf } from '../../helpers/validation-errors';

const template = { subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' };

describe('validateUpdateEmailTemplates', () => {
  test('Given a template and a restore (null), Then both are accepted', () => {
    const body = { credentials: { en: template, it: null } };
    expect(validateUpdateEmailTemplates(body)).toEqual(body);
  });

  test.each([
    ['subject', 'credentials.en.subject: The subject is required'],
    ['html', 'credentials.en.html: The HTML body is required'],
    ['text', 'credentials.en.text: The text body is required'],
  ])('Given a %s of only whitespace, Then it is refused as missing', (part, message) => {
    expect(
      issuesOf(() =>
        validateUpdateEmailTemplates({ credentials: { en: { ...template, [part]: ' \n\t ' } } })
      )
    ).toEqual([message]);
  });
});

describe('validatePreviewEmailTemplate', () => {
  test('Given an email, a language and a template, Then they are accepted', () => {
    const body = { email: 'passwordReset', locale: 'de', template };
    expect(validatePreviewEmailTemplate(body)).toEqual(body);
  });

  test('Given a blank subject, Then it is refused', () => {
    expect(
      issuesOf(() =>
        validatePreviewEmailTemplate({
          email: 'credentials',
          locale: 'en',
          template: { ...template, subject: '   ' },
        })
      )
    ).toEqual(['template.subject: The subject is required']);
  });
});
