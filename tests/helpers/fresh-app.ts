import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import request, { type Test } from 'supertest';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const PLUGIN_NAME = 'strapi-plugin-customer-login';

/**
 * The fresh app's folder, kept between runs so that only the plugin is reinstalled (see
 * tests/tarball/global-setup.ts). Under the repository's node_modules, so a fresh clone (CI)
 * installs the app from scratch; TARBALL_APP_DIR puts it elsewhere.
 */
export const freshAppDir = () =>
  path.resolve(
    process.env.TARBALL_APP_DIR ??
      path.join(REPO_ROOT, 'node_modules', '.cache', 'customer-login-tarball-app')
  );

/** Preloaded into the app's process: reports modules resolved outside the app's folder. */
const GUARD = path.join(__dirname, 'only-app-modules.js');
/** The guard's report line, followed by the file and who asked for it. */
export const OUTSIDE_APP = 'OUTSIDE-APP';

export interface Exchange {
  method: string;
  url: string;
  status: number;
  text: string;
}

export interface FreshApp {
  baseUrl: string;
  /** Everything the app's process printed, stdout and stderr, without colours. */
  log(): string;
  /** The log's last lines, marked so that jest does not read its stack traces as the test's. */
  logTail(lines?: number): string;
  /** Every request the test made and the body it got back, in order. */
  exchanges: Exchange[];
  /** The app's SQLite file. */
  databaseFile: string;
  http(): {
    get(url: string): Test;
    post(url: string): Test;
    put(url: string): Test;
    delete(url: string): Test;
  };
  /**
   * Resolves when the log matches `pattern`, or after `timeoutMs` in any case: only for
   * reporting a failure, whose log lines may still be on their way through the pipe.
   */
  logSettled(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Stops the app (SIGTERM, as a process manager does) and waits until its output is complete. */
  stop(): Promise<void>;
  /** Stops the app and deletes its database. */
  remove(): Promise<void>;
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

/**
 * Starts the installed fresh app as a site does (`strapi start` in its folder, NODE_ENV
 * production), on a new SQLite file and a free port, with its email going to `smtpPort`.
 * Resolves once Strapi says it started.
 *
 * @throws Error with the app's output when it exits or does not start within `timeoutMs`.
 */
export const startFreshApp = async ({
  smtpPort,
  env = {},
  timeoutMs = 90_000,
}: {
  smtpPort: number;
  env?: Record<string, string>;
  timeoutMs?: number;
}): Promise<FreshApp> => {
  const appDir = freshAppDir();
  const bin = path.join(appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js');
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: the tarball layer's global setup installs the app.`);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), 'customer-login-tarball-db-'));
  const databaseFile = path.join(dataDir, 'data.db');
  const port = await freePort();
  const chunks: string[] = [];
  const log = () => chunks.join('').replace(ANSI, '');
  const listeners = new Set<() => void>();

  const child = spawn(process.execPath, [bin, 'start'], {
    cwd: appDir,
    env: {
      ...process.env,
      ...env,
      NODE_ENV: 'production',
      NODE_OPTIONS: `--require ${GUARD}`,
      STRAPI_TELEMETRY_DISABLED: 'true',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_FILENAME: databaseFile,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(smtpPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const keep = (chunk: Buffer) => {
    chunks.push(chunk.toString());
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await closed;
  };
  const remove = async () => {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`the fresh app did not start within ${timeoutMs} ms:\n${log()}`));
      }, timeoutMs);
      const started = () => {
        if (!log().includes('Strapi started successfully')) return;
        clearTimeout(timer);
        listeners.delete(started);
        resolve();
      };
      listeners.add(started);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the fresh app exited (${code ?? signal}) before it started:\n${log()}`));
      });
    });
  } catch (error) {
    await remove();
    throw error;
  }

  const baseUrl = `http://127.0.0.1:${port}`;
  const exchanges: Exchange[] = [];
  const record = (test: Test) => {
    test.on('response', (res: request.Response) => {
      exchanges.push({ method: test.method, url: test.url, status: res.status, text: res.text });
    });
  };
  return {
    baseUrl,
    log,
    logTail: (lines = 40) =>
      log()
        .trimEnd()
        .split('\n')
        .slice(-lines)
        .map((line) => `| ${line}`)
        .join('\n'),
    exchanges,
    databaseFile,
    http() {
      const client = request(baseUrl);
      return {
        get: (url) => client.get(url).use(record),
        post: (url) => client.post(url).use(record),
        put: (url) => client.put(url).use(record),
        delete: (url) => client.delete(url).use(record),
      };
    },
    logSettled: (pattern, timeoutMs = 2_000) =>
      new Promise<void>((resolve) => {
        const done = () => {
          if (!pattern.test(log())) return;
          clearTimeout(timer);
          listeners.delete(done);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(done);
          resolve();
        }, timeoutMs);
        listeners.add(done);
        done();
      }),
    stop,
    remove,
  };
};
