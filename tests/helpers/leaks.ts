import { createHash } from 'node:crypto';

import { confirmationTokenIn, emailedPasswordsIn, resetCodeIn } from './api';
import type { CapturedResponse, CapturedSecretKind } from './capture';
import type { CaughtMail } from './smtp';
import type { CUSTOMER_UID, TestApp } from './strapi';

/** Something no response but the one that handed it out, and no log line, may contain. */
export interface Secret {
  kind:
    | CapturedSecretKind
    | 'typed password'
    | 'session token'
    | 'refresh token'
    | 'emailed token'
    | 'token digest';
  value: string;
  /** The responses that handed it to their client (a session token to the client logging in). */
  issuedIn?: CapturedResponse[];
}

/** Everything one or more Strapi processes showed the world. */
export interface LeakCheckInput {
  responses: CapturedResponse[];
  /** Log lines or whole logs: a secret is looked for within each entry. */
  logs: string[];
  secrets: Iterable<Secret>;
}

export interface Leak {
  kind: Secret['kind'];
  secret: string;
  where: string[];
}

// Short strings could appear in any body by chance.
const MIN_LENGTH = 8;

/**
 * Every secret found in a response other than one that handed it out, or in a log. A response
 * may also repeat a secret to the client that just sent it in its URL (the confirmation page
 * echoes its own link's token into its form).
 */
export const findLeaks = ({ responses, logs, secrets }: LeakCheckInput): Leak[] => {
  const leaks: Leak[] = [];
  for (const secret of dedupe(secrets)) {
    if (secret.value.length < MIN_LENGTH) continue;
    const allowed = new Set(secret.issuedIn ?? []);
    const where = [
      ...responses
        .filter(({ url, body }) => body.includes(secret.value) && !url.includes(secret.value))
        .filter((response) => !allowed.has(response))
        .map(({ url, body }) => `response to ${url}: ${body.slice(0, 200)}`),
      ...logs
        .flatMap((log) => log.split('\n'))
        .filter((line) => line.includes(secret.value))
        .map((line) => `log: ${line.slice(0, 300)}`),
    ];
    if (where.length > 0) leaks.push({ kind: secret.kind, secret: secret.value, where });
  }
  return leaks;
};

/** One entry per value: the first kind named, every response that handed it out. */
const dedupe = (secrets: Iterable<Secret>): Secret[] => {
  const byValue = new Map<string, Secret>();
  for (const secret of secrets) {
    const known = byValue.get(secret.value);
    if (!known) byValue.set(secret.value, { ...secret, issuedIn: [...(secret.issuedIn ?? [])] });
    else known.issuedIn!.push(...(secret.issuedIn ?? []));
  }
  return [...byValue.values()];
};

/** Asserts that no response carries a secret it did not hand out, and no log line any. */
export const expectNoLeaks = (input: LeakCheckInput) => {
  expect(findLeaks(input)).toEqual([]);
};

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * The tokens a response handed to its client: an access token (`jwt`) and a refresh token, from
 * login, refresh, reset and change-password.
 */
const sessionTokensIn = ({ body }: CapturedResponse): { jwt?: string; refreshToken?: string } => {
  if (!body.includes('"jwt"')) return {};
  try {
    const { jwt, refreshToken } = JSON.parse(body) as { jwt?: unknown; refreshToken?: unknown };
    return {
      ...(typeof jwt === 'string' && { jwt }),
      ...(typeof refreshToken === 'string' && { refreshToken }),
    };
  } catch {
    return {};
  }
};

export interface SecretSources {
  /** Passwords the tests typed (the admin's included). */
  typed: Iterable<string>;
  /** What the processes generated and wrote as they ran (capture.js). */
  captured: Iterable<Pick<Secret, 'kind' | 'value'>>;
  responses: CapturedResponse[];
  mails: CaughtMail[];
  /** Admins' addresses: emails to them carry made-up sample values (previews) on purpose. */
  adminAddresses: Iterable<string>;
}

/**
 * Every secret the processes handled: passwords typed and generated, every bcrypt hash and
 * refresh token digest written, every access and refresh token handed out, and the codes and
 * tokens emailed to customers with the SHA-256 the plugin stores of each.
 */
