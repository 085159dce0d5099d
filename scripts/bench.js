// `npm run bench`: customer login against users-permissions' login on the same bcrypt rounds, the
// latency of a cheap request while logins run, customer sessions (login, refresh, GET /me) against
// users-permissions' in its `jwtManagement: 'refresh'` mode, Strapi's boot time with and without
// the plugin, and login and restart with 100,000 customers.
// Ratios against a baseline measured in the same run, printed and written to BENCHMARKS.md.
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const { CUSTOMER_EMAIL, USER_EMAIL, seedBenchAccounts } = require('./bench-app/src/seed');

const root = path.resolve(__dirname, '..');
const appDir = path.join(root, 'tests', 'app');

const LOGIN_ROUNDS = Number(process.env.BENCH_LOGINS ?? 200);
const BOOTS = Number(process.env.BENCH_BOOTS ?? 10);
// Boots counted under valgrind (about 2.5 min each here, two at a time); 0 skips them.
const COUNTED_BOOTS = Number(process.env.BENCH_COUNTED_BOOTS ?? 3);
const CONCURRENT_LOGINS = 20;
const CHEAP_REQUESTS = Number(process.env.BENCH_CHEAP ?? 400);
const BULK_CUSTOMERS = Number(process.env.BENCH_BULK ?? 1000);
// Customers (and users-permissions users) beside the accounts that log in, in the scale part.
const SCALE = Number(process.env.BENCH_SCALE ?? 100000);
const SCALE_RESTARTS = Number(process.env.BENCH_SCALE_RESTARTS ?? 3);
/** What to measure: any of logins, sessions, fresh, bulk, boots, scale (the last only when named). */
const PARTS = new Set((process.env.BENCH_PARTS ?? 'logins,sessions,fresh,bulk,boots').split(','));
const FRESH_DATABASES = (process.env.BENCH_FRESH_DATABASES ?? 'sqlite,postgres').split(',');
const BULK_DATABASES = (process.env.BENCH_BULK_DATABASES ?? 'sqlite,postgres').split(',');

const quantile = (values, q) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};
const median = (values) => quantile(values, 0.5);
const round = (value) => Math.round(value * 10) / 10;

const setEnvironment = (workDir, withCustomerLogin, smtpPort = 9, schema = undefined) => {
  Object.assign(process.env, {
    NODE_ENV: 'production',
    DATABASE_CLIENT: schema ? 'postgres' : 'sqlite',
    DATABASE_SCHEMA: schema ?? 'public',
    STRAPI_TELEMETRY_DISABLED: 'true',
    DATABASE_FILENAME: path.join(workDir, 'bench.db'),
    WITH_USERS_PERMISSIONS: 'true',
    WITH_CUSTOMER_LOGIN: String(withCustomerLogin),
    SMTP_PORT: String(smtpPort),
    // nodemailer's pooled transport, which the README names as the setting for large sends.
    SMTP_POOL: 'true',
    // Twenty concurrent logins of one customer count as twenty attempts until each succeeds; the
    // limit is raised as users-permissions' own limiter is turned off (tests/app/config/plugins.js).
    CUSTOMER_LOGIN_CONFIG: JSON.stringify({ lockout: { maxAttempts: 1000, window: '15m' } }),
  });
};

