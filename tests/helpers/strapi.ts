import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Writable } from 'node:stream';

import { winston } from '@strapi/logger';
import { createStrapi, type Core } from '@strapi/strapi';
import request from 'supertest';

import {
  captureSecrets,
  expectDatabaseClient,
  type CapturedResponse,
  type CapturedSecretKind,
} from './capture';
import {
  createTestDatabase,
  databaseEnvironment,
  type OwnedTestDatabase,
  type TestDatabase,
} from './database';
import { startSmtpCatcher, type SmtpCatcher } from './smtp';

export { createTestDatabase, databaseEnvironment, type TestDatabase } from './database';

export const APP_DIR = path.resolve(__dirname, '..', 'app');
export const CUSTOMER_UID = 'api::customer.customer';

export interface TestApp {
  strapi: Core.Strapi;
  smtp: SmtpCatcher;
  /** Everything Strapi logged, at every level. */
  logs: string[];
  /** Every response body the HTTP server sent, with the URL it answered (as requested). */
  responses: CapturedResponse[];
  /** A fresh supertest agent on the booted server. */
  http: () => ReturnType<typeof request>;
  /** Bearer token of the super admin registered at boot. */
  adminToken: string;
  /** Plaintext passwords the tests typed: none may ever show up in a response or a log. */
  secrets: Set<string>;
  /** Every password hash and refresh token digest written and every password generated, as they were. */
  captured: CapturedSecret[];
  /** http://127.0.0.1:PORT when the app listens (serveAdmin, listen), else undefined. */
  baseUrl?: string;
  /** Where this app keeps its data (see TestAppOptions.database). */
  database: TestDatabase;
  /** Stops the app, and drops its database unless it was given one. */
  stop(): Promise<void>;
}

export type { CapturedResponse } from './capture';

/** A secret the app made or wrote while it ran (tests/helpers/capture.js). */
export interface CapturedSecret {
  kind: CapturedSecretKind;
  value: string;
}

export interface TestAppOptions {
  /** Keys merged into the plugin's configuration for this boot only. */
  pluginConfig?: Record<string, unknown>;
  /** Switches of the test app's customer type (tests/app/src/api/customer). */
  customerType?: { draftAndPublish?: boolean; localized?: boolean };
  /** Also load @strapi/plugin-graphql (the Content API security tests). */
  graphql?: boolean;
  /**
   * Also load @strapi/plugin-users-permissions, signing with this plugin's secret: the hardest
   * case for telling the two plugins' tokens apart.
   */
  usersPermissions?: boolean;
  /** The app's `api.responses.privateAttributes` for this boot (none unless given). */
  apiPrivateAttributes?: string[];
  /** NODE_ENV for this boot; `test` unless given. */
  nodeEnv?: string;
  /**
   * Serve the built admin panel and listen on a free port (browser tests). Boots the compiled app
   * in tests/app/dist, which `npm run build:test-app` writes.
   */
  serveAdmin?: boolean;
  /**
   * Boot on this database (from `createTestDatabase()`) instead of a fresh one, and leave it in
   * place on stop: the caller drops it. Strapi keeps process-wide state, so only one app may run
   * in a process at a time; another process joins with the env `databaseEnvironment(database)`.
   */
  database?: TestDatabase;
  /** Listen on a free port (`baseUrl`), for clients other than supertest. */
  listen?: boolean;
  /**
   * Trust X-Forwarded-For as a site behind one load balancer does (`server.proxy`), so requests
   * can come from the client the header names. Off unless given.
   */
  trustProxy?: boolean;
}

export const SUPER_ADMIN = {
  email: 'admin@shop.test',
  firstname: 'Ada',
  lastname: 'Admin',
  password: 'Sup3rAdminPass!',
};

