import type { Core } from '@strapi/strapi';

import type { UserAbility } from './content-manager';

/**
 * Who is behind a write to a customer, decided by the request it runs in (Strapi's request
 * context):
 * - `admin`: an admin route (the Content Manager above all), with the admin's ability;
 * - `content-api`: any other request: REST, GraphQL, a site's own routes and controllers;
 * - `code`: no request at all: the site's scripts, cron tasks and bootstrap, trusted as its own.
 */
export type RequestOrigin =
  { kind: 'admin'; userAbility: UserAbility | null } | { kind: 'content-api' } | { kind: 'code' };

interface RequestState {
  route?: { info?: { type?: string } };
  userAbility?: UserAbility;
}

export const requestOrigin = (strapi: Core.Strapi): RequestOrigin => {
  const ctx = strapi.requestContext.get() as { state?: RequestState } | undefined;
  if (!ctx) return { kind: 'code' };
  if (ctx.state?.route?.info?.type === 'admin') {
    return { kind: 'admin', userAbility: ctx.state.userAbility ?? null };
  }
  return { kind: 'content-api' };
};
