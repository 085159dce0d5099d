import path from 'node:path';

import type { Page } from 'playwright-core';

import type { EmailTemplatesSettings } from '../../shared/contracts/email-templates';
import { createAdminWithRoles, createRole } from '../helpers/admins';
import { createCustomer, uniqueEmail } from '../helpers/api';
import { launchBrowser, loginToAdmin, screenshotDir } from '../helpers/browser';
import { SUPER_ADMIN } from '../helpers/strapi';
import { useAdminBrowser } from '../helpers/test-app';

const DOCS = screenshotDir();

const admin = useAdminBrowser();
const app = admin.app;
let page: Page;

beforeAll(() => {
  page = admin.page;
});

const subjectInput = () => page.locator('input[name="subject"]');
const htmlInput = () => page.locator('textarea[name="html"]');
const TEMPLATES_PATH = '/customer-login/email-templates';

/** The answer of a templates route, started before the click that calls it. */
const templatesResponse = (method: string, pathname: string, on: Page = page) =>
  on.waitForResponse(
    (res) => res.request().method() === method && new URL(res.url()).pathname === pathname
  );

/** Waits until the server-rendered preview shows this subject. */
const previewShowsSubject = (subject: string) =>
  page.getByTestId('preview-subject').filter({ hasText: subject }).waitFor();

/** Settings → Customer Login → Email templates, through the settings menu. */
const openTemplates = async () => {
  await page.goto(`${app.baseUrl}/admin/settings`);
  await page.getByRole('link', { name: 'Email templates' }).click();
  await page.getByRole('heading', { name: 'Email templates', level: 1 }).waitFor();
  await subjectInput().waitFor();
};

test('1. an edited credentials subject is saved and the next credentials email carries it', async () => {
  await openTemplates();
  expect(await page.getByRole('tab', { name: 'Credentials' }).getAttribute('aria-selected')).toBe(
    'true'
  );
  expect(await subjectInput().inputValue()).toBe('Your login details');

  await subjectInput().fill('Welcome to the shop, <%= customer.firstName %>');
  // The preview is the server's rendering with sample data.
  await previewShowsSubject('Welcome to the shop, Jane');
  expect(await page.locator('iframe[sandbox=""]').count()).toBe(1);
  // The settings page scrolls inside its own frame: a taller window shows the whole editor.
  await page.setViewportSize({ width: 1440, height: 1500 });
  await page.screenshot({ path: path.join(DOCS, 'email-templates.png') });
  await page.setViewportSize({ width: 1440, height: 1000 });

  const saved = templatesResponse('PUT', TEMPLATES_PATH);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await saved).status()).toBe(200);
  await page.getByText('Email templates saved').waitFor();

  const email = uniqueEmail('browser-template');
  const res = await createCustomer(app, {
    firstName: 'Grace',
    email,
    loginEnabled: true,
    emailConfirmed: true,
    sendCredentials: true,
  });
  expect(res.status).toBe(201);
  const [mail] = app.smtp.mailsTo(email);
  expect(mail?.subject).toBe('Welcome to the shop, Grace');

  // The saved version is what the page shows after a reload.
  await openTemplates();
  expect(await subjectInput().inputValue()).toBe('Welcome to the shop, <%= customer.firstName %>');
});

test('2. a template that does not render shows why under its field, and Save stores nothing', async () => {
  await openTemplates();
  await page.getByRole('tab', { name: 'Password changed' }).click();
  await htmlInput().fill('<p>Your password is <%= password %></p>');

  await page
    .getByText(/Line 1: unknown variable "password"/)
    .first()
    .waitFor();
  const refused = templatesResponse('PUT', TEMPLATES_PATH);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const res = await refused;
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: { details: unknown } }).error.details).toMatchObject({
    errors: [{ path: ['passwordChanged', 'en', 'html'] }],
  });
  await page
    .getByText(/cannot be saved: Line 1: unknown variable "password"/)
    .first()
    .waitFor();

  const stored = await app.strapi
    .store({ type: 'plugin', name: 'customer-login', key: 'email-templates' })
    .get({});
  expect(JSON.stringify(stored ?? {})).not.toContain('Your password is');
});

