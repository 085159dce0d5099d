// Preloaded (node --require) into the fresh app of the tarball tests, which runs in its own folder.
// Node looks for a package in every node_modules above the requiring file, so a dependency the
// plugin forgot to declare would still load from the repository's node_modules when the app's
// folder sits below it, and the test would pass where a site's install fails. This reports each
// file inside the app that loads a module from outside it; the test fails on any report.
const Module = require('node:module');
const { realpathSync } = require('node:fs');
const path = require('node:path');

const inside = realpathSync(process.cwd()) + path.sep;
const resolveFilename = Module._resolveFilename;
const reported = new Set();

Module._resolveFilename = function resolveInsideTheApp(request, parent, ...rest) {
  const file = resolveFilename.call(this, request, parent, ...rest);
  const from = parent && parent.filename ? parent.filename : '';
  const outside = path.isAbsolute(file) && !file.startsWith(inside);
  if (outside && from.startsWith(inside) && !reported.has(file)) {
    reported.add(file);
    process.stderr.write(`OUTSIDE-APP ${file} (require('${request}') in ${from})\n`);
  }
  return file;
};