/** Boots the test app in this process (on the database in workDir, or a new one) and listens. */
const boot = async (
  withCustomerLogin,
  workDir = mkdtempSync(path.join(tmpdir(), 'customer-login-bench-')),
  smtpPort = 9,
  schema = undefined
) => {
  const { createStrapi } = require('@strapi/strapi');
  setEnvironment(workDir, withCustomerLogin, smtpPort, schema);
  const instance = createStrapi({
    appDir,
    distDir: appDir,
    autoReload: false,
    serveAdminPanel: false,
  });
  instance.log.level = 'error';
  const strapi = await instance.load();
  await strapi.server.mount();
  await new Promise((resolve) => strapi.server.httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = strapi.server.httpServer.address();
  return { strapi, baseUrl: `http://127.0.0.1:${port}`, workDir };
};

const post = (url, body) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

const timed = async (request) => {
  const start = performance.now();
  const res = await request();
  await res.arrayBuffer();
  if (res.status !== 200 && res.status !== 204) {
    throw new Error(`unexpected ${res.status} from ${new URL(res.url).pathname}`);
  }
  return performance.now() - start;
};

const PASSWORD = 'bench-password-1';

// The logins of the two accounts scripts/bench-app/src/seed.js creates, on the app at baseUrl.
const customerLoginOn = (baseUrl) => () =>
  post(`${baseUrl}/api/customer-login/auth/login`, { email: CUSTOMER_EMAIL, password: PASSWORD });
const usersPermissionsLoginOn = (baseUrl) => () =>
  post(`${baseUrl}/api/auth/local`, { identifier: USER_EMAIL, password: PASSWORD });

/**
 * Times each request LOGIN_ROUNDS times, one of each in turn, so that all see the same machine
 * load, after 20 untimed rounds.
 *
 * @returns each request's times, in the order of `requests`.
 */
const interleave = async (requests) => {
  for (let i = 0; i < 20; i += 1) for (const request of requests) await timed(request);
  const times = requests.map(() => []);
  for (let i = 0; i < LOGIN_ROUNDS; i += 1) {
    for (const [k, request] of requests.entries()) times[k].push(await timed(request));
  }
  return times;
};

/**
 * Customer login against users-permissions' on the app at baseUrl; then the latency of a cheap
 * request, idle and while CONCURRENT_LOGINS customer logins run.
 */
const compareLogins = async (baseUrl) => {
  const customerLogin = customerLoginOn(baseUrl);
  const [ours, theirs] = await interleave([customerLogin, usersPermissionsLoginOn(baseUrl)]);

  const cheap = () => fetch(`${baseUrl}/_health`);
  const idle = [];
  for (let i = 0; i < CHEAP_REQUESTS; i += 1) idle.push(await timed(cheap));

  let running = true;
  const loaders = Array.from({ length: CONCURRENT_LOGINS }, async () => {
    while (running) await timed(customerLogin);
  });
  const loaded = [];
  for (let i = 0; i < CHEAP_REQUESTS; i += 1) loaded.push(await timed(cheap));
  running = false;
  await Promise.all(loaders);

  return { ours, theirs, idle, loaded };
};

const measureLogins = async () => {
  const { strapi, baseUrl, workDir } = await boot(true);
  try {
    await seedBenchAccounts(strapi, { password: PASSWORD });
    return await compareLogins(baseUrl);
  } finally {
    await strapi.destroy();
    rmSync(workDir, { recursive: true, force: true });
  }
};

const CUSTOMER_REFRESH = '/api/customer-login/auth/refresh';

/**
 * A session from one login, refreshed in a chain: each refresh sends the refresh token of the answer
 * before it, since both plugins rotate it (and customer-login ends the session when a used one comes
 * back), and keeps the newest access token for the session's authenticated requests.
 */
const sessionOf = async (baseUrl, login, refreshPath) => {
  const res = await login();
  const body = await res.json();
  if (res.status !== 200 || typeof body.jwt !== 'string' || typeof body.refreshToken !== 'string') {
    throw new Error(`a login before ${refreshPath} answered ${res.status} without a token pair`);
  }
  const session = { jwt: body.jwt, refreshToken: body.refreshToken };
  session.refresh = async () => {
    const answer = await post(`${baseUrl}${refreshPath}`, { refreshToken: session.refreshToken });
    if (answer.status === 200) {
      // A copy, so that timed() still reads the whole answer itself.
      const pair = await answer.clone().json();
      if (typeof pair.jwt !== 'string' || typeof pair.refreshToken !== 'string') {
        throw new Error(`${refreshPath} answered 200 without a token pair`);
      }
      Object.assign(session, { jwt: pair.jwt, refreshToken: pair.refreshToken });
    }
    return answer;
  };
  session.get = (pathname) => () =>
    fetch(`${baseUrl}${pathname}`, { headers: { authorization: `Bearer ${session.jwt}` } });
  return session;
};

/**
 * Whether customer-login has sessions yet: a refresh route that answers anything but 404 or 405 to
 * a token that is not one (no session of the bench's is touched).
 */
const hasCustomerRefresh = async (baseUrl) => {
  const res = await post(`${baseUrl}${CUSTOMER_REFRESH}`, { refreshToken: 'not-a-refresh-token' });
  await res.arrayBuffer();
  return res.status !== 404 && res.status !== 405;
};

/**
 * Customer sessions against users-permissions' in `jwtManagement: 'refresh'` mode (the test app's
 * setting), on the app and accounts of the logins part: login, refresh and an authenticated GET of
 * the signed-in account, one of each per plugin in every round. Each plugin refreshes one session
 * in a chain, and its GET carries the access token of the latest refresh, so that no token expires
 * however long the run takes (users-permissions' access tokens live 10 minutes by default).
 *
 * @returns each request's times by name, without the customer's when customer-login has no refresh.
 */
const measureSessions = async () => {
  const { strapi, baseUrl, workDir } = await boot(true);
  try {
    await seedBenchAccounts(strapi, { password: PASSWORD });
    const mode = strapi.config.get('plugin::users-permissions.jwtManagement');
    if (mode !== 'refresh') {
      throw new Error(`users-permissions runs in jwtManagement '${mode}', not 'refresh'`);
    }
    const theirs = await sessionOf(baseUrl, usersPermissionsLoginOn(baseUrl), '/api/auth/refresh');
    const requests = {
      usersPermissionsLogin: usersPermissionsLoginOn(baseUrl),
      usersPermissionsRefresh: theirs.refresh,
      usersPermissionsMe: theirs.get('/api/users/me'),
    };
    if (await hasCustomerRefresh(baseUrl)) {
      const ours = await sessionOf(baseUrl, customerLoginOn(baseUrl), CUSTOMER_REFRESH);
      Object.assign(requests, {
        customerLogin: customerLoginOn(baseUrl),
        customerRefresh: ours.refresh,
        customerMe: ours.get('/api/customer-login/me'),
      });
    } else {
      console.log(
        `sessions: POST ${CUSTOMER_REFRESH} answers 404 or 405, so customer-login has no sessions to measure yet; users-permissions' side only, BENCHMARKS.md keeps its last sessions rows`
      );
    }
    // Each customer request just before its users-permissions counterpart, as the logins part.
    const order = ['Login', 'Refresh', 'Me'].flatMap((what) =>
      [`customer${what}`, `usersPermissions${what}`].filter((name) => name in requests)
    );
    const times = await interleave(order.map((name) => requests[name]));
    return Object.fromEntries(order.map((name, k) => [name, times[k]]));
  } finally {
    await strapi.destroy();
    rmSync(workDir, { recursive: true, force: true });
  }
};

/** The same comparison on the production-mode site of scripts/bench-fresh.js, per database. */
const measureFreshLogins = async () => {
  const { prepareFreshApp, startFreshApp } = require('./bench-fresh');
  prepareFreshApp();
  const results = {};
  for (const client of FRESH_DATABASES) {
    const app = await startFreshApp({ client, password: PASSWORD });
    try {
      results[client] = await compareLogins(app.baseUrl);
    } finally {
      await app.stop();
    }
  }
  return results;
};

const expectInLog = (log, text) => {
  if (!log.includes(text)) throw new Error(`expected "${text}" in the bench app's log:\n${log}`);
};

/**
 * Login and restart with SCALE more customers and users-permissions users than the accounts that
 * log in, on the production-mode site, per database. Two sites, one with the extras and one
 * without, run at once and their logins interleave, so that "flat" compares logins under the same
 * machine load; then their restarts alternate.
 */
const measureScale = async () => {
  const { createFreshSite, prepareFreshApp } = require('./bench-fresh');
  prepareFreshApp();
  const results = {};
  for (const client of FRESH_DATABASES) {
    const sites = {};
    const running = new Set();
    const start = async (site) => {
      const extra = site === 'many' ? SCALE : 0;
      const app = await sites[site].start({ password: PASSWORD, extra });
      running.add(app);
      return app;
    };
    const stop = async (app) => {
      await app.stop();
      running.delete(app);
    };
    try {
      sites.one = await createFreshSite({ client });
      sites.many = await createFreshSite({ client });
      // The first boot creates the schema and seeds. The plugin's bootstrap, which runs before the
      // app's, indexes the extra customers at the next boot, as it does rows a site imports.
      const seedStart = performance.now();
      const seeding = await start('many');
      expectInLog(seeding.log, `bench: seeded ${SCALE} extra customers and users`);
      await stop(seeding);
      const seedMs = performance.now() - seedStart;
      const many = await start('many');
      expectInLog(many.log, `updated ${SCALE} entries of the index of login addresses`);
      expectInLog(many.log, 'bench: seeded 0 extra customers and users');
      const indexingBootMs = many.bootMs;
      const one = await start('one');
      const loginStart = performance.now();
      const [customerOne, usersOne, customerMany, usersMany] = await interleave([
        customerLoginOn(one.baseUrl),
        usersPermissionsLoginOn(one.baseUrl),
        customerLoginOn(many.baseUrl),
        usersPermissionsLoginOn(many.baseUrl),
      ]);
      const loginMs = performance.now() - loginStart;
      await stop(one);
      await stop(many);

      // Both sites have had a first boot: each of these is a restart on a database with its schema.
      const restarts = { one: [], many: [] };
      const restartStart = performance.now();
      for (let i = 0; i < SCALE_RESTARTS; i += 1) {
        for (const site of ['one', 'many']) {
          const app = await start(site);
          if (app.log.includes('entries of the index of login addresses')) {
            throw new Error(`a restart found the index of login addresses behind:\n${app.log}`);
          }
          restarts[site].push(app.bootMs);
          await stop(app);
        }
      }
      const ms = (value) => `${Math.round(value / 100) / 10} s`;
      const seeded = /bench: seeded \d+ extra customers and users in (\d+) ms/.exec(seeding.log);
      console.log(
        `scale, ${client}: first boot ${ms(seedMs)} (seed ${ms(Number(seeded[1]))}), indexing boot ${ms(indexingBootMs)}, logins ${ms(loginMs)}, restarts ${ms(performance.now() - restartStart)}`
      );
      results[client] = {
        logins: { customerOne, usersOne, customerMany, usersMany },
        indexingBootMs,
        restarts,
      };
    } finally {
      for (const app of running) await app.stop();
      for (const site of Object.values(sites)) await site.drop();
    }
  }
  return results;
};

/** An SMTP server that accepts every message and counts them. */
const startSmtpSink = async () => {
  const { SMTPServer } = require('smtp-server');
  const sink = { received: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        sink.received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    sink,
    port: server.server.address().port,
    close: () => new Promise((r) => server.close(r)),
  };
};

/**
 * Bulk "Generate and send credentials" to BULK_CUSTOMERS customers through a local SMTP server, in
 * requests of 500, next to the rate at which this machine hashes passwords through the plugin's
 * bcrypt workers: every customer needs one hash, so that rate is the ceiling.
 */
const measureBulk = async (client) => {
  const { postgresAdmin } = require('./bench-fresh');
  // On PostgreSQL, a schema of its own in the test database, as the integration tests use.
  const schema = client === 'postgres' ? `bench_${Date.now()}` : undefined;
  if (schema) await postgresAdmin(`CREATE SCHEMA ${schema}`);
  const smtp = await startSmtpSink();
  const { strapi, baseUrl, workDir } = await boot(true, undefined, smtp.port, schema);
  try {
    const { randomBytes } = require('node:crypto');
    const now = new Date();
    const customers = Array.from({ length: BULK_CUSTOMERS }, (_, i) => ({
      documentId: randomBytes(12).toString('hex').slice(0, 24),
      firstName: `Bulk ${i}`,
      email: `bulk-${i}@shop.test`,
      loginEnabled: true,
      emailConfirmed: true,
      publishedAt: now,
    }));
    await strapi.db.query('api::customer.customer').createMany({ data: customers });
    const registered = await post(`${baseUrl}/admin/register-admin`, {
      email: 'bench-admin@shop.test',
      firstname: 'Bench',
      lastname: 'Admin',
      password: 'Bench-Admin-Pass-1',
    });
    const { token } = (await registered.json()).data;

    const passwords = strapi.plugin('customer-login').service('passwords');
    const hashes = 100;
    const hashStart = performance.now();
    await Promise.all(Array.from({ length: hashes }, (_, i) => passwords.hash(`bench-hash-${i}`)));
    const hashRate = hashes / ((performance.now() - hashStart) / 1000);

    const start = performance.now();
    for (let i = 0; i < customers.length; i += 500) {
      const res = await fetch(`${baseUrl}/customer-login/customers/send-credentials`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ documentIds: customers.slice(i, i + 500).map((c) => c.documentId) }),
      });
      const { data } = await res.json();
      const notSent = data.filter((outcome) => outcome.status !== 'sent');
      if (notSent.length > 0) throw new Error(`bulk send: ${JSON.stringify(notSent[0])}`);
    }
    const sendRate = customers.length / ((performance.now() - start) / 1000);
    if (smtp.sink.received !== customers.length) {
      throw new Error(
        `expected ${customers.length} emails, the SMTP server got ${smtp.sink.received}`
      );
    }
    return { sendRate, hashRate };
  } finally {
    await strapi.destroy();
    await smtp.close();
    rmSync(workDir, { recursive: true, force: true });
    if (schema) await postgresAdmin(`DROP SCHEMA ${schema} CASCADE`);
  }
};

