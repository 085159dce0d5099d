import { randomBytes } from 'node:crypto';

import type { Model } from '@strapi/database';
import type { Core } from '@strapi/strapi';

import { PLUGIN_ID } from '../../shared/plugin-id';
import { LOGIN_FIELD_NAME } from '../../shared/login-field';
import { LOGIN_ATTRIBUTE_NAMES, loginAttributes } from './login-attributes';
import { models } from './models';
import { getConfig } from './utils/config';

const EMAIL_TYPES = new Set(['email', 'string']);

const fail = (key: string, problem: string, fix: string): never => {
  throw new Error(
    `${PLUGIN_ID}: "${key}" ${problem}. Fix: ${fix} in config/plugins under '${PLUGIN_ID}': { config: { ... } }.`
  );
};

/** Checks that the configured customer type can carry logins, then adds the login attributes. */
const extendCustomerType = (strapi: Core.Strapi) => {
  const { contentType, emailField, password } = getConfig(strapi);
  const registry = strapi.get('content-types');
  const customerType = registry.get(contentType as never) as
    { kind: string; attributes: Record<string, { type: string }> } | undefined;

  if (!customerType) {
    fail(
      'contentType',
      `is "${contentType}", but no content type has that uid`,
      'set contentType to the uid of your customer collection type, such as "api::customer.customer"'
    );
    return;
  }
  if (customerType.kind !== 'collectionType') {
    fail(
      'contentType',
      `"${contentType}" is a single type`,
      'point contentType at a collection type'
    );
  }

  const emailAttribute = customerType.attributes[emailField];
  if (!emailAttribute || !EMAIL_TYPES.has(emailAttribute.type)) {
    fail(
      'emailField',
      emailAttribute
        ? `names "${emailField}", which is of type ${emailAttribute.type} on ${contentType}`
        : `names "${emailField}", which is not an attribute of ${contentType}`,
      `set emailField to the email (or string) attribute of ${contentType} that holds the address`
    );
  }

  const clashes = LOGIN_ATTRIBUTE_NAMES.filter((name) => name in customerType.attributes);
  if (clashes.length > 0) {
    fail(
      'contentType',
      `"${contentType}" already has the attribute(s) ${clashes.join(', ')}, which this plugin adds`,
      `rename or remove ${clashes.join(', ')} on ${contentType}, or point contentType at another type`
    );
  }

  strapi.customFields.register({ name: LOGIN_FIELD_NAME, plugin: PLUGIN_ID, type: 'password' });
  registry.extend(contentType as never, (schema: { attributes: Record<string, unknown> }) => {
    Object.assign(
      schema.attributes,
      loginAttributes({ emailField, minLength: password.minLength })
    );
  });
};

const LOCALE_FIELD_TYPES = new Set(['string', 'enumeration']);

/** `email.localeField`, when set, must name a string or enumeration attribute of the customer type. */
const checkLocaleField = (strapi: Core.Strapi) => {
  const { contentType, email } = getConfig(strapi);
  if (!email.localeField) return;
  const customerType = strapi.get('content-types').get(contentType as never) as
    { attributes: Record<string, { type: string }> } | undefined;
  const attribute = customerType?.attributes[email.localeField];
  if (!attribute || !LOCALE_FIELD_TYPES.has(attribute.type)) {
    fail(
      'email.localeField',
      attribute
        ? `names "${email.localeField}", which is of type ${attribute.type} on ${contentType}`
        : `names "${email.localeField}", which is not an attribute of ${contentType}`,
      `set email.localeField to a string or enumeration attribute of ${contentType} holding a language such as "it", or remove it`
    );
  }
};

/** Outside development a JWT secret must be configured; in development a random one is used. */
const ensureJwtSecret = (strapi: Core.Strapi) => {
  if (getConfig(strapi).jwt.secret) return;

  if (strapi.config.get('environment') !== 'development') {
    fail(
      'jwt.secret',
      'is required outside development (it signs customer sessions)',
      `set jwt: { secret: env('CUSTOMER_LOGIN_JWT_SECRET') } and give that variable at least 16 random characters`
    );
  }
  strapi.config.set(`plugin::${PLUGIN_ID}.jwt.secret`, randomBytes(32).toString('base64url'));
  strapi.log.warn(
    `${PLUGIN_ID}: no jwt.secret configured, so this development server signs customer sessions with a random secret; they end when it restarts.`
  );
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const registry = strapi.get<{ add(model: Model): unknown }>('models');
  for (const model of models) registry.add(model);
  extendCustomerType(strapi);
  checkLocaleField(strapi);
  ensureJwtSecret(strapi);
};
