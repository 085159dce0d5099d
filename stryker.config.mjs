// Mutation testing of the unit layer: `npm run test:mutation`. Reports go to reports/mutation/.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'tests/unit/jest.config.js' },
  coverageAnalysis: 'perTest',
  // Mutants in module-level code (schemas and default templates built at import) would each rerun
  // the whole unit layer: too slow for a habit. `--ignoreStatic false` tests them too.
  ignoreStatic: true,
  // A rerun tests only the mutants whose code or tests changed; `--force` tests everything again.
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  // The server code the unit tests reach. Left out: what only a booted Strapi runs (services
  // other than password generation and a save's decisions, controllers, routes, policies, register/bootstrap, models,
  // transactions), and type-only contracts.
  mutate: [
    'server/src/config/**/*.ts',
    'server/src/email-templates/**/*.ts',
    'server/src/middlewares/**/*.ts',
    'server/src/validation/**/*.ts',
    'server/src/services/passwords.ts',
    'server/src/services/save-plan.ts',
    'server/src/login-attributes.ts',
    'server/src/utils/bcrypt-pool.ts',
    'server/src/utils/client-address.ts',
    'server/src/utils/content-manager.ts',
    'server/src/utils/edit-layout.ts',
    'server/src/utils/links.ts',
    'server/src/utils/mask-email.ts',
    'server/src/utils/pages.ts',
    'server/src/utils/request-origin.ts',
    'shared/**/*.ts',
  ],
  // The sandbox needs the sources, the unit tests and the configs, not the builds or the other layers.
  ignorePatterns: [
    '/dist',
    '/admin',
    '/docs',
    '/coverage',
    '/reports',
    '/scripts',
    '/tests/app',
    '/tests/admin',
    '/tests/browser',
    '/tests/integration',
    '/tests/tarball',
  ],
  // The machine has two cores, shared.
  concurrency: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
};