/** Writes a Markdown file as Prettier formats it, so that `npm run format:check` stays clean. */
const writeFormatted = async (file, text) => {
  const prettier = require('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  writeFileSync(file, await prettier.format(text, { ...options, filepath: file }));
};

const bootInProcess = (variant, workDir) => {
  const out = execFileSync(process.execPath, [__filename, '--boot-once', variant, workDir], {
    cwd: root,
    env: process.env,
    encoding: 'utf8',
  });
  return Number(/BOOT_MS=(\d+(\.\d+)?)/.exec(out)[1]);
};

/**
 * Each boot in a fresh process, alternating with and without the plugin. A first boot creates the
 * schema (once per site); every later boot, the one a site pays at each deploy or restart, finds it.
 */
const measureBoots = () => {
  const fresh = { with: [], without: [] };
  const warm = { with: [], without: [] };
  const databases = {};
  try {
    for (const variant of ['without', 'with']) {
      databases[variant] = mkdtempSync(path.join(tmpdir(), `customer-login-bench-${variant}-`));
    }
    for (let i = 0; i < BOOTS; i += 1) {
      for (const variant of ['without', 'with']) {
        const scratch = mkdtempSync(path.join(tmpdir(), 'customer-login-bench-fresh-'));
        fresh[variant].push(bootInProcess(variant, scratch));
        rmSync(scratch, { recursive: true, force: true });
        // The first boot on each variant's database creates its schema: not a warm boot.
        if (i === 0) bootInProcess(variant, databases[variant]);
        warm[variant].push(bootInProcess(variant, databases[variant]));
      }
    }
  } finally {
    for (const dir of Object.values(databases)) rmSync(dir, { recursive: true, force: true });
  }
  return { fresh, warm };
};

const hasValgrind = () => spawnSync('valgrind', ['--version']).status === 0;

/** Instructions executed by one boot in a fresh process, counted by valgrind's callgrind. */
const countBootInstructions = (variant, workDir) =>
  new Promise((resolve, reject) => {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        __filename,
        '--boot-once',
        variant,
        workDir,
      ],
      { cwd: root, env: process.env, stdio: ['ignore', 'ignore', 'pipe'] }
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const collected = /Collected\s*:\s*(\d+)/.exec(stderr);
      if (code !== 0 || !collected) reject(new Error(`callgrind boot failed (${code}): ${stderr}`));
      else resolve(Number(collected[1]));
    });
  });

