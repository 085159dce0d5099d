module.exports = ({ env }) => ({
  autoOpen: false,
  // A headless site: no admin build, so the test installs and boots without `strapi build`.
  serveAdminPanel: false,
  auth: { secret: env('ADMIN_JWT_SECRET', 'tarball-admin-jwt-secret') },
  apiToken: { salt: env('API_TOKEN_SALT', 'tarball-api-token-salt') },
  transfer: { token: { salt: env('TRANSFER_TOKEN_SALT', 'tarball-transfer-token-salt') } },
  secrets: { encryptionKey: env('ENCRYPTION_KEY', 'tarball-encryption-key-0123456789') },
  flags: { nps: false, promoteEE: false },
  notifications: { releases: false },
});
