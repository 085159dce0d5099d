// Setup of the integration-mysql project: its files boot the test app on MariaDB (or MySQL).
process.env.DATABASE_CLIENT = 'mysql';
