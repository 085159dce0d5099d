import { confirmationTokenIn, resetCodeIn } from './api';
import { CUSTOMER_UID, type TestApp } from './strapi';

const passwordsIn = (text: string) => [...text.matchAll(/^Password: (\S+)$/gm)].map((m) => m[1]!);

/**
 * Every secret the suite handled: passwords typed or emailed, confirmation tokens, and the stored
 * hashes. Short strings are left out, since they could appear in any body by chance.
 */
const collectSecrets = async (app: TestApp) => {
  const rows = (await app.strapi.db
    .query(CUSTOMER_UID)
    .findMany({ select: ['password'] })) as Array<{ password: string | null }>;
  const secrets = new Set(app.secrets);
  for (const row of rows) if (row.password) secrets.add(row.password);
  // Test emails go to admins and carry made-up sample values, which previews show on purpose.
  const admins = (await app.strapi.db
    .query('admin::user')
    .findMany({ select: ['email'] })) as Array<{ email: string }>;
  const adminAddresses = new Set(admins.map((admin) => admin.email.toLowerCase()));
  for (const mail of app.smtp.mails) {
    if (mail.to.every((address) => adminAddresses.has(address))) continue;
    for (const password of passwordsIn(mail.text)) secrets.add(password);
    for (const token of [confirmationTokenIn(mail), resetCodeIn(mail)]) {
      if (token) secrets.add(token);
    }
  }
  return [...secrets].filter((secret) => secret.length >= 8);
};

/** Asserts that no response body and no log line of this app contains a secret. */
export const expectNoSecretsLeaked = async (app: TestApp) => {
  const secrets = await collectSecrets(app);
  expect(secrets.length).toBeGreaterThan(0);
  for (const secret of secrets) {
    // A response may repeat a secret only to the client that just sent it in its URL (the
    // confirmation page echoes its own link's token into its form).
    const leaked = app.responses
      .filter(({ url, body }) => body.includes(secret) && !url.includes(secret))
      .map(({ url, body }) => `${url}: ${body.slice(0, 200)}`);
    expect({ secret, responses: leaked }).toEqual({
      secret,
      responses: [],
    });
    expect({ secret, logs: app.logs.filter((line) => line.includes(secret)) }).toEqual({
      secret,
      logs: [],
    });
  }
};
