import type { Core } from '@strapi/strapi';

// Nothing to release: the plugin keeps no timers, connections or caches of its own.
export default (_context: { strapi: Core.Strapi }) => {};
