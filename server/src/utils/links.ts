import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig } from './config';

/**
 * Every link the plugin puts into an email is built here, with `URL`, so credentials,
 * confirmation and reset emails and the settings page's previews all carry the same links.
 */

/**
 * `base` with `name=value` in its query, the site's own parameters and fragment kept
 * (`https://shop.example/confirm?lang=en#top` → `…/confirm?lang=en&confirmation=…#top`). A
 * parameter of that name already in `base` is replaced, so a link never carries two tokens.
 */
export const withQueryParameter = (base: string | URL, name: string, value: string): string => {
  const url = new URL(base);
  url.searchParams.set(name, value);
  return url.toString();
};

/**
 * The plugin's own confirmation page, under the server's public URL and the REST prefix. Their
 * path segments are joined with single slashes, whatever slashes the settings carry.
 */
const builtInConfirmationPage = (strapi: Core.Strapi): URL => {
  const page = new URL(String(strapi.config.get('server.absoluteUrl')));
  const prefix = String(strapi.config.get('api.rest.prefix') ?? '/api');
  page.pathname = [page.pathname, prefix, PLUGIN_ID, 'auth', 'email-confirmation']
    .flatMap((path) => path.split('/'))
    .filter((segment) => segment !== '')
    .join('/');
  return page;
};

/**
 * The link that confirms an address: `emailConfirmation.pageUrl` when the site has its own page,
 * else the plugin's built-in page, with the token in `confirmation`.
 */
export const confirmationLink = (strapi: Core.Strapi, token: string): string =>
  withQueryParameter(
    getConfig(strapi).emailConfirmation.pageUrl ?? builtInConfirmationPage(strapi),
    'confirmation',
    token
  );

/**
 * The link to the site's reset page (`resetPassword.url`) with the code in `code`; null without
 * that page, when the email carries the code itself.
 */
export const resetLink = (strapi: Core.Strapi, code: string): string | null => {
  const { url } = getConfig(strapi).resetPassword;
  return url ? withQueryParameter(url, 'code', code) : null;
};

/** The links of one Strapi app, as the email catalogue builds them from tokens. */
export interface EmailLinks {
  confirmation(token: string): string;
  reset(code: string): string | null;
}

export const emailLinks = (strapi: Core.Strapi): EmailLinks => ({
  confirmation: (token) => confirmationLink(strapi, token),
  reset: (code) => resetLink(strapi, code),
});
