// `npm run demo`: the plugin in a real Strapi admin on SQLite, with seeded data, and every email
// printed here by a local SMTP catcher.
const { execSync, spawn } = require('node:child_process');
const path = require('node:path');

const { ensureDependencies } = require('./ensure-deps');

const root = path.resolve(__dirname, '..');
const appDir = path.join(root, 'tests', 'app');
const smtpPort = Number(process.env.SMTP_PORT ?? 1025);

const main = async () => {
  ensureDependencies();
  const { startMailCatcher } = require('./mail-catcher');

  const env = {
    ...process.env,
    NODE_ENV: 'development',
    STRAPI_TELEMETRY_DISABLED: 'true',
    DEMO_SEED: 'true',
    DATABASE_FILENAME: path.join(appDir, '.tmp', 'demo.db'),
    SMTP_PORT: String(smtpPort),
  };
  const run = (command, cwd) => execSync(command, { cwd, env, stdio: 'inherit' });

  console.log('Building the plugin...');
  run('npm run build --silent', root);
  console.log('Building the admin panel of the demo app...');
  run('npx strapi build', appDir);

  const catcher = await startMailCatcher(smtpPort);
  console.log(`Catching emails on smtp://127.0.0.1:${smtpPort}`);

  const strapi = spawn('npx', ['strapi', 'start'], { cwd: appDir, env, stdio: 'inherit' });
  const stop = () => strapi.kill('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  strapi.on('exit', (code) => {
    catcher.close(() => process.exit(code ?? 0));
  });
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
