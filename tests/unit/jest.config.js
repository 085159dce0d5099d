// The unit project on its own, for tools that read one Jest config rather than the root's
// projects (StrykerJS: see stryker.config.mjs). `npx jest --selectProjects unit` runs the same.
const path = require('node:path');

const root = require('../../jest.config.js');

module.exports = {
  ...root.projects.find((project) => project.displayName === 'unit'),
  rootDir: path.resolve(__dirname, '../..'),
  // Stryker runs, per mutated file, the tests Jest finds related to it, and Jest follows imports
  // only through files under its roots: without the sources here, a test reaching a file through
  // another (the document middleware's test and the request origin) would not count for it.
  roots: ['<rootDir>/tests/unit', '<rootDir>/server/src', '<rootDir>/shared'],
};
