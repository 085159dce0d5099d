const { existsSync, readFileSync } = require('node:fs');
const path = require('node:path');

// The plugin is this repository. Found by walking up, because Strapi runs this file from the app
// folder in tests and from its compiled copy under dist/ in the demo.
const pluginRoot = () => {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      JSON.parse(readFileSync(manifest, 'utf8')).name === 'strapi-plugin-customer-login'
    ) {
      return dir;
    }
  }
  throw new Error(
    'customer-login test app: the plugin repository was not found above ' + __dirname
  );
};

module.exports = ({ env }) => ({
  'customer-login': {
    // The benchmark boots the app without the plugin to measure what it adds.
    enabled: env.bool('WITH_CUSTOMER_LOGIN', true),
    resolve: pluginRoot(),
    config: {
      jwt: { secret: env('CUSTOMER_LOGIN_JWT_SECRET', 'demo-customer-login-jwt-secret') },
      loginUrl: env('CUSTOMER_LOGIN_URL', 'http://localhost:3000/login'),
      // Tests widen or break the configuration through this variable; sites write their keys here.
      ...env.json('CUSTOMER_LOGIN_CONFIG', {}),
    },
  },
  // Only the benchmark turns this on, to compare logins with Strapi's own.
  'users-permissions': {
    enabled: env.bool('WITH_USERS_PERMISSIONS', false),
    resolve: path.dirname(require.resolve('@strapi/plugin-users-permissions/package.json')),
    config: {
      jwtSecret: env('USERS_PERMISSIONS_JWT_SECRET', 'bench-users-permissions-secret'),
      // Its sessions (short access tokens, rotating refresh tokens in the core session manager)
      // are what customer sessions are measured against.
      jwtManagement: 'refresh',
      // Its in-memory limiter would stop the benchmark's repeated logins after 10 a minute.
      ratelimit: { enabled: false },
    },
  },
  // The Content API security tests turn it on, to prove GraphQL writes are refused like REST ones.
  graphql: {
    enabled: env.bool('WITH_GRAPHQL', false),
    resolve: path.dirname(require.resolve('@strapi/plugin-graphql/package.json')),
  },
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 1025),
        secure: false,
        ignoreTLS: true,
        connectionTimeout: 5000,
        greetingTimeout: 5000,
        socketTimeout: 10000,
        // The README's setting for large sends; the bench's bulk part turns it on.
        pool: env.bool('SMTP_POOL', false),
      },
      settings: {
        defaultFrom: env('EMAIL_FROM', 'Demo Shop <no-reply@shop.test>'),
        defaultReplyTo: env('EMAIL_REPLY_TO', 'support@shop.test'),
      },
    },
  },
});