/**
 * The boot's cost in instructions: wall-clock boots on a shared machine vary by ±10% from one to
 * the next, more than the 3% this compares, while callgrind's count of the same boot repeats
 * within about 1%. Each variant restarts on a database that has its schema, both at once.
 */
const measureBootInstructions = async () => {
  if (COUNTED_BOOTS === 0 || !hasValgrind()) return undefined;
  const counts = { with: [], without: [] };
  const databases = {};
  try {
    for (const variant of ['without', 'with']) {
      databases[variant] = mkdtempSync(
        path.join(tmpdir(), `customer-login-bench-count-${variant}-`)
      );
      bootInProcess(variant, databases[variant]);
    }
    for (let i = 0; i < COUNTED_BOOTS; i += 1) {
      const [without, withPlugin] = await Promise.all([
        countBootInstructions('without', databases.without),
        countBootInstructions('with', databases.with),
      ]);
      counts.without.push(without);
      counts.with.push(withPlugin);
    }
  } finally {
    for (const dir of Object.values(databases)) rmSync(dir, { recursive: true, force: true });
  }
  return counts;
};

const bootOnce = async (variant, workDir) => {
  const start = performance.now();
  const { strapi } = await boot(variant === 'with', workDir);
  const elapsed = performance.now() - start;
  await strapi.destroy();
  process.stdout.write(`BOOT_MS=${elapsed}\n`);
  process.exit(0);
};

