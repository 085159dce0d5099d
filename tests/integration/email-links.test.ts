import type { CaughtMail } from '../helpers/smtp';
import {
  createCustomer,
  login,
  passwordIn,
  requestPasswordReset,
  resetPassword,
  uniqueEmail,
} from '../helpers/api';
import { useTestApp } from '../helpers/test-app';

// Sites' pages often carry their own parameters and a fragment for their router.
const PAGE_URL = 'https://shop.example/confirm?lang=en#top';
const RESET_URL = 'https://shop.example/reset?lang=en#top';
const PASSWORD = 'links-password-1';

const app = useTestApp({
  pluginConfig: {
    emailConfirmation: { tokenTtl: '72h', pageUrl: PAGE_URL },
    resetPassword: { tokenTtl: '1h', url: RESET_URL },
  },
});

/** The one link to this page in the text body, parsed, and the same link in the HTML body. */
const linkIn = (mail: CaughtMail, page: string) => {
  const links = mail.text.match(new RegExp(`${page.replace(/[.?]/g, '\\$&')}\\S*`, 'g')) ?? [];
  expect(links).toHaveLength(1);
  const link = links[0]!;
  expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
  return new URL(link);
};

const confirm = (token: string) =>
  app.http().post('/api/customer-login/auth/email-confirmation').send({ confirmation: token });

test("a confirmation link keeps the site's parameters and fragment, and its token confirms", async () => {
  const email = uniqueEmail('links');
  const res = await createCustomer(app, {
    email,
    loginEnabled: true,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);

  const url = linkIn(mail!, 'https://shop.example/confirm?');
  expect(`${url.origin}${url.pathname}`).toBe('https://shop.example/confirm');
  expect([...url.searchParams.keys()]).toEqual(['lang', 'confirmation']);
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.hash).toBe('#top');
  const token = url.searchParams.get('confirmation')!;
  expect(token).toMatch(/^[\w-]{43}$/);

  expect((await login(app, email, PASSWORD)).status).toBe(403);
  const confirmed = await confirm(token);
  expect(confirmed.status).toBe(200);
  expect(confirmed.body).toEqual({ ok: true, alreadyConfirmed: false });
  expect((await login(app, email, PASSWORD)).status).toBe(200);
});

test('the credentials email carries the same kind of confirmation link', async () => {
  const email = uniqueEmail('links-credentials');
  const res = await createCustomer(app, { email, loginEnabled: true, sendCredentials: true });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);

  const url = linkIn(mail!, 'https://shop.example/confirm?');
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.hash).toBe('#top');
  expect((await confirm(url.searchParams.get('confirmation')!)).status).toBe(200);
  expect((await login(app, email, passwordIn(mail!))).status).toBe(200);
});

test("a reset link keeps the site's parameters and fragment, and its code resets the password", async () => {
  const email = uniqueEmail('links-reset');
  await createCustomer(app, {
    email,
    loginEnabled: true,
    emailConfirmed: true,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
  }).expect(201);
  const { mail } = await requestPasswordReset(app, email);

  const url = linkIn(mail, 'https://shop.example/reset?');
  expect(`${url.origin}${url.pathname}`).toBe('https://shop.example/reset');
  expect([...url.searchParams.keys()]).toEqual(['lang', 'code']);
  expect(url.searchParams.get('lang')).toBe('en');
  expect(url.hash).toBe('#top');
  const code = url.searchParams.get('code')!;
  const reset = await resetPassword(app, code, 'links-password-2');
  expect(reset.status).toBe(200);
  expect((await login(app, email, 'links-password-2')).status).toBe(200);
});

test('the preview shows the same links, with sample tokens', async () => {
  const preview = (email: string, text: string) =>
    app
      .http()
      .post('/customer-login/email-templates/preview')
      .set('Authorization', `Bearer ${app.adminToken}`)
      .send({ email, locale: 'en', template: { subject: 'x', html: '<p>x</p>', text } });

  const confirmation = await preview('emailConfirmation', 'Open\n<%= confirmationUrl %>\n');
  const reset = await preview('passwordReset', 'Open\n<%= resetUrl %>\n');

  expect(confirmation.body.data.text).toBe(
    'Open\nhttps://shop.example/confirm?lang=en&confirmation=example-confirmation-token#top\n'
  );
  expect(reset.body.data.text).toBe(
    'Open\nhttps://shop.example/reset?lang=en&code=example-reset-code#top\n'
  );
});
