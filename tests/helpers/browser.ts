import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags for Debian's Chromium on a closed machine: no sandbox as root, no background traffic.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Headless Chromium with a fresh profile. */
export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM}: install Debian's (apt-get install -y chromium) or set CHROMIUM_PATH.`
    );
  }
  const profile = mkdtempSync(path.join(tmpdir(), 'customer-login-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1440, height: 1000 },
    locale: 'en-US',
  });
  // Strapi's guided tour would cover the lists and forms the tests use: turned off as an admin
  // who skipped it would have it, before any page of the admin runs.
  await context.addInitScript(
    `localStorage.setItem('STRAPI_GUIDED_TOUR', ${JSON.stringify(JSON.stringify({ enabled: false }))})`
  );
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};

/** Logs in to the admin panel through its login form. */
export const loginToAdmin = async (
  page: Page,
  baseUrl: string,
  credentials: { email: string; password: string }
) => {
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(credentials.email);
  await page.locator('input[name="password"]').fill(credentials.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL(/\/admin(\/)?$/);
};

/**
 * Where screenshots go: docs/ when UPDATE_SCREENSHOTS=1 (to refresh the README's pictures), else a
 * temporary folder, so a test run never changes the working tree.
 */
export const screenshotDir = () => {
  if (process.env.UPDATE_SCREENSHOTS !== '1') {
    return mkdtempSync(path.join(tmpdir(), 'customer-login-screenshots-'));
  }
  const docs = path.resolve(__dirname, '..', '..', 'docs');
  mkdirSync(docs, { recursive: true });
  return docs;
};
