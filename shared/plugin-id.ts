export const PLUGIN_ID = 'customer-login' as const;