test('3. "Send me a test email" sends the form as it stands to the signed-in admin', async () => {
  await openTemplates();
  await page.getByRole('tab', { name: 'Email confirmation' }).click();
  await subjectInput().fill('Test of the confirmation email');
  await previewShowsSubject('Test of the confirmation email');
  const before = app.smtp.mailsTo(SUPER_ADMIN.email).length;

  const sent = templatesResponse('POST', `${TEMPLATES_PATH}/test-email`);
  await page.getByRole('button', { name: 'Send me a test email' }).click();
  expect((await sent).status()).toBe(200);
  await page.getByText(`Test email sent to ${SUPER_ADMIN.email}`).waitFor();

  const mails = await app.smtp.waitForMailsTo(SUPER_ADMIN.email, before + 1);
  expect(mails).toHaveLength(before + 1);
  expect(mails.at(-1)?.subject).toBe('Test of the confirmation email');
});

test('4. an admin who may only read the templates sees them and a preview, and cannot change them', async () => {
  const roleId = await createRole(app, 'Templates reader', [
    { action: 'plugin::customer-login.settings.read' },
  ]);
  const token = await createAdminWithRoles(app, [roleId]);
  const { email } = (
    (await app.strapi.db
      .query('admin::user')
      .findMany({ orderBy: { id: 'desc' }, limit: 1 })) as Array<{ email: string }>
  )[0]!;
  const store = app.strapi.store({
    type: 'plugin',
    name: 'customer-login',
    key: 'email-templates',
  });
  const storedBefore = JSON.stringify((await store.get({})) ?? {});

  const reader = await launchBrowser();
  try {
    const on = reader.page;
    await loginToAdmin(on, app.baseUrl!, { email, password: 'Other-Admin-Pass-1' });
    await on.goto(`${app.baseUrl}/admin/settings`);
    const loaded = templatesResponse('GET', TEMPLATES_PATH, on);
    const previewed = templatesResponse('POST', `${TEMPLATES_PATH}/preview`, on);
    await on.getByRole('link', { name: 'Email templates' }).click();
    const res = await loaded;
    expect(res.status()).toBe(200);
    const { data } = (await res.json()) as { data: EmailTemplatesSettings };
    await on.getByRole('heading', { name: 'Email templates', level: 1 }).waitFor();
    await on.getByText('You may read these templates but not change them.').waitFor();

    // The stored credentials email, and its preview, which reading allows.
    const subject = on.locator('input[name="subject"]');
    await subject.waitFor();
    expect(await subject.inputValue()).toBe(
      data.emails.credentials.templates[data.defaultLocale].subject
    );
    const preview = await previewed;
    expect(preview.status()).toBe(200);
    const { data: rendered } = (await preview.json()) as { data: { subject: string } };
    await on.getByTestId('preview-subject').filter({ hasText: rendered.subject }).waitFor();
    expect(await subject.isDisabled()).toBe(true);
    expect(await on.locator('textarea[name="html"]').isDisabled()).toBe(true);
    expect(await on.locator('textarea[name="text"]').isDisabled()).toBe(true);
    for (const name of ['Save', 'Restore default', 'Send me a test email']) {
      expect(await on.getByRole('button', { name, exact: true }).count()).toBe(0);
    }
  } finally {
    await reader.close();
  }

  // The routes refuse what the page does not offer.
  const template = { subject: 'Changed by a reader', html: '<p>Hi</p>', text: 'Hi' };
  const save = await app
    .http()
    .put(TEMPLATES_PATH)
    .set('Authorization', `Bearer ${token}`)
    .send({ credentials: { en: template } });
  expect(save.status).toBe(403);
  const test = await app
    .http()
    .post(`${TEMPLATES_PATH}/test-email`)
    .set('Authorization', `Bearer ${token}`)
    .send({ email: 'credentials', locale: 'en', template });
  expect(test.status).toBe(403);
  expect(JSON.stringify((await store.get({})) ?? {})).toBe(storedBefore);
});
