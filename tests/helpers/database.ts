import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Sqlite from 'better-sqlite3';
import { createConnection } from 'mysql2/promise';
import { Client as PgClient } from 'pg';

/** The database servers tests/app/config/database.js can use, chosen by env DATABASE_CLIENT. */
export type DatabaseClient = 'sqlite' | 'postgres' | 'mysql';

/**
 * Where one test app keeps its data. Pass it as `startTestApp({ database })` to boot another app
 * on the same data; the app that created it drops it when it stops.
 */
export interface TestDatabase {
  readonly client: DatabaseClient;
  /** SQLite: the database file. PostgreSQL: a schema in database `test`. MariaDB: a database. */
  readonly name: string;
}

export interface OwnedTestDatabase extends TestDatabase {
  /** Deletes the file, schema or database with everything in it. */
  drop(): Promise<void>;
}

const CLIENTS: readonly DatabaseClient[] = ['sqlite', 'postgres', 'mysql'];

// The settings the run was started with. Each boot rewrites process.env (DATABASE_NAME is a
// MariaDB boot's own database), so they are read once, before any boot.
const configured = { ...process.env };

/** The server this run tests on: env DATABASE_CLIENT, SQLite by default. */
export const databaseClient = (): DatabaseClient => {
  const client = configured.DATABASE_CLIENT || 'sqlite';
  if (!(CLIENTS as readonly string[]).includes(client)) {
    throw new Error(`DATABASE_CLIENT=${client} is not one of ${CLIENTS.join(', ')}`);
  }
  return client as DatabaseClient;
};

/** The server settings, with the same defaults as tests/app/config/database.js. */
const serverSettings = (client: 'postgres' | 'mysql') => ({
  host: configured.DATABASE_HOST || '127.0.0.1',
  port: Number(configured.DATABASE_PORT || (client === 'postgres' ? 5432 : 3306)),
  user: configured.DATABASE_USERNAME || (client === 'postgres' ? 'postgres' : 'root'),
  password: configured.DATABASE_PASSWORD || '',
});

/** PostgreSQL's database, which holds a schema per test app. */
const postgresDatabase = () => configured.DATABASE_NAME || 'test';

const HOW_TO_START = {
  postgres:
    'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start ' +
    '(and create the database once: createdb -h 127.0.0.1 -U postgres test).',
  mysql: 'Start it with: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
};

const unreachable = (client: 'postgres' | 'mysql', error: unknown) => {
  const { host, port, user } = serverSettings(client);
  const server = client === 'postgres' ? 'PostgreSQL' : 'MariaDB/MySQL';
  const where =
    client === 'postgres'
      ? `${host}:${port} (database ${postgresDatabase()}, user ${user})`
      : `${host}:${port} (user ${user})`;
  // Not `instanceof Error`: socket errors come from outside jest's sandbox.
  const { message } = (error ?? {}) as { message?: unknown };
  const reason = typeof message === 'string' && message ? message : String(error);
  return new Error(
    `DATABASE_CLIENT=${client}: cannot connect to ${server} at ${where}: ${reason}. ${HOW_TO_START[client]}`
  );
};

type Row = Record<string, unknown>;

/** What the last statement answered: its rows, and how many rows it changed. */
interface Answer {
  rows: Row[];
  changed: number;
}

/** One connection to the server as its admin user. */
interface Session {
  query(statement: string, values?: unknown[]): Promise<Answer>;
  end(): Promise<void>;
}

/** @throws Error naming the server and how to start it when it cannot be reached. */
const openSession = async (client: 'postgres' | 'mysql'): Promise<Session> => {
  const settings = serverSettings(client);
  if (client === 'postgres') {
    const pg = new PgClient({
      ...settings,
      database: postgresDatabase(),
      connectionTimeoutMillis: 10_000,
    });
    pg.on('error', () => undefined);
    try {
      await pg.connect();
    } catch (error) {
      throw unreachable(client, error);
    }
    return {
      query: async (statement, values = []) => {
        const result = await pg.query(statement, values);
        return { rows: result.rows as Row[], changed: result.rowCount ?? 0 };
      },
      end: () => pg.end(),
    };
  }
  const connection = await createConnection({ ...settings, connectTimeout: 10_000 }).catch(
    (error: unknown) => {
      throw unreachable(client, error);
    }
  );
  return {
    query: async (statement, values = []) => {
      const [result] = await connection.query(statement, values);
      return Array.isArray(result)
        ? { rows: result as Row[], changed: 0 }
        : { rows: [], changed: result.affectedRows };
    },
    end: () => connection.end(),
  };
};

/**
 * Runs statements on the server as its admin user and answers for the last one; a failed
 * connection says how to fix it. Values are bound to `?` (MariaDB) or `$1` (PostgreSQL).
 */
