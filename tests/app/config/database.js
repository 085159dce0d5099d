const path = require('node:path');

// SQLite by default; DATABASE_CLIENT=postgres or mysql selects a server for the same tests.
module.exports = ({ env }) => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  const connections = {
    sqlite: {
      connection: {
        filename: path.resolve(__dirname, '..', env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
    },
    postgres: {
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'test'),
        user: env('DATABASE_USERNAME', 'postgres'),
        password: env('DATABASE_PASSWORD', ''),
        schema: env('DATABASE_SCHEMA', 'public'),
      },
      pool: { min: 0, max: 5 },
    },
    mysql: {
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 3306),
        database: env('DATABASE_NAME', 'test'),
        user: env('DATABASE_USERNAME', 'root'),
        password: env('DATABASE_PASSWORD', ''),
      },
      pool: { min: 0, max: 5 },
      // Strapi syncs the schema inside a transaction, which MySQL commits at the first DDL
      // statement; knex warns about it for every table at every boot. Other warnings pass.
      log: {
        warn(message) {
          if (!String(message).startsWith('Transaction was implicitly committed')) {
            console.warn(message);
          }
        },
      },
    },
  };
  return { connection: { client, ...connections[client] } };
};