const loginRows = (label, { ours, theirs, idle, loaded }) => [
  [
    `${label}customer login median (ms)`,
    median(ours),
    'users-permissions /api/auth/local median',
    median(theirs),
    median(ours) / median(theirs),
    '≤ 1.05',
  ],
  [
    `${label}customer login p95 (ms)`,
    quantile(ours, 0.95),
    'users-permissions p95',
    quantile(theirs, 0.95),
    quantile(ours, 0.95) / quantile(theirs, 0.95),
    '',
  ],
  [
    `${label}GET /_health p99 under ${CONCURRENT_LOGINS} logins (ms)`,
    quantile(loaded, 0.99),
    'p99 with no load',
    quantile(idle, 0.99),
    quantile(loaded, 0.99) / quantile(idle, 0.99),
    'p99 ≤ 50 ms',
  ],
];

const SESSION_MEASURES = [
  ['Login', 'customer login', 'users-permissions /api/auth/local (refresh mode)'],
  ['Refresh', 'customer refresh', 'users-permissions POST /api/auth/refresh'],
  ['Me', 'customer GET /me', 'users-permissions GET /api/users/me'],
];

/** The sessions part's rows; none (and its users-permissions medians on the console) without ours. */
const sessionRows = (times) => {
  if (!times.customerRefresh) {
    for (const [what, , base] of SESSION_MEASURES) {
      console.log(`sessions: ${base} median ${round(median(times[`usersPermissions${what}`]))} ms`);
    }
    return [];
  }
  return SESSION_MEASURES.map(([what, name, base]) => {
    const ours = median(times[`customer${what}`]);
    const theirs = median(times[`usersPermissions${what}`]);
    return [`${name} median (ms)`, ours, `${base} median`, theirs, ours / theirs, '≤ 1.05'];
  });
};

