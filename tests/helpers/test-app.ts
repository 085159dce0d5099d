import type { Page } from 'playwright-core';

import { launchBrowser, loginToAdmin, type Browser } from './browser';
import { expectNoSecretsLeaked } from './leaks';
import { startTestApp, SUPER_ADMIN, type TestApp, type TestAppOptions } from './strapi';

/** Runs the leak check, then stops the app whatever the check found. */
const checkAndStop = async (app: TestApp) => {
  try {
    await expectNoSecretsLeaked(app);
  } finally {
    await app.stop();
  }
};

/** A stand-in that reads from the app once `current()` has one, and says so when it has none. */
const lateBound = <T extends object>(current: () => T | undefined, what: string): T =>
  new Proxy({} as T, {
    get(_target, key) {
      const value = current();
      if (!value) {
        throw new Error(
          `${what} is booted in beforeAll: use it in a test or a hook, not while collecting`
        );
      }
      const property: unknown = Reflect.get(value, key);
      return typeof property === 'function' ? (property as () => unknown).bind(value) : property;
    },
  });

/**
 * Boots the test app for the enclosing describe block (or file) in `beforeAll`, and in `afterAll`
 * checks that no response or log line carried a secret, then stops it. Call it where the block's
 * tests are declared; the answer stands for the app from the first hook on.
 */
export const useTestApp = (options: TestAppOptions = {}): TestApp => {
  let app: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp(options);
  });
  afterAll(async () => {
    if (app) await checkAndStop(app);
  });
  return lateBound(() => app, 'the test app');
};

/**
 * Boots the test app for one test, runs `use`, then checks it for leaks and stops it, whatever
 * `use` did. Rejects with the boot's error when the app does not boot.
 */
export const withTestApp = async <T>(
  options: TestAppOptions,
  use: (app: TestApp) => Promise<T>
): Promise<T> => {
  const app = await startTestApp(options);
  let result: T;
  try {
    result = await use(app);
  } catch (error) {
    await app.stop();
    throw error;
  }
  await checkAndStop(app);
  return result;
};

export interface AdminBrowser {
  /** The app, serving its built admin panel. */
  app: TestApp;
  /** Chromium's page, logged in to the admin panel as the super admin. */
  page: Page;
}

/**
 * For browser tests: boots the test app with its admin panel, launches Chromium and logs in as
 * the super admin in `beforeAll`; closes Chromium, checks the app for leaks and stops it in
 * `afterAll`.
 */
export const useAdminBrowser = (options: TestAppOptions = {}): AdminBrowser => {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    app = await startTestApp({ ...options, serveAdmin: true });
    browser = await launchBrowser();
    await loginToAdmin(browser.page, app.baseUrl!, SUPER_ADMIN);
  });
  afterAll(async () => {
    try {
      await browser?.close();
    } finally {
      if (app) await checkAndStop(app);
    }
  });
  return {
    app: lateBound(() => app, 'the test app'),
    get page() {
      if (!browser)
        throw new Error('Chromium is launched in beforeAll: use it in a test or a hook');
      return browser.page;
    },
  };
};
