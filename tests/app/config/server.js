module.exports = ({ env }) => ({
  host: env('HOST', '127.0.0.1'),
  port: env.int('PORT', 1337),
  url: env('PUBLIC_URL', ''),
  app: { keys: env.array('APP_KEYS', ['demoKeyOne', 'demoKeyTwo']) },
  logger: { updates: { enabled: false } },
  // Tests that vary the client through X-Forwarded-For trust it, as a site behind one load
  // balancer does: maxIpsCount 1 takes the address that proxy appended, never one a client sent.
  proxy: { koa: env.bool('SERVER_PROXY', false), maxIpsCount: 1 },
});
