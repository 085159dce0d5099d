import path from 'node:path';

import type { Page, Response } from 'playwright-core';

import {
  confirmationLinkIn,
  createCustomer,
  createLoginCustomer,
  login,
  passwordIn,
  uniqueEmail,
} from '../helpers/api';
import { createAdminWithRoles, createRole, findRoleId } from '../helpers/admins';
import { launchBrowser, loginToAdmin, screenshotDir } from '../helpers/browser';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useAdminBrowser } from '../helpers/test-app';

const DOCS = screenshotDir();
const PASSWORD = 'typed-in-the-admin-1';

const admin = useAdminBrowser();
const app = admin.app;
let page: Page;

beforeAll(() => {
  page = admin.page;
});

const editUrl = (documentId: string) =>
  `${app.baseUrl}/admin/content-manager/collection-types/${CUSTOMER_UID}/${documentId}`;

const loginSection = () => page.getByRole('region', { name: 'Login', exact: true });

const open = async (url: string) => {
  await page.goto(url);
  await loginSection().waitFor();
};

const checkbox = (name: string) => page.getByRole('checkbox', { name, exact: true });
const passwordInput = () => page.locator('input[name="password"]');
const confirmationInput = () => page.locator('input[name="passwordConfirmation"]');

const CM_PATH = `/content-manager/collection-types/${CUSTOMER_UID}`;

/**
 * The answer to the edit view's Save, started before the click: a create POSTs to the collection,
 * an edit PUTs to the document.
 */
const saveResponse = (documentId?: string) =>
  page.waitForResponse((res) => {
    const { pathname } = new URL(res.url());
    return documentId
      ? res.request().method() === 'PUT' && pathname === `${CM_PATH}/${documentId}`
      : res.request().method() === 'POST' && pathname === CM_PATH;
  });

/**
 * Clicks Save, checks the Content Manager's answer, and waits for the notice of this save (the
 * pages are fresh, so each new "Saved document" is this save's).
 */
const save = async (documentId?: string): Promise<Response> => {
  const notices = page.getByText('Saved document', { exact: true });
  const before = await notices.count();
  const response = saveResponse(documentId);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const res = await response;
  expect(res.status()).toBe(documentId ? 200 : 201);
  await notices.nth(before).waitFor();
  return res;
};

const panelButton = (on: Page = page) =>
  on.getByRole('button', { name: 'Generate and send credentials via email' });

/** The side panel's button is off, and its wrapper tells why. */
const expectPanelOff = async (reason: string) => {
  const wrapper = page.getByLabel(reason, { exact: true });
  await wrapper.waitFor();
  expect(await wrapper.getByRole('button').isDisabled()).toBe(true);
  expect(await panelButton().isDisabled()).toBe(true);
};

const fillCustomer = async (email: string) => {
  await page.locator('input[name="firstName"]').fill('Browser');
  await page.locator('input[name="email"]').fill(email);
};

interface StoredCustomer {
  documentId: string;
  lastName: string | null;
  loginEnabled: boolean;
  emailConfirmed: boolean;
  password: string | null;
}

const storedCustomer = async (documentId: string) =>
  (await app.strapi.db.query(CUSTOMER_UID).findOne({ where: { documentId } })) as StoredCustomer;

const documentIdOf = async (email: string) => {
  const row = (await app.strapi.db.query(CUSTOMER_UID).findOne({ where: { email } })) as {
    documentId: string;
  } | null;
  return row?.documentId;
};

/** The answer to the side panel's send, started before the click. */
const sendResponse = (documentId: string) =>
  page.waitForResponse(
    (res) =>
      res.request().method() === 'POST' &&
      new URL(res.url()).pathname === `/customer-login/customers/${documentId}/send-credentials`
  );

interface InPage {
  recordedValues: string[];
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: { attributes: boolean; attributeFilter: string[] }): void;
  };
}

