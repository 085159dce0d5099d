const os = require('node:os');

/** @type {import('jest').Config} */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    sourceMaps: 'inline',
  },
];

/** The integration layer on one database server; SQLite needs no setup. */
const integration = (client) => ({
  displayName: client === 'sqlite' ? 'integration' : `integration-${client}`,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests/integration'],
  ...(client === 'sqlite' ? {} : { setupFiles: [`<rootDir>/tests/helpers/on-${client}.js`] }),
  transform: { '^.+\\.tsx?$': swc },
});

module.exports = {
  // Boots of a real Strapi and browser steps are slow on a shared 2-core machine.
  testTimeout: 120_000,
  // Most of a file's time is one Strapi or Chromium process waiting on the database, SMTP or
  // bcrypt's threads, so two run well on two cores. More would crowd the database servers.
  maxWorkers: Math.min(4, Math.max(2, os.availableParallelism())),
  testSequencer: '<rootDir>/tests/helpers/sequencer.js',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/unit'],
      transform: { '^.+\\.tsx?$': swc },
    },
    {
      displayName: 'admin',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/tests/admin'],
      setupFiles: ['<rootDir>/tests/admin/setup.ts'],
      transform: { '^.+\\.tsx?$': swc },
    },
    integration('sqlite'),
    integration('postgres'),
    integration('mysql'),
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/browser'],
      transform: { '^.+\\.tsx?$': swc },
    },
    {
      // The npm tarball of the build in dist/, installed into a fresh Strapi app: run after build.
      displayName: 'tarball',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/tarball'],
      transform: { '^.+\\.tsx?$': swc },
    },
  ],
};
