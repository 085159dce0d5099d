import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import { getConfig } from './config';

/**
 * Every link the plugin puts into an email is built here, so credentials, confirmation and
 * reset emails and the settings page's previews all carry the same links.
 */

/**
 * `base` with `name=value` in its query, the site's own parameters and fragment kept
 * (`https://shop.example/confirm?lang=en#top` → `…/confirm?lang=en&confirmation=…#top`). A
 * parameter of that name already in `base` is replaced, so a link never carries two tokens.
 */
export const withQueryParameter = (base: string, name: string, value: string): string => {
  const url = new URL(base);
  url.searchParams.set(name, value);
  return url.toString();
};

/** The plugin's own confirmation page, under the server's public URL and the REST prefix. */
const builtInConfirmationPage = (strapi: Core.Strapi): string => {
  const server = String(strapi.config.get('server.absoluteUrl') ?? '').replace(/\/+$/, '');
  const prefix = String(strapi.config.get('api.rest.prefix') ?? '/api').replace(/\/+$/, '');
  return `${server}${prefix}/${PLUGIN_ID}/auth/email-confirmation`;
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
