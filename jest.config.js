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

module.exports = {
  // Boots of a real Strapi and browser steps are slow on a shared 2-core machine.
  testTimeout: 120_000,
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
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/tests/integration'],
      transform: { '^.+\\.tsx?$': swc },
    },
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
      globalSetup: '<rootDir>/tests/tarball/global-setup.ts',
      transform: { '^.+\\.tsx?$': swc },
    },
  ],
};
