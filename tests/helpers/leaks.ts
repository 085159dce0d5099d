import { createHash } from 'node:crypto';

import { confirmationTokenIn, emailedPasswordsIn, resetCodeIn } from './api';
import type { CapturedResponse, CapturedSecretKind } from './capture';
import type { CaughtMail } from './smtp';
import type { CUSTOMER_UID, TestApp } from './strapi';

/** Something no response but the one that handed it out, and no log line, may contain. */
export interface Secret {
  kind: CapturedSecretKind | 'typed password' | 'session token' | 'emailed token' | 'token digest';
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

const sessionStampOf = (token: string): string | undefined => {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      cs?: unknown;
    };
    return typeof payload.cs === 'string' ? payload.cs : undefined;
  } catch {
    return undefined;
  }
};

/** A session token the response handed to its client (login, reset and change-password). */
const sessionTokenIn = ({ body }: CapturedResponse): string | undefined => {
  if (!body.includes('"jwt"')) return undefined;
  try {
    const { jwt } = JSON.parse(body) as { jwt?: unknown };
    return typeof jwt === 'string' ? jwt : undefined;
  } catch {
    return undefined;
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
 * session stamp written, every session token handed out and the stamp it carries, and the codes
 * and tokens emailed to customers with the SHA-256 the plugin stores of each.
 */
export const secretsOf = (sources: SecretSources): Secret[] => {
  const secrets: Secret[] = [
    ...[...sources.typed].map((value): Secret => ({ kind: 'typed password', value })),
    ...[...sources.captured].map(({ kind, value }): Secret => ({ kind, value })),
  ];
  for (const response of sources.responses) {
    const token = sessionTokenIn(response);
    if (!token) continue;
    secrets.push({ kind: 'session token', value: token, issuedIn: [response] });
    const stamp = sessionStampOf(token);
    if (stamp) secrets.push({ kind: 'session stamp', value: stamp });
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
 * every password a default email shows was typed or seen generated, and every session token
 * carries a stamp seen written.
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
    [...sources.captured].filter(({ kind }) => kind === 'session stamp').map(({ value }) => value)
  );
  const unknownStamps = sources.responses
    .map(sessionTokenIn)
    .map((token) => (token ? sessionStampOf(token) : undefined))
    .filter((stamp): stamp is string => stamp !== undefined && !written.has(stamp));
  expect({ 'session stamps never seen written': unknownStamps }).toEqual({
    'session stamps never seen written': [],
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