/**
 * Records each value the element's `value` attribute takes from now on (React keeps it in step
 * with a controlled input), so a test can see a value that lasted only between two renders.
 */
const recordValues = async (selector: string) => {
  await page.locator(selector).evaluate((element) => {
    const seen: string[] = [];
    // The browser's globals; the tests' own types know only Node's.
    const browser = globalThis as unknown as InPage;
    browser.recordedValues = seen;
    new browser.MutationObserver(() => seen.push(element.getAttribute('value') ?? '')).observe(
      element,
      { attributes: true, attributeFilter: ['value'] }
    );
  });
  return {
    /** Waits until the element has taken each of `values`, in that order. */
    waitFor: (values: string[]) =>
      page.waitForFunction(
        (expected) => {
          const seen = (globalThis as unknown as InPage).recordedValues;
          let next = 0;
          for (const value of seen) if (value === expected[next]) next += 1;
          return next === expected.length;
        },
        values,
        { timeout: 30_000 }
      ),
  };
};

const existingCustomer = () =>
  createLoginCustomer(app, 'existing-password-1', { firstName: 'Existing' });

test('1. a password typed on a new customer logs in', async () => {
  const email = uniqueEmail('manual');
  await open(`${app.baseUrl}/admin/content-manager/collection-types/${CUSTOMER_UID}/create`);
  await expectPanelOff('Save the customer first');
  await fillCustomer(email);

  expect(await passwordInput().isDisabled()).toBe(true);
  await checkbox('Enable Login').click();
  await passwordInput().fill(PASSWORD);
  await confirmationInput().fill(PASSWORD);
  await checkbox('Email confirmed').click();
  await loginSection().screenshot({ path: path.join(DOCS, 'login-section.png') });
  const created = (await (await save()).json()) as { data: { documentId: string } };

  expect(await documentIdOf(email)).toBe(created.data.documentId);
  expect((await login(app, email, PASSWORD)).status).toBe(200);
  expect(await passwordInput().inputValue()).toBe('');
});

test('2. saving an existing customer with the password left empty keeps it', async () => {
  const { email, documentId } = await existingCustomer();
  const before = await storedCustomer(documentId);
  await open(editUrl(documentId));

  expect(await page.getByText('Leave empty to not modify').isVisible()).toBe(true);
  // A trial click waits until the button is enabled, without opening the dialog.
  await panelButton().click({ trial: true });
  await page.locator('input[name="lastName"]').fill('Renamed');
  await expectPanelOff('Save your changes first');
  await save(documentId);

  const after = await storedCustomer(documentId);
  expect(after).toMatchObject({ lastName: 'Renamed', loginEnabled: true, emailConfirmed: true });
  expect(after.password).toBe(before.password);
  expect((await login(app, email, 'existing-password-1')).status).toBe(200);
  // Saved, the form is no longer modified, and the panel may send again.
  await page.getByLabel('Save your changes first', { exact: true }).waitFor({ state: 'detached' });
  await panelButton().click({ trial: true });
});

test('3. with Email confirmed unchecked, login waits for the emailed link', async () => {
  const email = uniqueEmail('unconfirmed');
  await open(`${app.baseUrl}/admin/content-manager/collection-types/${CUSTOMER_UID}/create`);
  await fillCustomer(email);
  await checkbox('Enable Login').click();
  await passwordInput().fill(PASSWORD);
  await confirmationInput().fill(PASSWORD);
  await save();

  expect((await login(app, email, PASSWORD)).status).toBe(403);
  const [mail] = await app.smtp.waitForMailsTo(email);
  const link = confirmationLinkIn(mail!);
  if (!link) throw new Error(`no confirmation link in "${mail!.subject}"`);
  // The customer opens the emailed link and presses the page's button.
  await page.goto(link.replace(/^https?:\/\/[^/]+/, app.baseUrl!));
  expect((await login(app, email, PASSWORD)).status).toBe(403);
  await page.getByRole('button', { name: 'Confirm my email address' }).click();
  await page.getByRole('heading', { name: 'Your email address is confirmed' }).waitFor();
  expect((await login(app, email, PASSWORD)).status).toBe(200);
});