const DATABASE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

const scaleRows = (client, { logins, indexingBootMs, restarts }) => {
  const label = `production site, ${DATABASE_NAMES[client]}, ${SCALE.toLocaleString('en')} customers and users`;
  const { customerOne, usersOne, customerMany, usersMany } = logins;
  return [
    [
      `${label}: customer login median (ms)`,
      median(customerMany),
      'users-permissions median, same site',
      median(usersMany),
      median(customerMany) / median(usersMany),
      '≤ 1.05',
    ],
    [
      `${label}: customer login median (ms)`,
      median(customerMany),
      'customer login median, site with 1 customer',
      median(customerOne),
      median(customerMany) / median(customerOne),
      '≤ 1.05',
    ],
    [
      `${label}: users-permissions login median (ms)`,
      median(usersMany),
      'users-permissions median, site with 1 user',
      median(usersOne),
      median(usersMany) / median(usersOne),
      '',
    ],
    [
      `${label}: restart that indexes the customers (ms)`,
      indexingBootMs,
      `restart with 1 customer, median of ${SCALE_RESTARTS}`,
      median(restarts.one),
      indexingBootMs / median(restarts.one),
      '',
    ],
    [
      `${label}: later restart, median of ${SCALE_RESTARTS} (ms)`,
      median(restarts.many),
      `restart with 1 customer, median of ${SCALE_RESTARTS}`,
      median(restarts.one),
      median(restarts.many) / median(restarts.one),
      '',
    ],
  ];
};

