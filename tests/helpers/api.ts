import { DEFAULT_TEMPLATES } from '../../server/src/email-templates/defaults';
import type { CaughtMail } from './smtp';
import { CUSTOMER_UID, type TestApp } from './strapi';

const CM_PATH = `/content-manager/collection-types/${CUSTOMER_UID}`;

export interface CustomerInput {
  firstName?: string;
  lastName?: string;
  email?: string | null;
  loginEnabled?: boolean;
  emailConfirmed?: boolean;
  password?: string | null;
  passwordConfirmation?: string | null;
  sendCredentials?: boolean;
  /** The test app's optional language attribute (email.localeField in some tests). */
  language?: string;
  /** In the type's options.privateAttributes: the Content API and emails never show it. */
  internalNote?: string;
}

/** What the helpers need of an app: an in-process test app, or a Strapi process over HTTP. */
export type ApiClient = Pick<TestApp, 'http' | 'secrets' | 'adminToken'>;

const remember = (app: ApiClient, ...values: unknown[]) => {
  for (const value of values) if (typeof value === 'string' && value) app.secrets.add(value);
};

/** What the Content Manager's Save sends when creating a customer. */
export const createCustomer = (app: ApiClient, data: CustomerInput, token = app.adminToken) => {
  remember(app, data.password, data.passwordConfirmation);
  return app.http().post(CM_PATH).set('Authorization', `Bearer ${token}`).send(data);
};

/** What the Content Manager's Save sends when editing a customer. */
export const updateCustomer = (
  app: ApiClient,
  documentId: string,
  data: CustomerInput,
  token = app.adminToken
) => {
  remember(app, data.password, data.passwordConfirmation);
  return app
    .http()
    .put(`${CM_PATH}/${documentId}`)
    .set('Authorization', `Bearer ${token}`)
    .send(data);
};

export const sendCredentials = (app: ApiClient, documentId: string, token?: string) => {
  const call = app.http().post(`/customer-login/customers/${documentId}/send-credentials`);
  return token ? call.set('Authorization', `Bearer ${token}`) : call;
};

export const login = (
  app: ApiClient,
  email: string,
  password: string,
  { from }: { from?: string } = {}
) => {
  remember(app, password);
  const req = app.http().post('/api/customer-login/auth/login');
  // The client a proxy names, for apps booted with `trustProxy`.
  return (from === undefined ? req : req.set('X-Forwarded-For', from)).send({ email, password });
};

/** Resets a password with a reset code, as a site's reset page posts it. */
export const resetPassword = (app: ApiClient, code: string, password: string) => {
  remember(app, password);
  return app
    .http()
    .post('/api/customer-login/auth/reset-password')
    .send({ code, password, passwordConfirmation: password });
};

export const countCustomers = (app: TestApp) => app.strapi.db.query(CUSTOMER_UID).count();

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The line of each default email that shows the password, in every language, as a pattern
 * (`Passwort: (\S+)`, `Mot de passe : (\S+)` …), taken from the templates themselves.
 */
const PASSWORD_LINES = [
  ...new Set(
    Object.values(DEFAULT_TEMPLATES)
      .flatMap((emails) => Object.values(emails))
      .flatMap(({ text }) => text.split('\n'))
      .filter((line) => line.includes('<%= password %>'))
  ),
].map((line) => {
  const [before, after] = line.split('<%= password %>') as [string, string];
  return new RegExp(`^${escape(before)}(\\S+)${escape(after)}$`, 'gm');
});

/** Passwords an email shows on a default template's password line, whatever its language. */
export const emailedPasswordsIn = (mail: Pick<CaughtMail, 'text'>): string[] =>
  PASSWORD_LINES.flatMap((line) => [...mail.text.matchAll(line)].map((match) => match[1]!));

/** The password of a credentials email, on its password line in any language. */
export const passwordIn = (mail: CaughtMail): string => {
  const [password, ...more] = emailedPasswordsIn(mail);
  if (!password || more.length > 0) {
    throw new Error(`not one password in mail "${mail.subject}"`);
  }
  return password;
};

export const confirmationLinkIn = (mail: CaughtMail): string | undefined =>
  /https?:\/\/\S+email-confirmation\?confirmation=[\w-]+/.exec(mail.text)?.[0];

export const confirmationTokenIn = (mail: CaughtMail): string | undefined =>
  /confirmation=([\w-]+)/.exec(mail.text)?.[1];

/** The code of a password reset email, from its link or, without a reset URL, its own line. */
export const resetCodeIn = (mail: CaughtMail): string | undefined =>
  /code=([\w-]{43})/.exec(mail.text)?.[1] ?? /^([\w-]{43})$/m.exec(mail.text)?.[1];

/**
 * Asks for a password reset as a customer does and waits for the email, which is sent after the
 * answer; answers it and the code it carries.
 */
export const requestPasswordReset = async (app: Pick<TestApp, 'http' | 'smtp'>, email: string) => {
  const before = app.smtp.mailsTo(email).length;
  const res = await app.http().post('/api/customer-login/auth/forgot-password').send({ email });
  if (res.status !== 200) throw new Error(`forgot-password answered ${res.status}`);
  const mail = (await app.smtp.waitForMailsTo(email, before + 1)).at(-1)!;
  const code = resetCodeIn(mail);
  if (!code) throw new Error(`no reset code in mail "${mail.subject}"`);
  return { mail, code };
};

/** The request path and query of a link the server put into an email. */
export const pathOf = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

let counter = 0;
/** A unique address per call, so tests never see each other's customers. */
export const uniqueEmail = (label = 'customer') => `${label}-${Date.now()}-${++counter}@shop.test`;

/**
 * A customer with login enabled, a confirmed address and this password, created through the
 * Content Manager as an admin would.
 */
export const createLoginCustomer = async (
  app: ApiClient,
  password: string,
  overrides: CustomerInput = {},
  token = app.adminToken
) => {
  const data: CustomerInput = {
    firstName: 'Grace',
    email: uniqueEmail(),
    loginEnabled: true,
    emailConfirmed: true,
    password,
    passwordConfirmation: password,
    ...overrides,
  };
  const res = await createCustomer(app, data, token);
  if (res.status !== 201) throw new Error(`customer not created: ${JSON.stringify(res.body)}`);
  return { email: data.email as string, documentId: res.body.data.documentId as string };
};

/** Follows a confirmation link as a customer does: opens the page, then presses its button. */
export const confirmThroughLink = async (app: ApiClient, link: string) => {
  const page = await app.http().get(pathOf(link));
  if (page.status !== 200) return page;
  const token = new URL(link).searchParams.get('confirmation') ?? '';
  return app
    .http()
    .post('/api/customer-login/auth/email-confirmation')
    .type('form')
    .send({ confirmation: token });
};

/**
 * A Content API token (`full-access`, or `custom` with these actions such as
 * `api::customer.customer.update`), as Settings → API Tokens creates it; answers its access key.
 */
export const createApiToken = async (
  app: TestApp,
  type: 'full-access' | 'custom',
  permissions: string[] = []
) => {
  const token = (await app.strapi.service('admin::api-token').create({
    name: `token-${type}-${++counter}`,
    description: '',
    type,
    kind: 'content-api',
    lifespan: null,
    ...(type === 'custom' ? { permissions } : {}),
  })) as { accessKey: string };
  app.secrets.add(token.accessKey);
  return token.accessKey;
};
