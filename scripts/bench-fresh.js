// The benchmark's production-mode site: the plugin's npm tarball installed into a fresh Strapi 5.54
// app with users-permissions (tests/tarball/app plus scripts/bench-app), started with
// `strapi start` and NODE_ENV=production on a new SQLite file or PostgreSQL database.
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes, createHash } = require('node:crypto');
const {
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const PLUGIN_NAME = 'strapi-plugin-customer-login';
const appDir = () =>
  path.resolve(
    process.env.BENCH_APP_DIR ??
      path.join(root, 'node_modules', '.cache', 'customer-login-bench-app')
  );

const lockedVersion = (name) =>
  JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')).packages[
    `node_modules/${name}`
  ].version;

let prepared = false;

/**
 * Packs dist/ as `npm publish` would and installs it into the bench app, once per process (the
 * parts that use it share it); the app's other packages stay installed between runs, so only the
 * plugin is unpacked again.
 */
const prepareFreshApp = () => {
  if (prepared) return;
  const dir = appDir();
  const packDir = mkdtempSync(path.join(tmpdir(), 'customer-login-bench-pack-'));
  try {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
        // Another checkout's build, to compare with: BENCH_PLUGIN_DIR.
        cwd: path.resolve(process.env.BENCH_PLUGIN_DIR ?? root),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      })
    );
    const tarball = path.join(packDir, packed.filename);
    for (const sub of ['config', 'src', 'plugin']) {
      rmSync(path.join(dir, sub), { recursive: true, force: true });
    }
    cpSync(path.join(root, 'tests', 'tarball', 'app'), dir, { recursive: true });
    cpSync(path.join(__dirname, 'bench-app'), dir, { recursive: true });
    mkdirSync(path.join(dir, 'public', 'uploads'), { recursive: true });
    const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex').slice(0, 12);
    const name = `${path.basename(tarball, '.tgz')}-${digest}.tgz`;
    mkdirSync(path.join(dir, 'plugin'));
    copyFileSync(tarball, path.join(dir, 'plugin', name));
    rmSync(path.join(dir, 'node_modules', PLUGIN_NAME), { recursive: true, force: true });

    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    Object.assign(manifest.dependencies, {
      '@strapi/plugin-users-permissions': lockedVersion('@strapi/plugin-users-permissions'),
      pg: lockedVersion('pg'),
      [PLUGIN_NAME]: `file:plugin/${name}`,
    });
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], {
      cwd: dir,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    prepared = true;
  } finally {
    rmSync(packDir, { recursive: true, force: true });
  }
};

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const postgresAdmin = async (statement) => {
  const { Client } = require('pg');
  const client = new Client({
    host: process.env.DATABASE_HOST ?? '127.0.0.1',
    port: Number(process.env.DATABASE_PORT ?? 5432),
    user: process.env.DATABASE_USERNAME ?? 'postgres',
    password: process.env.DATABASE_PASSWORD ?? '',
    database: process.env.DATABASE_NAME ?? 'test',
  });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
};

/**
 * A site of the bench app on a database of its own (a new SQLite file, or a new PostgreSQL
 * database), started with `strapi start` as often as asked, as deploys restart a site on the
 * database it has.
 *
 * @returns `start()`, and `drop()`, which deletes the database.
 */
const createFreshSite = async ({ client }) => {
  const dir = appDir();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'customer-login-bench-db-'));
  const database = `bench_${randomBytes(6).toString('hex')}`;
  if (client === 'postgres') await postgresAdmin(`CREATE DATABASE ${database}`);
  // The site's own, kept across its restarts.
  const secrets = Object.fromEntries(
    [
      'CUSTOMER_LOGIN_JWT_SECRET',
      'USERS_PERMISSIONS_JWT_SECRET',
      'ADMIN_JWT_SECRET',
      'API_TOKEN_SALT',
      'TRANSFER_TOKEN_SALT',
    ].map((name) => [name, randomBytes(24).toString('hex')])
  );

  /**
   * Starts the site, whose bootstrap seeds (./bench-app/src/seed.js) one account of each plugin
   * that has `password` and `extra` more customers and users, unless the database has them.
   *
   * @returns its base URL, the time from spawning it to "Strapi started successfully" (bootMs),
   * its log until then, and `stop()`.
   */
  const start = async ({ password, extra = 0, smtpPort = 9 }) => {
    const port = await freePort();
    const spawned = performance.now();
    const child = spawn(
      process.execPath,
      [path.join(dir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start'],
      {
        cwd: dir,
        env: {
          ...process.env,
          ...secrets,
          NODE_ENV: 'production',
          STRAPI_TELEMETRY_DISABLED: 'true',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATABASE_CLIENT: client,
          DATABASE_FILENAME: path.join(dataDir, 'bench.db'),
          DATABASE_NAME: database,
          SMTP_PORT: String(smtpPort),
          BENCH_PASSWORD: password,
          BENCH_EXTRA: String(extra),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      }
    );
    const closed = new Promise((resolve) => child.once('close', resolve));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
    };
    let output = '';
    let log;
    try {
      await new Promise((resolve, reject) => {
        const onData = (chunk) => {
          // Once started, the request log is read and dropped, as a process manager's would be.
          if (output === undefined) return;
          output += chunk.toString();
          if (output.includes('Strapi started successfully')) {
            log = output;
            output = undefined;
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`bench app exited (${code}):\n${output}`)));
      });
    } catch (error) {
      await stop();
      throw error;
    }
    return {
      baseUrl: `http://127.0.0.1:${port}`,
      bootMs: performance.now() - spawned,
      log,
      stop,
    };
  };

  const drop = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    if (client === 'postgres')
      await postgresAdmin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  };
  return { start, drop };
};

/**
 * Starts the bench app on a new database, seeded with one account of each plugin that has
 * `password`.
 *
 * @returns its base URL and `stop()`, which also deletes the database.
 */
const startFreshApp = async ({ client, password, smtpPort = 9 }) => {
  const site = await createFreshSite({ client });
  let app;
  try {
    app = await site.start({ password, smtpPort });
  } catch (error) {
    await site.drop();
    throw error;
  }
  return {
    baseUrl: app.baseUrl,
    stop: async () => {
      await app.stop();
      await site.drop();
    },
  };
};

module.exports = { createFreshSite, postgresAdmin, prepareFreshApp, startFreshApp };
