const path = require('node:path');

module.exports = ({ env }) =>
  env('DATABASE_CLIENT', 'sqlite') === 'postgres'
    ? {
        connection: {
          client: 'postgres',
          connection: {
            host: env('DATABASE_HOST', '127.0.0.1'),
            port: env.int('DATABASE_PORT', 5432),
            database: env('DATABASE_NAME'),
            user: env('DATABASE_USERNAME', 'postgres'),
            password: env('DATABASE_PASSWORD', ''),
          },
        },
      }
    : {
        connection: {
          client: 'sqlite',
          connection: { filename: path.resolve(__dirname, '..', env('DATABASE_FILENAME')) },
          useNullAsDefault: true,
        },
      };
