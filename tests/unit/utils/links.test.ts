import type { Core } from '@strapi/strapi';

import { defaultConfig, type PluginConfig } from '../../../server/src/config';
import {
  confirmationLink,
  emailLinks,
  resetLink,
  withQueryParameter,
} from '../../../server/src/utils/links';

const TOKEN = 'tok_-en0123456789abcdefghijklmnopqrstuvwxyzAB';

/** A Strapi whose configuration answers exactly these keys, and throws for any other. */
const strapiWith = (plugin: Partial<PluginConfig>, app: Record<string, unknown> = {}) => {
  const values: Record<string, unknown> = {
    'plugin::customer-login': { ...defaultConfig, ...plugin },
    'server.absoluteUrl': 'https://cms.shop.example',
    'api.rest.prefix': '/api',
    ...app,
  };
  const get = (key: string) => {
    if (!(key in values)) throw new Error(`unexpected config key ${key}`);
    return values[key];
  };
  return { config: { get } } as unknown as Core.Strapi;
};

describe('withQueryParameter', () => {
  test.each([
    ['https://shop.example/confirm', 'https://shop.example/confirm?t=abc'],
    ['https://shop.example/confirm?lang=en', 'https://shop.example/confirm?lang=en&t=abc'],
    ['https://shop.example/confirm?lang=en#top', 'https://shop.example/confirm?lang=en&t=abc#top'],
    ['https://shop.example/confirm#/de/confirm', 'https://shop.example/confirm?t=abc#/de/confirm'],
    ['https://shop.example/?t=old&lang=en', 'https://shop.example/?t=abc&lang=en'],
  ])('Given %s, Then the link is %s', (base, link) => {
    expect(withQueryParameter(base, 't', 'abc')).toBe(link);
  });

  test('Given a value with URL characters, Then it stays inside its own parameter', () => {
    const link = withQueryParameter('https://shop.example/r?lang=en', 'code', 'a&b=c#d');
    const url = new URL(link);
    expect(url.searchParams.get('code')).toBe('a&b=c#d');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.hash).toBe('');
  });
});

describe('confirmationLink', () => {
  test("Given the site's page with a query and a fragment, Then both are kept and the token has its own parameter", () => {
    const strapi = strapiWith({
      emailConfirmation: { tokenTtl: '72h', pageUrl: 'https://shop.example/confirm?lang=en#top' },
    });

    const url = new URL(confirmationLink(strapi, TOKEN));

    expect(url.origin + url.pathname).toBe('https://shop.example/confirm');
    expect(url.searchParams.get('lang')).toBe('en');
    expect(url.searchParams.get('confirmation')).toBe(TOKEN);
    expect(url.hash).toBe('#top');
  });

  test("Given no page of the site's, Then it is the built-in page under the server URL and the REST prefix", () => {
    expect(confirmationLink(strapiWith({}), TOKEN)).toBe(
      `https://cms.shop.example/api/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
    const behindPath = strapiWith(
      {},
      { 'server.absoluteUrl': 'https://shop.example/cms/', 'api.rest.prefix': '/rest/' }
    );
    expect(confirmationLink(behindPath, TOKEN)).toBe(
      `https://shop.example/cms/rest/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
  });

  test('Given trailing slashes on the server URL and the prefix, or no prefix set, Then the path has single slashes and the default /api', () => {
    const slashes = strapiWith(
      {},
      { 'server.absoluteUrl': 'https://shop.example/cms//', 'api.rest.prefix': '/rest//' }
    );
    expect(confirmationLink(slashes, TOKEN)).toBe(
      `https://shop.example/cms/rest/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
    expect(confirmationLink(strapiWith({}, { 'api.rest.prefix': undefined }), TOKEN)).toBe(
      `https://cms.shop.example/api/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
  });
  test('Given a REST prefix without its leading slash, or none, Then the path still has one slash between segments', () => {
    expect(confirmationLink(strapiWith({}, { 'api.rest.prefix': 'rest' }), TOKEN)).toBe(
      `https://cms.shop.example/rest/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
    expect(confirmationLink(strapiWith({}, { 'api.rest.prefix': '' }), TOKEN)).toBe(
      `https://cms.shop.example/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
  });

  test('Given a server URL with a port and no path, Then the port is kept', () => {
    const strapi = strapiWith({}, { 'server.absoluteUrl': 'http://localhost:1337' });
    expect(confirmationLink(strapi, TOKEN)).toBe(
      `http://localhost:1337/api/customer-login/auth/email-confirmation?confirmation=${TOKEN}`
    );
  });

  test("Given the site's page already carrying a confirmation parameter, Then the token replaces it", () => {
    const strapi = strapiWith({
      emailConfirmation: { tokenTtl: '72h', pageUrl: 'https://shop.example/c?confirmation=x' },
    });
    expect(confirmationLink(strapi, TOKEN)).toBe(`https://shop.example/c?confirmation=${TOKEN}`);
  });
});

describe('resetLink', () => {
  test('Given resetPassword.url with a query and a fragment, Then the code joins them in its own parameter', () => {
    const strapi = strapiWith({
      resetPassword: { tokenTtl: '1h', url: 'https://shop.example/reset?lang=en#top' },
    });

    expect(resetLink(strapi, TOKEN)).toBe(`https://shop.example/reset?lang=en&code=${TOKEN}#top`);
  });

  test('Given no resetPassword.url, Then there is no link', () => {
    expect(resetLink(strapiWith({}), TOKEN)).toBeNull();
  });
});

describe('emailLinks', () => {
  test('Given an app, Then its links are the ones confirmationLink and resetLink build for it', () => {
    const strapi = strapiWith({
      resetPassword: { tokenTtl: '1h', url: 'https://shop.example/reset' },
    });
    const links = emailLinks(strapi);

    expect(links.confirmation(TOKEN)).toBe(confirmationLink(strapi, TOKEN));
    expect(links.reset(TOKEN)).toBe(`https://shop.example/reset?code=${TOKEN}`);
    expect(emailLinks(strapiWith({})).reset(TOKEN)).toBeNull();
  });
});
