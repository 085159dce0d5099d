// Setup of the integration-postgres project: its files boot the test app on PostgreSQL.
process.env.DATABASE_CLIENT = 'postgres';