const adminQuery = async (
  client: 'postgres' | 'mysql',
  statements: string[],
  values: unknown[] = []
): Promise<Answer> => {
  const session = await openSession(client);
  try {
    let answer: Answer = { rows: [], changed: 0 };
    for (const statement of statements) answer = await session.query(statement, values);
    return answer;
  } finally {
    await session.end();
  }
};

/** A name no other run uses: test runs on one server never see each other's data. */
const uniqueName = () => `cl_${randomBytes(8).toString('hex')}`;

/**
 * A fresh, empty database on the server DATABASE_CLIENT names (or `client`): a temporary SQLite
 * file, a new schema in PostgreSQL's database `test`, or a new MariaDB database.
 *
 * @throws Error naming the server and how to start it when it cannot be reached.
 */
export const createTestDatabase = async (
  client: DatabaseClient = databaseClient()
): Promise<OwnedTestDatabase> => {
  if (client === 'sqlite') {
    const dir = path.join(tmpdir(), `customer-login-${randomBytes(8).toString('hex')}`);
    mkdirSync(dir, { recursive: true });
    return {
      client,
      name: path.join(dir, 'data.db'),
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = uniqueName();
  if (client === 'postgres') {
    await adminQuery(client, [`CREATE SCHEMA "${name}"`]);
    return {
      client,
      name,
      drop: async () => {
        await adminQuery(client, [`DROP SCHEMA IF EXISTS "${name}" CASCADE`]);
      },
    };
  }
  // utf8mb4 with the server's default collation, as a production database would have.
  await adminQuery(client, [`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`]);
  return {
    client,
    name,
    drop: async () => {
      await adminQuery(client, [`DROP DATABASE IF EXISTS \`${name}\``]);
    },
  };
};

/** The environment tests/app/config/database.js reads to use this database. */
export const databaseEnvironment = (database: TestDatabase): Record<string, string> => {
  switch (database.client) {
    case 'sqlite':
      return { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: database.name };
    case 'postgres':
      return {
        DATABASE_CLIENT: 'postgres',
        DATABASE_NAME: postgresDatabase(),
        DATABASE_SCHEMA: database.name,
      };
    case 'mysql':
      return { DATABASE_CLIENT: 'mysql', DATABASE_NAME: database.name };
  }
};

const quote = (identifier: string, mark: '"' | '`') =>
  `${mark}${identifier.split(mark).join(mark + mark)}${mark}`;

/** The table's name as a statement of this database names it, and how values are bound. */
const dialectOf = (database: TestDatabase, table: string) => {
  const mark = database.client === 'mysql' ? '`' : '"';
  return {
    mark,
    from:
      database.client === 'sqlite'
        ? quote(table, mark)
        : `${quote(database.name, mark)}.${quote(table, mark)}`,
    placeholder: (i: number) => (database.client === 'postgres' ? `$${i + 1}` : '?'),
  } as const;
};

/** `col = value AND …` from the `n`th placeholder on. */
const conditionsOf = (
  database: TestDatabase,
  where: Record<string, unknown>,
  first = 0
): { sql: string; values: unknown[] } => {
  const { mark, placeholder } = dialectOf(database, '');
  const keys = Object.keys(where);
  return {
    sql: keys.map((key, i) => `${quote(key, mark)} = ${placeholder(first + i)}`).join(' AND '),
    values: keys.map((key) => where[key]),
  };
};

/**
 * Reads rows straight from a table, past Strapi: the columns asked for, of the rows whose columns
 * equal `where`. For checks on what is stored, from outside any Strapi process.
 */
export const selectRows = async (
  database: TestDatabase,
  table: string,
  where: Record<string, unknown>,
  columns: string[]
): Promise<Row[]> => {
  const { mark, from } = dialectOf(database, table);
  const conditions = conditionsOf(database, where);
  const sql =
    `SELECT ${columns.map((column) => quote(column, mark)).join(', ')} FROM ${from}` +
    (conditions.sql ? ` WHERE ${conditions.sql}` : '');
  if (database.client !== 'sqlite') {
    return (await adminQuery(database.client, [sql], conditions.values)).rows;
  }
  const sqlite = new Sqlite(database.name, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare<unknown[], Row>(sql).all(...conditions.values);
  } finally {
    sqlite.close();
  }
};

/**
 * Writes columns of the rows whose columns equal `where` straight into a table, past Strapi, as
 * another process or an operator would; answers how many rows changed.
 */
export const updateRows = async (
  database: TestDatabase,
  table: string,
  where: Record<string, unknown>,
  set: Record<string, unknown>
): Promise<number> => {
  const { mark, from, placeholder } = dialectOf(database, table);
  const columns = Object.keys(set);
  const conditions = conditionsOf(database, where, columns.length);
  const sql =
    `UPDATE ${from} SET ${columns.map((c, i) => `${quote(c, mark)} = ${placeholder(i)}`).join(', ')}` +
    (conditions.sql ? ` WHERE ${conditions.sql}` : '');
  const values = [...columns.map((column) => set[column]), ...conditions.values];
  if (database.client !== 'sqlite') {
    return (await adminQuery(database.client, [sql], values)).changed;
  }
  const sqlite = new Sqlite(database.name, { fileMustExist: true });
  try {
    // Strapi's SQLite driver (knex's better-sqlite3) stores a date as its milliseconds.
    const bound = values.map((value) => (value instanceof Date ? value.getTime() : value));
    return sqlite.prepare<unknown[]>(sql).run(...bound).changes;
  } finally {
    sqlite.close();
  }
};

/** Runs statements straight on the database, past Strapi, as an operator or a migration would. */
export const runStatements = async (database: TestDatabase, statements: string[]) => {
  if (database.client !== 'sqlite') {
    const session = await openSession(database.client);
    try {
      if (database.client === 'postgres')
        await session.query(`SET search_path TO "${database.name}"`);
      else await session.query(`USE \`${database.name}\``);
      for (const statement of statements) await session.query(statement);
    } finally {
      await session.end();
    }
    return;
  }
  const sqlite = new Sqlite(database.name, { fileMustExist: true });
  try {
    for (const statement of statements) sqlite.exec(statement);
  } finally {
    sqlite.close();
  }
};

/** Connections each Strapi process of the test app opens at most (tests/app/config/database.js). */
export const POOL_SIZE = 5;

/** A table a test holds locked from outside Strapi, so that requests line up behind it. */
export interface HeldTable {
  /** Resolves once at least `count` statements on this database wait for the table. */
  waiters(count: number): Promise<void>;
  /** Unlocks the table: the statements waiting go on, together. */
  release(): Promise<void>;
}

/**
 * Locks a table against reads and writes (PostgreSQL: ACCESS EXCLUSIVE in a transaction of its
 * own; MariaDB: LOCK TABLES … WRITE), as a stalled database would: every statement on it waits
 * until `release`. A barrier for races between reading a row and writing it. Not SQLite: its
 * only connection belongs to the Strapi under test, whose event loop a lock would block.
 */
export const holdTable = async (database: TestDatabase, table: string): Promise<HeldTable> => {
  if (database.client === 'sqlite') throw new Error('SQLite tables cannot be held from outside');
  const client = database.client;
  const { from } = dialectOf(database, table);
  const holder = await openSession(client);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    try {
      await holder.query(client === 'postgres' ? 'COMMIT' : 'UNLOCK TABLES');
    } finally {
      await holder.end();
    }
  };
  try {
    if (client === 'postgres') {
      await holder.query('BEGIN');
      await holder.query(`LOCK TABLE ${from} IN ACCESS EXCLUSIVE MODE`);
    } else {
      await holder.query(`LOCK TABLES ${from} WRITE`);
    }
    const [{ id } = { id: undefined }] = (
      await holder.query(
        client === 'postgres' ? 'SELECT pg_backend_pid() AS id' : 'SELECT CONNECTION_ID() AS id'
      )
    ).rows;
    // PostgreSQL: every session blocked by the holder, or by one blocked by it (waiters for a
    // lock queue behind each other). MariaDB: every statement of this database waiting for it.
    const count =
      client === 'postgres'
        ? {
            sql: `WITH RECURSIVE blocked(pid) AS (
                SELECT pid FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))
                UNION
                SELECT a.pid FROM pg_stat_activity a
                  JOIN blocked b ON b.pid = ANY(pg_blocking_pids(a.pid))
              ) SELECT count(*)::int AS n FROM blocked`,
            values: [id],
          }
        : {
            sql: `SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST
                WHERE DB = ? AND ID <> ? AND STATE = 'Waiting for table metadata lock'`,
            values: [database.name, id],
          };
    return {
      async waiters(wanted) {
        const watcher = await openSession(client);
        try {
          let waiting = 0;
          // Polls for the signal; the bound only turns a hang into a message.
          for (let poll = 0; poll < 3000; poll += 1) {
            const [row] = (await watcher.query(count.sql, count.values)).rows;
            waiting = Number(row?.n);
            if (waiting >= wanted) return;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          throw new Error(`${waiting} statements wait for ${table}, not ${wanted}`);
        } finally {
          await watcher.end();
        }
      },
      release,
    };
  } catch (error) {
    await release();
    throw error;
  }
};