/** Each part's rows, from its measurements. */
const rowsOf = {
  logins: (logins) => loginRows('', logins),
  sessions: sessionRows,
  fresh: (fresh) =>
    Object.entries(fresh).flatMap(([client, logins]) =>
      loginRows(`production site, ${DATABASE_NAMES[client]}: `, logins)
    ),
  bulk: (bulk) =>
    Object.entries(bulk).map(([client, { sendRate, hashRate }]) => [
      `bulk send to ${BULK_CUSTOMERS} customers, ${DATABASE_NAMES[client]}, pooled SMTP (customers/s)`,
      sendRate,
      'bcrypt hashes/s through the same workers (ceiling)',
      hashRate,
      sendRate / hashRate,
      '≥ 0.8',
    ]),
  scale: (scale) => Object.entries(scale).flatMap(([client, result]) => scaleRows(client, result)),
  boots: ({ boots, counted }) => [
    [
      'boot with the plugin, median (ms)',
      median(boots.warm.with),
      'boot without it (same existing database)',
      median(boots.warm.without),
      median(boots.warm.with) / median(boots.warm.without),
      counted ? 'see instructions' : '≤ 1.03',
    ],
    ...(counted
      ? [
          [
            'boot with the plugin, instructions (millions)',
            median(counted.with) / 1e6,
            'boot without it (callgrind, same databases)',
            median(counted.without) / 1e6,
            median(counted.with) / median(counted.without),
            '≤ 1.03',
          ],
        ]
      : []),
    [
      'first boot on a new database, median (ms)',
      median(boots.fresh.with),
      'first boot without it',
      median(boots.fresh.without),
      median(boots.fresh.with) / median(boots.fresh.without),
      '',
    ],
  ],
};

const measure = {
  logins: measureLogins,
  sessions: measureSessions,
  fresh: measureFreshLogins,
  scale: measureScale,
  bulk: async () => {
    const results = {};
    for (const client of BULK_DATABASES) results[client] = await measureBulk(client);
    return results;
  },
  boots: async () => ({ boots: measureBoots(), counted: await measureBootInstructions() }),
};

const TABLE_HEAD = [
  '| measure | value | baseline | baseline value | ratio | target |',
  '| --- | ---: | --- | ---: | ---: | --- |',
];

/**
 * The table's lines of each part in the current BENCHMARKS.md, so that a run of some parts keeps
 * the others' last figures. Parts are told apart by the comment line before their rows.
 */
const previousLines = (file) => {
  const lines = {};
  let part;
  for (const line of existsSync(file) ? readFileSync(file, 'utf8').split('\n') : []) {
    const marker = /^<!-- part: (\w+) -->$/.exec(line);
    if (marker) part = marker[1];
    else if (part && line.startsWith('|')) (lines[part] ??= []).push(line);
    // The blank line after the marker comes before the table; the one after the table ends it.
    else if (part && lines[part] && line.trim() === '') part = undefined;
  }
  return lines;
};