test('4a. Generate and send credentials on create hides the password fields and emails one', async () => {
  const email = uniqueEmail('generated');
  await open(`${app.baseUrl}/admin/content-manager/collection-types/${CUSTOMER_UID}/create`);
  await fillCustomer(email);
  await checkbox('Enable Login').click();
  await checkbox('Email confirmed').click();
  await checkbox('Generate and send credentials').click();

  expect(await passwordInput().count()).toBe(0);
  expect(await confirmationInput().count()).toBe(0);
  await save();
  await page.getByText(`Login credentials sent to ${email}`).waitFor();

  const mails = app.smtp.mailsTo(email);
  expect(mails).toHaveLength(1);
  expect((await login(app, email, passwordIn(mails[0]!))).status).toBe(200);
  expect(await checkbox('Generate and send credentials').isChecked()).toBe(false);
});

test('4b. Generate and send credentials on edit replaces the password', async () => {
  const { email, documentId } = await existingCustomer();
  await open(editUrl(documentId));
  await checkbox('Generate and send credentials').click();
  expect(await passwordInput().count()).toBe(0);
  await checkbox('Generate and send credentials').click();
  expect(await passwordInput().inputValue()).toBe('');
  await checkbox('Generate and send credentials').click();
  await save(documentId);
  await page.getByText(`Login credentials sent to ${email}`).waitFor();

  const mails = app.smtp.mailsTo(email);
  expect(mails).toHaveLength(1);
  expect((await login(app, email, passwordIn(mails[0]!))).status).toBe(200);
  expect((await login(app, email, 'existing-password-1')).status).toBe(400);
});

test('5. the sidebar button resets and emails the password after a confirmation', async () => {
  const { email, documentId } = await existingCustomer();
  await open(editUrl(documentId));
  await page.screenshot({ path: path.join(DOCS, 'edit-view.png') });
  // The panel's content (state, button, history) and, above it, the panel's title.
  const panelBox = await page
    .getByRole('button', { name: 'Generate and send credentials via email' })
    .locator('xpath=ancestor::div[.//ol][1]')
    .boundingBox();
  await page.screenshot({
    path: path.join(DOCS, 'login-panel.png'),
    clip: {
      x: panelBox!.x - 24,
      y: panelBox!.y - 48,
      width: panelBox!.width + 48,
      height: panelBox!.height + 72,
    },
  });

  await page.getByRole('button', { name: 'Generate and send credentials via email' }).click();
  const dialog = page.getByRole('alertdialog');
  await dialog.waitFor();
  expect(await dialog.textContent()).toContain(
    `This immediately resets the customer's current password and emails new login details to ${email}.`
  );
  await dialog.screenshot({ path: path.join(DOCS, 'send-credentials-dialog.png') });
  const sent = sendResponse(documentId);
  await dialog.getByRole('button', { name: 'Reset and send' }).click();
  expect((await sent).status()).toBe(200);
  await page.getByText(`Login credentials sent to ${email}`).waitFor();

  const mails = app.smtp.mailsTo(email);
  expect(mails).toHaveLength(1);
  expect((await login(app, email, passwordIn(mails[0]!))).status).toBe(200);
  expect((await login(app, email, 'existing-password-1')).status).toBe(400);
});

