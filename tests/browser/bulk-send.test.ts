import path from 'node:path';

import type { Page } from 'playwright-core';

import { createLoginCustomer, login, passwordIn } from '../helpers/api';
import { screenshotDir } from '../helpers/browser';
import { CUSTOMER_UID } from '../helpers/strapi';
import { useAdminBrowser } from '../helpers/test-app';

const DOCS = screenshotDir();
const PASSWORD = 'before-the-bulk-1';

const admin = useAdminBrowser();
const app = admin.app;
let page: Page;

beforeAll(() => {
  page = admin.page;
});

const rowOf = (firstName: string) => page.getByRole('row').filter({ hasText: firstName });

const passwordHashOf = async (documentId: string) =>
  (
    (await app.strapi.db.query(CUSTOMER_UID).findOne({ where: { documentId } })) as {
      password: string | null;
    }
  ).password;

/** The bulk route's answer, started before the click that sends it. */
const bulkResponse = () =>
  page.waitForResponse(
    (res) =>
      res.request().method() === 'POST' &&
      new URL(res.url()).pathname === '/customer-login/customers/send-credentials'
  );

test('the bulk action resets and emails the selected customers, shows each outcome, and retries the failed', async () => {
  const sent = await createLoginCustomer(app, PASSWORD, { firstName: 'Bulk Sent' });
  const refused = await createLoginCustomer(app, PASSWORD, { firstName: 'Bulk Refused' });
  const disabled = await createLoginCustomer(app, PASSWORD, {
    firstName: 'Bulk Disabled',
    loginEnabled: false,
  });
  app.smtp.rejectAddresses.add(refused.email);
  const disabledHash = await passwordHashOf(disabled.documentId);
  expect(disabledHash).toEqual(expect.any(String));

  await page.goto(`${app.baseUrl}/admin/content-manager/collection-types/${CUSTOMER_UID}`);
  await rowOf('Bulk Sent').waitFor();
  for (const name of ['Bulk Sent', 'Bulk Refused', 'Bulk Disabled']) {
    await rowOf(name).getByRole('checkbox').check();
  }
  await page.getByRole('button', { name: 'Generate and send credentials' }).click();
  const modal = page.getByRole('dialog', { name: 'Generate and send credentials' });
  await modal
    .getByText(
      '3 customers will have their password reset at once and new login details emailed.',
      { exact: false }
    )
    .waitFor();
  await modal.screenshot({ path: path.join(DOCS, 'bulk-send-confirm.png') });

  const first = bulkResponse();
  await modal.getByRole('button', { name: 'Reset and send' }).click();
  expect((await first).status()).toBe(200);
  await modal.getByText('1 sent, 1 skipped, 1 failed').waitFor();
  // The refused address was turned away before any mail was taken.
  expect(app.smtp.mails.map((mail) => mail.to)).toEqual([[sent.email]]);
  expect(await modal.getByRole('row').filter({ hasText: sent.email }).textContent()).toContain(
    'Sent'
  );
  expect(await modal.getByRole('row').filter({ hasText: refused.email }).textContent()).toContain(
    'Failed: The email could not be sent (Can'
  );
  expect(await modal.getByRole('row').filter({ hasText: disabled.email }).textContent()).toContain(
    'Skipped: login disabled'
  );
  await modal.screenshot({ path: path.join(DOCS, 'bulk-send-result.png') });

  app.smtp.rejectAddresses.delete(refused.email);
  const retry = bulkResponse();
  await modal.getByRole('button', { name: 'Retry 1 failed' }).click();
  const retried = await retry;
  expect(retried.status()).toBe(200);
  // The retry asks again only for the customer that failed.
  expect(JSON.parse(retried.request().postData() ?? '{}')).toEqual({
    documentIds: [refused.documentId],
  });
  await modal.getByText('2 sent, 1 skipped, 0 failed').waitFor();

  // Two emails in all, one to each customer sent to, none to the one skipped.
  expect(app.smtp.mails.map((mail) => mail.to)).toEqual([[sent.email], [refused.email]]);
  for (const customer of [sent, refused]) {
    const [mail] = app.smtp.mailsTo(customer.email);
    expect((await login(app, customer.email, passwordIn(mail!))).status).toBe(200);
  }
  expect(await passwordHashOf(disabled.documentId)).toBe(disabledHash);
});
