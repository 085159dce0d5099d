import { contentTypes } from '../utils/strapi-utils';

import type { EmailLocale } from '../../../shared/email-templates';
import { LOGIN_ATTRIBUTE_NAMES } from '../login-attributes';
import type { Values } from './render';

/**
 * The `customer.<field>` variables every email offers besides its own (see `catalogue.ts`): which
 * fields, and their values from a stored customer or from a made-up one.
 */

/** Attribute types that read well as text in an email. */
const FIELD_TYPES = new Set([
  'string',
  'text',
  'email',
  'uid',
  'enumeration',
  'integer',
  'biginteger',
  'float',
  'decimal',
  'date',
  'datetime',
  'time',
]);

interface Attribute {
  type: string;
  private?: boolean;
  enum?: string[];
}

/**
 * The registered customer content type (`strapi.contentType(uid)`), as Strapi's privacy test
 * reads it: its attributes, and `options.privateAttributes`.
 */
export type CustomerModel = Parameters<typeof contentTypes.isPrivateAttribute>[0];

/** The login's own attributes and Strapi's bookkeeping are not the customer's data. */
const HIDDEN_FIELDS = new Set<string>([
  ...LOGIN_ATTRIBUTE_NAMES,
  'createdAt',
  'updatedAt',
  'publishedAt',
  'locale',
]);

/**
 * The customer attributes a template may show: scalar, the customer's own, and public by
 * Strapi's own rule (`contentTypes.isPrivateAttribute`: `private: true` on the attribute, the
 * type's `options.privateAttributes`, or the app's `api.responses.privateAttributes`), so an
 * email never shows what the Content API would hide. The password hash (private, of type
 * password) can therefore never reach an email.
 */
export const customerFields = (model: CustomerModel): Array<[string, Attribute]> =>
  Object.entries(model.attributes as Record<string, Attribute>).filter(
    ([name, attribute]) =>
      FIELD_TYPES.has(attribute.type) &&
      !HIDDEN_FIELDS.has(name) &&
      !contentTypes.isPrivateAttribute(model, name)
  );

const asText = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value);
};

/** `customer.<field>` values of a stored customer row (empty when there is no customer). */
export const customerValues = (
  model: CustomerModel,
  customer: Record<string, unknown> | null
): Values =>
  Object.fromEntries(
    customerFields(model).map(([name]) => [`customer.${name}`, asText(customer?.[name])])
  );

const SAMPLE_TEXT: Record<string, string> = {
  firstName: 'Jane',
  firstname: 'Jane',
  lastName: 'Doe',
  lastname: 'Doe',
  name: 'Jane Doe',
  fullName: 'Jane Doe',
  username: 'janedoe',
  company: 'Example Ltd',
  phone: '+1 555 0100',
};

/** The made-up customer's address, where sample emails pretend to go. */
export const SAMPLE_EMAIL = 'jane.doe@example.com';

/** `customer.<field>` values of a made-up customer, for previews and test emails. */
export const sampleCustomerValues = (
  model: CustomerModel,
  options: { emailField: string; localeField?: string; locale: EmailLocale }
): Values =>
  Object.fromEntries(
    customerFields(model).map(([name, attribute]) => {
      const sample = (() => {
        if (name === options.emailField || attribute.type === 'email') return SAMPLE_EMAIL;
        if (name === options.localeField) return options.locale;
        switch (attribute.type) {
          case 'enumeration':
            return attribute.enum?.[0] ?? '';
          case 'integer':
          case 'biginteger':
            return '42';
          case 'float':
          case 'decimal':
            return '4.2';
          case 'date':
            return '2030-01-31';
          case 'datetime':
            return '2030-01-31T09:30:00.000Z';
          case 'time':
            return '09:30:00';
          default:
            return SAMPLE_TEXT[name] ?? `(${name})`;
        }
      })();
      return [`customer.${name}`, sample];
    })
  );
