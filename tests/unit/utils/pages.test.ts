import { confirmEmailPage, emailConfirmedPage } from '../../../server/src/utils/pages';

describe('confirmEmailPage', () => {
  test('Given the action and the token, Then the page posts the token to the action', () => {
    const page = confirmEmailPage('/api/customer-login/auth/email-confirmation', 'tok-123');
    expect(page).toContain('<title>Confirm your email address</title>');
    expect(page).toContain(
      '<form method="post" action="/api/customer-login/auth/email-confirmation">'
    );
    expect(page).toContain('<input type="hidden" name="confirmation" value="tok-123">');
    expect(page).toContain('Confirm my email address</button>');
    expect(page).toContain('<meta name="robots" content="noindex">');
  });

  test('Given a token or an action with HTML characters, Then they stay inside their attribute', () => {
    const page = confirmEmailPage('/x?a=1&b="><script>', '"><script>alert(1)</script>');
    expect(page).not.toContain('<script>');
    expect(page).toContain('action="/x?a=1&amp;b=&quot;&gt;&lt;script&gt;"');
    expect(page).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
  });
});

describe('emailConfirmedPage', () => {
  test.each([
    [false, 'Your email address is confirmed'],
    [true, 'Your email address is already confirmed'],
  ])(
    'Given already=%s, Then the page says %j and that the customer can log in',
    (already, title) => {
      const page = emailConfirmedPage(already);
      expect(page).toContain(`<title>${title}</title>`);
      expect(page).toContain(`<h1>${title}</h1>`);
      expect(page).toContain('<p>You can now log in.</p>');
    }
  );
});
