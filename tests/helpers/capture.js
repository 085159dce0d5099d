// What a booted Strapi hands out and writes while it runs, recorded as it happens, so that the
// leak check knows every secret it made and not only those still stored when it stops. Plain
// CommonJS: the test app's own processes (strapi-process.js) load it without a TypeScript step.
const fs = require('node:fs');

const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;
// sessions.ts: the SHA-256 of a refresh token, in hex.
const DIGEST = /^[0-9a-f]{64}$/;

/**
 * Calls `onSecret(kind, value)` for every bcrypt hash bound into a statement (admins' included,
 * rows later overwritten or deleted included), every refresh token digest written, and every password
 * the plugin generates; `onResponse({ url, body })` for every body the HTTP server sends.
 * Install after `load()` (the database and services exist) and before any request.
 */
const captureSecrets = (strapi, { onSecret, onResponse }) => {
  strapi.db.connection.on('query', ({ sql, bindings }) => {
    const digests = /refresh_hash/i.test(String(sql));
    for (const value of Array.isArray(bindings) ? bindings : []) {
      if (typeof value !== 'string') continue;
      if (BCRYPT_HASH.test(value)) onSecret('password hash', value);
      else if (digests && DIGEST.test(value)) onSecret('refresh token digest', value);
    }
  });

  const passwords = strapi.plugin('customer-login').service('passwords');
  const generate = passwords.generate;
  passwords.generate = (...args) => {
    const password = generate(...args);
    onSecret('generated password', password);
    return password;
  };

  strapi.server.httpServer.on('request', (req, res) => {
    // Read now: a route may rewrite req.url before answering (the plugin masks tokens there).
    const url = req.url ?? '';
    const chunks = [];
    const keep = (chunk) => {
      if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      }
    };
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = (...args) => {
      keep(args[0]);
      return write(...args);
    };
    res.end = (...args) => {
      keep(args[0]);
      onResponse({ url, body: Buffer.concat(chunks).toString() });
      return end(...args);
    };
  });
};

// What each client's database answers to a question only it understands.
const PROBES = {
  sqlite: { sql: 'select sqlite_version() as v', answer: /^\d+\.\d+/ },
  postgres: { sql: 'select version() as v', answer: /^PostgreSQL / },
  mysql: { sql: 'select version() as v', answer: /^(?!PostgreSQL)\d+\.\d+/ },
};

/**
 * Rejects unless the booted Strapi talks to the database client the run asked for: its dialect,
 * its driver, and a server that answers as that client's does. A run with DATABASE_CLIENT=postgres
 * that quietly booted on SQLite fails here instead of testing SQLite again.
 */
const expectDatabaseClient = async (strapi, expected) => {
  const probe = PROBES[expected];
  if (!probe) throw new Error(`unknown database client "${expected}"`);
  const dialect = strapi.db.dialect.client;
  const driver = strapi.db.connection.client.config.client;
  const drivers = { sqlite: 'better-sqlite3', postgres: 'pg', mysql: 'mysql2' };
  let version = '';
  try {
    const result = await strapi.db.connection.raw(probe.sql);
    // knex answers raw queries in each driver's own shape.
    const rows = Array.isArray(result)
      ? Array.isArray(result[0])
        ? result[0]
        : result
      : result.rows;
    version = String(rows?.[0]?.v ?? '');
  } catch (error) {
    version = `(${error instanceof Error ? error.message : String(error)})`;
  }
  if (dialect !== expected || driver !== drivers[expected] || !probe.answer.test(version)) {
    throw new Error(
      `the run asked for database client ${expected}, but Strapi booted with dialect ${dialect}, ` +
        `driver ${driver}, server version ${version}: check tests/app/config/database.js`
    );
  }
};

/**
 * Sinks for `captureSecrets` that append each secret and response to `file` as a JSON line, for a
 * parent process to read with `readCapture` once this one has exited.
 */
const captureInto = (file) => ({
  onSecret: (kind, value) => fs.appendFileSync(file, `${JSON.stringify({ kind, value })}\n`),
  onResponse: (response) => fs.appendFileSync(file, `${JSON.stringify({ response })}\n`),
});

/** What `captureInto(file)` recorded: nothing when the process never got that far. */
const readCapture = (file) => {
  const capture = { secrets: [], responses: [] };
  if (!fs.existsSync(file)) return capture;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const entry = JSON.parse(line);
    if (entry.response) capture.responses.push(entry.response);
    else capture.secrets.push(entry);
  }
  return capture;
};

module.exports = { captureSecrets, captureInto, expectDatabaseClient, readCapture };
