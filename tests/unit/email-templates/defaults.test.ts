import { EMAIL_KEYS, EMAIL_LOCALES } from '../../../shared/email-templates';
import { DEFAULT_TEMPLATES } from '../../../server/src/email-templates/defaults';
import { formatDuration } from '../../../server/src/email-templates/duration';
import { checkEmailTemplate } from '../../../server/src/email-templates/render';
import { EMAIL_CATALOGUE } from '../../../server/src/email-templates/catalogue';

const renderDefault = (
  locale: (typeof EMAIL_LOCALES)[number],
  email: (typeof EMAIL_KEYS)[number],
  values: Record<string, string>
) =>
  checkEmailTemplate(
    DEFAULT_TEMPLATES[locale][email],
    EMAIL_CATALOGUE[email].variables
  ).email!.render(values);

describe('default templates', () => {
  test.each(EMAIL_LOCALES.flatMap((locale) => EMAIL_KEYS.map((email) => [locale, email] as const)))(
    'Given the %s %s default, Then it renders with the variables every customer type offers, its secrets in the body',
    (locale, email) => {
      const checked = checkEmailTemplate(
        DEFAULT_TEMPLATES[locale][email],
        EMAIL_CATALOGUE[email].variables
      );
      expect(checked.problems).toEqual([]);
    }
  );

  test('Given a credentials email with every part, Then the English text reads as the plugin always wrote it', () => {
    const { subject, text, html } = renderDefault('en', 'credentials', {
      email: 'ada@shop.test',
      password: 'Secret-1234',
      loginUrl: 'https://shop.test/login',
      confirmationUrl: 'https://shop.test/confirm?confirmation=abc',
      expiresIn: '3 days',
    });
    expect(subject).toBe('Your login details');
    expect(text).toBe(
      [
        'Hello,',
        'here are your login details:',
        '',
        'Email: ada@shop.test',
        'Password: Secret-1234',
        '',
        'Log in at:',
        'https://shop.test/login',
        '',
        'Before you can log in, please confirm your email address by opening this link:',
        'https://shop.test/confirm?confirmation=abc',
        'The link works once and expires in 3 days.',
        '',
        'Please keep this password to yourself. You can change it after you log in.',
        '',
      ].join('\n')
    );
    expect(html).toContain(
      '<a href="https://shop.test/confirm?confirmation=abc">https://shop.test/confirm?confirmation=abc</a>'
    );
  });

  test('Given no login URL and a confirmed address, Then those paragraphs are left out', () => {
    const { text, html } = renderDefault('en', 'credentials', {
      email: 'ada@shop.test',
      password: 'Secret-1234',
    });
    expect(text).toBe(
      'Hello,\nhere are your login details:\n\nEmail: ada@shop.test\nPassword: Secret-1234\n\nPlease keep this password to yourself. You can change it after you log in.\n'
    );
    expect(html).not.toContain('<a ');
    expect(html).not.toContain('<%');
  });

  test.each(EMAIL_LOCALES)(
    'Given the %s email-changed notice, Then it names the new address it is given, and nothing else',
    (locale) => {
      const { subject, html, text } = renderDefault(locale, 'emailChanged', {
        email: 'old@shop.test',
        newEmail: 'n***@shop.test',
        loginUrl: 'https://shop.test/login',
      });
      expect(subject).not.toBe('');
      expect(text).toContain('n***@shop.test');
      expect(html).toContain('n***@shop.test');
      expect(`${subject}${html}${text}`).not.toContain('old@shop.test');
    }
  );

  test('Given the English email-changed notice, Then it reads short and plain', () => {
    const { subject, text } = renderDefault('en', 'emailChanged', { newEmail: 'j***@example.com' });
    expect(subject).toBe('Your email address was changed');
    expect(text).toBe(
      'Hello,\nthe email address of your account was changed to j***@example.com.\n\nIf you did not ask for this, contact us at once.\n'
    );
  });

  test('Given a reset without reset URL, Then the code stands on its own line', () => {
    const code = 'A'.repeat(43);
    const { text } = renderDefault('en', 'passwordReset', { code, expiresIn: '1 hour' });
    expect(text).toMatch(new RegExp(`^${code}$`, 'm'));
    expect(text).toContain('It works once and expires in 1 hour.');
  });

  test('Given a reset URL, Then the link is shown instead of the code alone', () => {
    const { text } = renderDefault('it', 'passwordReset', {
      code: 'c0de',
      resetUrl: 'https://shop.test/reset?code=c0de',
      expiresIn: '1 ora',
    });
    expect(text).toContain('apri questo link:\nhttps://shop.test/reset?code=c0de\n');
    expect(text).not.toContain('usa questo codice');
  });
});

describe('formatDuration', () => {
  test.each([
    [3_600_000, 'en', '1 hour'],
    [72 * 3_600_000, 'en', '3 days'],
    [90 * 60_000, 'en', '2 hours'],
    [15 * 60_000, 'en', '15 minutes'],
    [72 * 3_600_000, 'it', '3 giorni'],
    [3_600_000, 'de', '1 Stunde'],
    [3_600_000, 'fr', '1 heure'],
    [2 * 86_400_000, 'es', '2 días'],
  ] as const)('Given %d ms in %s, Then it reads "%s"', (milliseconds, locale, words) => {
    // Some languages put a no-break space between number and unit, as they should.
    expect(formatDuration(milliseconds, locale).replace(/\s/g, ' ')).toBe(words);
  });
});