export const secretsOf = (sources: SecretSources): Secret[] => {
  const secrets: Secret[] = [
    ...[...sources.typed].map((value): Secret => ({ kind: 'typed password', value })),
    ...[...sources.captured].map(({ kind, value }): Secret => ({ kind, value })),
  ];
  for (const response of sources.responses) {
    const { jwt, refreshToken } = sessionTokensIn(response);
    if (jwt) secrets.push({ kind: 'session token', value: jwt, issuedIn: [response] });
    if (refreshToken) {
      secrets.push({ kind: 'refresh token', value: refreshToken, issuedIn: [response] });
    }
  }
  const admins = new Set([...sources.adminAddresses].map((address) => address.toLowerCase()));
  for (const mail of sources.mails) {
    if (mail.to.every((address) => admins.has(address))) continue;
    for (const token of [confirmationTokenIn(mail), resetCodeIn(mail)]) {
      if (!token) continue;
      secrets.push({ kind: 'emailed token', value: token });
      secrets.push({ kind: 'token digest', value: sha256(token) });
    }
  }
  return secrets;
};

/**
 * What proves the capture itself works, so that a broken one cannot pass for "nothing leaked":
 * every password a default email shows was typed or seen generated, and every refresh token
 * handed out has its digest seen written.
 */
export const expectCaptureComplete = (sources: SecretSources, secrets: Secret[]) => {
  const known = (kinds: Secret['kind'][]) =>
    new Set(secrets.filter((secret) => kinds.includes(secret.kind)).map(({ value }) => value));
  const passwords = known(['typed password', 'generated password']);
  const admins = new Set([...sources.adminAddresses].map((address) => address.toLowerCase()));
  const unknownPasswords = sources.mails
    .filter((mail) => !mail.to.every((address) => admins.has(address)))
    .flatMap(emailedPasswordsIn)
    .filter((password) => !passwords.has(password));
  expect({ 'emailed passwords neither typed nor seen generated': unknownPasswords }).toEqual({
    'emailed passwords neither typed nor seen generated': [],
  });
  const written = new Set(
    [...sources.captured]
      .filter(({ kind }) => kind === 'refresh token digest')
      .map(({ value }) => value)
  );
  const unknownDigests = sources.responses
    .map((response) => sessionTokensIn(response).refreshToken)
    .filter((token): token is string => token !== undefined && !written.has(sha256(token)))
    .map(sha256);
  expect({ 'refresh tokens whose digest was never seen written': unknownDigests }).toEqual({
    'refresh tokens whose digest was never seen written': [],
  });
};

/**
 * Asserts that no response body and no log line of this app contains a secret, and that the
 * capture saw every hash still stored (so it also saw those overwritten or deleted before).
 */
export const expectNoSecretsLeaked = async (app: TestApp) => {
  const admins = (await app.strapi.db
    .query('admin::user')
    .findMany({ select: ['email'] })) as Array<{ email: string }>;
  const sources: SecretSources = {
    typed: app.secrets,
    captured: app.captured,
    responses: app.responses,
    mails: app.smtp.mails,
    adminAddresses: admins.map(({ email }) => email),
  };
  const secrets = secretsOf(sources);

  // The configured customer type: a test may boot the plugin on another one.
  const customerType = app.strapi.plugin('customer-login').config<string>('contentType');
  const rows = (await app.strapi.db
    .query(customerType as typeof CUSTOMER_UID)
    .findMany({ select: ['password'] })) as Array<{ password: string | null }>;
  const hashes = new Set(
    app.captured.filter(({ kind }) => kind === 'password hash').map((s) => s.value)
  );
  const unseen = rows.flatMap(({ password }) =>
    password && !hashes.has(password) ? [password] : []
  );
  expect({ 'stored hashes never seen written': unseen }).toEqual({
    'stored hashes never seen written': [],
  });
  expectCaptureComplete(sources, secrets);

  expectNoLeaks({ responses: app.responses, logs: app.logs, secrets });
};