test('6. a mismatched confirmation shows its error and saves nothing', async () => {
  const email = uniqueEmail('mismatch');
  await open(`${app.baseUrl}/admin/content-manager/collection-types/${CUSTOMER_UID}/create`);
  await fillCustomer(email);
  await checkbox('Enable Login').click();
  await passwordInput().fill(PASSWORD);
  await confirmationInput().fill(`${PASSWORD}-typo`);

  await page.getByText('Passwords do not match').waitFor();
  const shown = await page.getByText('Passwords do not match').count();
  const response = saveResponse();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const res = await response;
  expect(res.status()).toBe(400);
  expect(((await res.json()) as { error: { details: unknown } }).error.details).toMatchObject({
    errors: [{ path: ['passwordConfirmation'] }],
  });
  // The refusal's notification, beside the hint under the field.
  await page.getByText('Passwords do not match').nth(shown).waitFor();

  expect(await documentIdOf(email)).toBeUndefined();
  expect(await passwordInput().inputValue()).toBe(PASSWORD);
});

test('7. an Editor sees the button disabled, and the route answers 403', async () => {
  const { documentId } = await existingCustomer();
  const editorToken = await createAdminWithRoles(app, [await findRoleId(app, 'strapi-editor')]);
  const editorEmail = (
    (await app.strapi.db
      .query('admin::user')
      .findMany({ orderBy: { id: 'desc' }, limit: 1 })) as Array<{
      email: string;
    }>
  )[0]!.email;
  const editor = await launchBrowser();
  try {
    await loginToAdmin(editor.page, app.baseUrl!, {
      email: editorEmail,
      password: 'Other-Admin-Pass-1',
    });
    await editor.page.goto(editUrl(documentId));
    const button = editor.page.getByRole('button', {
      name: 'Generate and send credentials via email',
    });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(
      await editor.page.getByLabel('You are not allowed to send credentials').count()
    ).toBeGreaterThan(0);
    // The Login section's checkbox says the same, where the hint usually is.
    const section = editor.page.getByRole('region', { name: 'Login', exact: true });
    const sendBox = section.getByRole('checkbox', {
      name: 'Generate and send credentials',
      exact: true,
    });
    expect(await sendBox.isDisabled()).toBe(true);
    expect(await section.getByText('You are not allowed to send credentials').count()).toBe(1);
    expect(await section.getByRole('checkbox', { name: 'Enable Login' }).isDisabled()).toBe(false);
  } finally {
    await editor.close();
  }

  const res = await app
    .http()
    .post(`/customer-login/customers/${documentId}/send-credentials`)
    .set('Authorization', `Bearer ${editorToken}`);
  expect(res.status).toBe(403);
});

test('7b. an admin who may not change passwords sees why Generate and send is off', async () => {
  const { documentId } = await existingCustomer();
  const fields = ['firstName', 'lastName', 'email', 'language', 'loginEnabled', 'emailConfirmed'];
  // It sees the Login section (read includes password) but may not change the password.
  const roleId = await createRole(app, 'Support without password', [
    { action: 'plugin::customer-login.send-credentials' },
    {
      action: 'plugin::content-manager.explorer.read',
      subject: CUSTOMER_UID,
      properties: { fields: [...fields, 'password'] },
    },
    {
      action: 'plugin::content-manager.explorer.update',
      subject: CUSTOMER_UID,
      properties: { fields },
    },
  ]);
  await createAdminWithRoles(app, [roleId]);
  const { email } = (
    (await app.strapi.db
      .query('admin::user')
      .findMany({ orderBy: { id: 'desc' }, limit: 1 })) as Array<{ email: string }>
  )[0]!;
  const support = await launchBrowser();
  try {
    await loginToAdmin(support.page, app.baseUrl!, { email, password: 'Other-Admin-Pass-1' });
    await support.page.goto(editUrl(documentId));
    const reason = "You are not allowed to change this customer's password";
    const button = support.page.getByRole('button', {
      name: 'Generate and send credentials via email',
    });
    await button.waitFor();
    expect(await button.isDisabled()).toBe(true);
    expect(await support.page.getByLabel(reason).count()).toBeGreaterThan(0);
    const section = support.page.getByRole('region', { name: 'Login', exact: true });
    expect(
      await section
        .getByRole('checkbox', { name: 'Generate and send credentials', exact: true })
        .isDisabled()
    ).toBe(true);
    expect(await section.getByText(reason).count()).toBe(1);
  } finally {
    await support.close();
  }
});

