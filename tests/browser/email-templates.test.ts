import path from 'node:path';

import type { Page } from 'playwright-core';

import { createCustomer, uniqueEmail } from '../helpers/api';
import { screenshotDir } from '../helpers/browser';
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

  await page.getByRole('button', { name: 'Save', exact: true }).click();
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
  await page.getByRole('button', { name: 'Save', exact: true }).click();
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

  await page.getByRole('button', { name: 'Send me a test email' }).click();
  await page.getByText(`Test email sent to ${SUPER_ADMIN.email}`).waitFor();

  const mails = app.smtp.mailsTo(SUPER_ADMIN.email);
  expect(mails).toHaveLength(before + 1);
  expect(mails.at(-1)?.subject).toBe('Test of the confirmation email');
});
