// The plugin is enabled by its npm name, as a site does: Strapi finds it in node_modules.
module.exports = ({ env }) => ({
  'customer-login': {
    enabled: true,
    config: {
      jwt: { secret: env('CUSTOMER_LOGIN_JWT_SECRET') },
      loginUrl: env('CUSTOMER_LOGIN_URL', 'http://localhost:3000/login'),
      lockout: { maxAttempts: 3 },
    },
  },
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 587),
        secure: false,
        ignoreTLS: true,
        connectionTimeout: 5000,
        greetingTimeout: 5000,
        socketTimeout: 10000,
      },
      settings: {
        defaultFrom: 'Fresh Shop <no-reply@fresh.test>',
        defaultReplyTo: 'support@fresh.test',
      },
    },
  },
});
