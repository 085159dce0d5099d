import { PLUGIN_ID } from '../../../shared/plugin-id';

// These routes authenticate customers themselves, so they need no users-permissions role.
export default {
  type: 'content-api' as const,
  routes: [
    {
      method: 'POST',
      path: '/auth/login',
      handler: 'auth.login',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/refresh',
      handler: 'auth.refresh',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/logout',
      handler: 'auth.logout',
      config: { auth: false as const },
    },
    {
      method: 'GET',
      path: '/auth/sessions',
      handler: 'auth.sessions',
      config: { auth: false as const },
    },
    {
      method: 'DELETE',
      path: '/auth/sessions/:id',
      handler: 'auth.endSession',
      config: { auth: false as const },
    },
    {
      method: 'GET',
      path: '/me',
      handler: 'auth.me',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/change-password',
      handler: 'auth.changePassword',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/forgot-password',
      handler: 'auth.forgotPassword',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/reset-password',
      handler: 'auth.resetPassword',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/send-email-confirmation',
      handler: 'auth.sendEmailConfirmation',
      config: { auth: false as const },
    },
    {
      method: 'POST',
      path: '/auth/email-confirmation',
      handler: 'auth.confirmEmail',
      config: { auth: false as const },
    },
    {
      method: 'GET',
      path: '/auth/email-confirmation',
      handler: 'auth.confirmEmailPage',
      config: { auth: false as const, middlewares: [`plugin::${PLUGIN_ID}.redact-query`] },
    },
  ],
};
