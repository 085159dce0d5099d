// The benchmark's site: the plugin from its npm tarball beside users-permissions, with both
// limiters out of the way of repeated logins of one account.
module.exports = ({ env }) => ({
  'customer-login': {
    enabled: true,
    config: {
      jwt: { secret: env('CUSTOMER_LOGIN_JWT_SECRET') },
      loginUrl: 'http://localhost:3000/login',
      // The plugin's counts cannot be turned off: a limit no login reaches does the same.
      lockout: { maxAttempts: 1000 },
    },
  },
  'users-permissions': {
    config: {
      jwtSecret: env('USERS_PERMISSIONS_JWT_SECRET'),
      // Its sessions, as the test app's: a login stores one, as a customer login does.
      jwtManagement: 'refresh',
      ratelimit: { enabled: false },
    },
  },
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: '127.0.0.1',
        port: env.int('SMTP_PORT', 9),
        secure: false,
        ignoreTLS: true,
      },
      settings: { defaultFrom: 'Bench Shop <no-reply@bench.test>' },
    },
  },
});
