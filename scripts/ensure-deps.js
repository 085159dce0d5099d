// Installs the locked dependencies when they are missing, so the quick-start commands work on a
// fresh clone. Uses nothing but Node itself.
const { execSync } = require('node:child_process');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

const ensureDependencies = () => {
  if (existsSync(installed) && statSync(installed).mtimeMs >= statSync(lock).mtimeMs) return;
  console.log('Installing dependencies from package-lock.json (npm ci)...');
  execSync('npm ci', { cwd: root, stdio: 'inherit' });
};

module.exports = { ensureDependencies };

if (require.main === module) ensureDependencies();
