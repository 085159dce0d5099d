import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';

import { winston } from '@strapi/logger';
import { createStrapi, type Core } from '@strapi/strapi';
import request from 'supertest';

import { startSmtpCatcher, type SmtpCatcher } from './smtp';

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
  /** http://127.0.0.1:PORT when the app listens (serveAdmin), else undefined. */
  baseUrl?: string;
  stop(): Promise<void>;
}

export interface CapturedResponse {
  url: string;
  body: string;
}

export interface TestAppOptions {
  /** Keys merged into the plugin's configuration for this boot only. */
  pluginConfig?: Record<string, unknown>;
  /** Switches of the test app's customer type (tests/app/src/api/customer). */
  customerType?: { draftAndPublish?: boolean; localized?: boolean };
  /** NODE_ENV for this boot; `test` unless given. */
  nodeEnv?: string;
  /**
   * Serve the built admin panel and listen on a free port (browser tests). Boots the compiled app
   * in tests/app/dist, which `strapi build` writes (see tests/browser/global-setup.ts).
   */
  serveAdmin?: boolean;
}

export const SUPER_ADMIN = {
  email: 'admin@shop.test',
  firstname: 'Ada',
  lastname: 'Admin',
  password: 'Sup3rAdminPass!',
};

const setTestEnvironment = (databaseFile: string, smtpPort: number, options: TestAppOptions) => {
  Object.assign(process.env, {
    NODE_ENV: options.nodeEnv ?? 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'none',
    DATABASE_FILENAME: databaseFile,
    SMTP_PORT: String(smtpPort),
    CUSTOMER_LOGIN_JWT_SECRET: 'test-customer-login-jwt-secret-0123456789',
    CUSTOMER_LOGIN_CONFIG: JSON.stringify(options.pluginConfig ?? {}),
    CUSTOMER_DRAFT_AND_PUBLISH: String(options.customerType?.draftAndPublish === true),
    CUSTOMER_LOCALIZED: String(options.customerType?.localized === true),
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

/** Records every body the server writes, whoever the client is. */
const captureResponses = (strapi: Core.Strapi, responses: CapturedResponse[]) => {
  strapi.server.httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    // Read now: a route may rewrite req.url before answering (the plugin masks tokens there).
    const url = req.url ?? '';
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      }
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((...args: unknown[]) => {
      keep(args[0]);
      return write(...args);
    }) as typeof res.write;
    res.end = ((...args: unknown[]) => {
      keep(args[0]);
      responses.push({ url, body: Buffer.concat(chunks).toString() });
      return end(...args);
    }) as typeof res.end;
  });
};

/**
 * Boots the test app (tests/app) with the built plugin on a fresh SQLite file, wired to a real SMTP
 * server on 127.0.0.1, and registers the first super admin through the admin API.
 */
export const startTestApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const smtp = await startSmtpCatcher();
  const workDir = path.join(tmpdir(), `customer-login-${randomUUID()}`);
  mkdirSync(workDir, { recursive: true });
  setTestEnvironment(path.join(workDir, 'data.db'), smtp.port, options);

  const logs: string[] = [];
  const responses: CapturedResponse[] = [];
  const instance = createStrapi({
    appDir: APP_DIR,
    distDir: options.serveAdmin ? path.join(APP_DIR, 'dist') : APP_DIR,
    autoReload: false,
    serveAdminPanel: options.serveAdmin === true,
  });
  captureLogs(instance, logs);

  let strapi: Core.Strapi;
  try {
    strapi = await instance.load();
  } catch (error) {
    await instance.destroy().catch(() => undefined);
    await smtp.close();
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
  await strapi.server.mount();
  captureResponses(strapi, responses);
  let baseUrl: string | undefined;
  if (options.serveAdmin) {
    await new Promise<void>((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(strapi.server.httpServer.address() as AddressInfo).port}`;
  }

  const http = () => request(strapi.server.httpServer);
  const registered = await http().post('/admin/register-admin').send(SUPER_ADMIN).expect(200);
  const adminToken = (registered.body as { data: { token: string } }).data.token;

  return {
    strapi,
    smtp,
    logs,
    responses,
    http,
    adminToken,
    baseUrl,
    secrets: new Set([SUPER_ADMIN.password]),
    async stop() {
      await strapi.destroy();
      await smtp.close();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
};