const setTestEnvironment = (database: TestDatabase, smtpPort: number, options: TestAppOptions) => {
  Object.assign(process.env, {
    NODE_ENV: options.nodeEnv ?? 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'none',
    ...databaseEnvironment(database),
    SMTP_PORT: String(smtpPort),
    CUSTOMER_LOGIN_JWT_SECRET: 'test-customer-login-jwt-secret-0123456789',
    CUSTOMER_LOGIN_CONFIG: JSON.stringify(options.pluginConfig ?? {}),
    CUSTOMER_DRAFT_AND_PUBLISH: String(options.customerType?.draftAndPublish === true),
    CUSTOMER_LOCALIZED: String(options.customerType?.localized === true),
    WITH_GRAPHQL: String(options.graphql === true),
    WITH_USERS_PERMISSIONS: String(options.usersPermissions === true),
    USERS_PERMISSIONS_JWT_SECRET: options.usersPermissions
      ? 'test-customer-login-jwt-secret-0123456789'
      : 'bench-users-permissions-secret',
    // Always written: a worker process boots apps of several test files in turn.
    API_PRIVATE_ATTRIBUTES: (options.apiPrivateAttributes ?? []).join(','),
    SERVER_PROXY: String(options.trustProxy === true),
  });
};

/** Keeps every log line in memory instead of printing it: tests read them, jest stays quiet. */
const captureLogs = (strapi: Core.Strapi, logs: string[]) => {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  strapi.log.clear();
  strapi.log.level = 'silly';
  strapi.log.add(
    new winston.transports.Stream({ stream: sink, format: winston.format.simple(), level: 'silly' })
  );
};

/**
 * Boots the test app (tests/app) with the built plugin on a fresh database (a temporary SQLite
 * file, or with DATABASE_CLIENT=postgres|mysql a new schema or database on that server), wired to
 * a real SMTP server on 127.0.0.1, and registers the first super admin through the admin API.
 *
 * @throws Error naming the server and how to start it when PostgreSQL or MariaDB is unreachable.
 */
export const startTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  // A database given by the caller stays; one created here goes with the app.
  const database: TestDatabase & Partial<Pick<OwnedTestDatabase, 'drop'>> = options.database
    ? { client: options.database.client, name: options.database.name }
    : await createTestDatabase();
  const dropDatabase = async () => database.drop?.();
  const smtp = await startSmtpCatcher().catch(async (error: unknown) => {
    await dropDatabase();
    throw error;
  });
  setTestEnvironment(database, smtp.port, options);

  const logs: string[] = [];
  const responses: CapturedResponse[] = [];
  const captured: CapturedSecret[] = [];
  const instance = createStrapi({
    appDir: APP_DIR,
    distDir: options.serveAdmin ? path.join(APP_DIR, 'dist') : APP_DIR,
    autoReload: false,
    serveAdminPanel: options.serveAdmin === true,
  });
  captureLogs(instance, logs);

  const stop = async () => {
    try {
      await instance.destroy();
    } finally {
      // Even when Strapi fails to stop, a schema or database left behind would outlive the run.
      await smtp.close();
      await dropDatabase();
    }
  };
  const http = () => request(instance.server.httpServer);
  let adminToken: string;
  let baseUrl: string | undefined;
  try {
    await instance.load();
    await expectDatabaseClient(instance, database.client);
    captureSecrets(instance, {
      onSecret: (kind, value) => captured.push({ kind, value }),
      onResponse: (response) => responses.push(response),
    });
    await instance.server.mount();
    if (options.serveAdmin || options.listen) {
      const { httpServer } = instance.server;
      await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
      baseUrl = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
    }
    // A database used before has its super admin already.
    const init = await http().get('/admin/init').expect(200);
    const session = (init.body as { data: { hasAdmin: boolean } }).data.hasAdmin
      ? await http()
          .post('/admin/login')
          .send({ email: SUPER_ADMIN.email, password: SUPER_ADMIN.password })
          .expect(200)
      : await http().post('/admin/register-admin').send(SUPER_ADMIN).expect(200);
    adminToken = (session.body as { data: { token: string } }).data.token;
  } catch (error) {
    // A half-booted app may fail to destroy: still free the port and the database.
    await instance.destroy().catch(() => undefined);
    await smtp.close();
    await dropDatabase();
    throw error;
  }

  return {
    strapi: instance,
    smtp,
    logs,
    responses,
    http,
    adminToken,
    baseUrl,
    secrets: new Set([SUPER_ADMIN.password]),
    captured,
    database: { client: database.client, name: database.name },
    stop,
  };
};