test('8. a save whose email cannot be sent shows the server message and keeps the form', async () => {
  const { email, documentId } = await existingCustomer();
  await open(editUrl(documentId));
  await page.locator('input[name="lastName"]').fill('Changed');
  await checkbox('Generate and send credentials').click();
  const lastNames = await recordValues('input[name="lastName"]');
  await app.smtp.stop();
  try {
    const response = saveResponse(documentId);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    expect((await response).status()).toBe(400);
    await page
      .getByText(/could not be sent, so nothing was changed/)
      .first()
      .waitFor();
  } finally {
    await app.smtp.start();
  }

  // The Content Manager reloads the saved document after every save, which empties the field;
  // the section then puts back what the admin typed.
  await lastNames.waitFor(['', 'Changed']);
  expect(await page.locator('input[name="lastName"]').inputValue()).toBe('Changed');
  expect(await checkbox('Generate and send credentials').isChecked()).toBe(true);
  expect(await page.getByText(`Login credentials sent to ${email}`).count()).toBe(0);
  expect((await login(app, email, 'existing-password-1')).status).toBe(200);
});

test('9. the Login panel shows the latest history, updates after a reset, and Show all pages it', async () => {
  const { documentId } = await existingCustomer();
  for (let i = 0; i < 3; i += 1) {
    await app
      .http()
      .post(`/customer-login/customers/${documentId}/send-credentials`)
      .set('Authorization', `Bearer ${app.adminToken}`)
      .expect(200);
  }
  await open(editUrl(documentId));
  const timeline = page.getByRole('list', { name: 'Login history' });
  await timeline.getByText('Credentials generated and sent').first().waitFor();
  expect(await timeline.getByRole('listitem').count()).toBe(5);
  expect(await timeline.textContent()).toContain('by Ada Admin');

  await page.getByRole('button', { name: 'Generate and send credentials via email' }).click();
  const sent = sendResponse(documentId);
  await page.getByRole('alertdialog').getByRole('button', { name: 'Reset and send' }).click();
  expect((await sent).status()).toBe(200);
  await page
    .getByText(/Login credentials sent to/)
    .first()
    .waitFor();
  // Seven events now; the timeline still shows the latest five, the newest being this reset.
  const resets = timeline
    .getByRole('listitem')
    .filter({ hasText: 'Credentials generated and sent' });
  await resets.nth(3).waitFor();
  expect(await resets.count()).toBe(4);
  expect(await timeline.getByRole('listitem').count()).toBe(5);
  await timeline.screenshot({ path: path.join(DOCS, 'login-history.png') });

  await page.getByRole('button', { name: 'Show all' }).click();
  const modal = page.getByRole('dialog', { name: 'Login history' });
  await modal.getByRole('gridcell', { name: 'Login enabled' }).waitFor();
  // The header and every event: login enabled, email confirmed, password set, four resets.
  expect(await modal.getByRole('row').count()).toBe(8);
  expect(await modal.textContent()).toContain('Page 1 of 1');
  await modal.screenshot({ path: path.join(DOCS, 'login-history-all.png') });
  await page.keyboard.press('Escape');
});

test('10. the panel says why it cannot send to a customer whose login is off or who has no address', async () => {
  const disabled = await createLoginCustomer(app, 'existing-password-1', {
    firstName: 'Disabled',
    loginEnabled: false,
  });
  const res = await createCustomer(app, { firstName: 'No address', loginEnabled: true });
  expect(res.status).toBe(201);
  const withoutAddress = (res.body as { data: { documentId: string; email: unknown } }).data;
  expect(withoutAddress.email ?? null).toBeNull();

  await open(editUrl(disabled.documentId));
  await expectPanelOff('Enable login and save first');

  await open(editUrl(withoutAddress.documentId));
  await expectPanelOff('The customer has no email address');
});