const main = async () => {
  const file = path.join(root, 'BENCHMARKS.md');
  const previous = previousLines(file);
  const tables = [];
  for (const part of Object.keys(measure)) {
    let lines = [];
    if (PARTS.has(part)) {
      const rows = rowsOf[part](await measure[part]());
      lines = rows.map(
        ([name, value, base, baseValue, ratio, target]) =>
          `| ${name} | ${round(value)} | ${base} | ${round(baseValue)} | ${ratio.toFixed(3)} | ${target} |`
      );
      if (lines.length > 0) console.log([...TABLE_HEAD, ...lines].join('\n'));
    }
    // A part not run, or run without its rows (sessions before customer-login has them).
    if (lines.length === 0) {
      lines = (previous[part] ?? []).filter((line) => !/^\| *(measure|-+) *\|/.test(line));
    }
    if (lines.length > 0)
      tables.push(`<!-- part: ${part} -->\n\n${[...TABLE_HEAD, ...lines].join('\n')}`);
  }
  const report = `# Benchmarks

Written by \`npm run bench\`, last on ${new Date().toISOString().slice(0, 10)}, Node ${process.version},
${require('node:os').cpus().length} cores, bcrypt rounds 10 for both plugins. The machine is
shared: read the ratios, each measured in one run against a baseline interleaved with it, not the
absolute times. A run of some parts (\`BENCH_PARTS\`) keeps the others' last rows. users-permissions
runs in its \`jwtManagement: 'refresh'\` mode everywhere: its logins store a session, as ours do.

- **logins**: the test app on SQLite, ${LOGIN_ROUNDS} interleaved logins of each plugin, then
  ${CHEAP_REQUESTS} cheap requests idle and while ${CONCURRENT_LOGINS} customer logins run.
- **sessions**: the same app and accounts, users-permissions in \`jwtManagement: 'refresh'\`
  mode: ${LOGIN_ROUNDS} rounds of a login, a refresh and an authenticated \`GET\` of the account
  (customer-login's \`/me\`, users-permissions' \`/users/me\`) per plugin, each customer request
  just before its users-permissions counterpart. Each plugin refreshes one session in a chain
  (each refresh sends the token the one before it got), and its \`GET\` carries the newest access
  token.
- **fresh**: the same logins on a production-mode site: the npm tarball installed into a fresh Strapi
  app with users-permissions, \`strapi start\` with \`NODE_ENV=production\`, both limiters out of
  the way, on SQLite and on PostgreSQL.
- **scale** (only when \`BENCH_PARTS\` names it): that site with as many more customers and
  users-permissions users as its rows say (\`BENCH_SCALE\`) than the two accounts that log in,
  written before them with \`createMany\` (so a read in insertion order passes them all), beside
  one with none, both running, the four logins interleaved. Then the restart in which the plugin
  indexes the customers written past the document service, and later restarts of each site,
  alternating ("restart": from spawning \`strapi start\` to its "started" line).
- **bulk**: Generate and send credentials to ${BULK_CUSTOMERS} customers of the test app through a
  local SMTP server with nodemailer's \`pool: true\` (the README's setting for large sends), in
  requests of 500, four customers at a time; each needs one bcrypt hash, so
  the hash rate of the plugin's worker threads on this machine is its ceiling.
- **boots**: ${BOOTS} boots per variant in fresh processes, alternating. "Boot" is a restart on a
  database that already has the schema, as at every deploy; the first boot on a new database also
  creates the schema, once per site. Where valgrind is installed, boots are also counted in
  instructions (callgrind, ${COUNTED_BOOTS} per variant, medians): one boot's wall-clock time
  varies by ±10% on this shared machine, more than the 3% being judged, while its instruction count
  repeats within about 1%. The plugin adds no database write to a restart and one read (its Login
  section's place in the edit view), so the count leaves out no waiting the plugin causes.

${tables.join('\n\n')}
`;
  await writeFormatted(file, report);
};

if (process.argv[2] === '--boot-once') {
  bootOnce(process.argv[3], process.argv[4]).catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    }
  );
}
