// The unit project on its own, for tools that read one Jest config rather than the root's
// projects (StrykerJS: see stryker.config.mjs). `npx jest --selectProjects unit` runs the same.
const path = require('node:path');

const root = require('../../jest.config.js');

module.exports = {
  ...root.projects.find((project) => project.displayName === 'unit'),
  rootDir: path.resolve(__dirname, '../..'),
};
