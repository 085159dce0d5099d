// Boots the test app in a process of its own, as each process of a site running several would, and
// listens on a free port on 127.0.0.1. Prints "LISTENING <port>" when ready; SIGTERM stops it.
// The database, SMTP port and plugin configuration come from the environment the parent sets, and
// CAPTURE_FILE where to record the secrets and responses for the parent's leak check.
const path = require('node:path');

const { createStrapi } = require('@strapi/strapi');

const { captureInto, captureSecrets, expectDatabaseClient } = require('./capture');

const appDir = path.resolve(__dirname, '..', 'app');

const main = async () => {
  const strapi = await createStrapi({
    appDir,
    distDir: appDir,
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  // Everything Strapi logs goes to the parent, which checks it for secrets.
  strapi.log.level = 'debug';
  await expectDatabaseClient(strapi, process.env.DATABASE_CLIENT);
  // What it hands out and writes goes to the parent too, for the same check.
  captureSecrets(strapi, captureInto(process.env.CAPTURE_FILE));
  await strapi.server.mount();
  const { httpServer } = strapi.server;
  await new Promise((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`LISTENING ${httpServer.address().port}\n`);

  process.once('SIGTERM', () => {
    strapi.destroy().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  });
};

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
