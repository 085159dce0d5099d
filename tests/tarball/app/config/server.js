module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS', ['tarballKeyOne', 'tarballKeyTwo']) },
  // Behind one proxy, as the plugin's README says to configure it: the client is the address
  // that proxy appended to X-Forwarded-For. The test plays that proxy.
  proxy: { koa: true, maxIpsCount: 1 },
  logger: { updates: { enabled: false } },
});
