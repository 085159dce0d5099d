import type { Core } from '@strapi/strapi';
import { errors } from './strapi-utils';

import { PERMISSIONS } from '../../../shared/permissions';
import { getConfig, getCustomerModel, isLocalized } from './config';
import type { EditLayout } from './edit-layout';
import { getService } from './get-service';

/*
 * The one place that reaches into the Content Manager's services. They are not part of Strapi's
 * typed public API, so each is described here once, narrowly: an upgrade of Strapi that changes
 * them touches this file only.
 */

export type ContentManagerAction = 'read' | 'create' | 'update';

/** The admin's ability, as Strapi's admin authentication puts it on `ctx.state.userAbility`. */
export interface UserAbility {
  can(action: string, subject?: unknown, field?: string): boolean;
}

/** The Content Manager's permission checker for one admin and one model. */
export interface PermissionChecker {
  can: Record<ContentManagerAction, (entity?: unknown, field?: string) => boolean>;
  cannot: Record<ContentManagerAction, (entity?: unknown, field?: string) => boolean>;
  sanitizedQuery: Record<ContentManagerAction, (query: object) => Promise<object>>;
}

interface DocumentManager {
  findOne(
    documentId: string,
    model: string,
    params: { populate: unknown; locale?: string; status: 'draft' }
  ): Promise<Record<string, unknown> | null>;
}

type PopulateBuilder = (model: string) => {
  populateFromQuery(query: object): { build(): Promise<unknown> };
};

interface ContentTypesConfiguration {
  findConfiguration(ct: { uid: string }): Promise<{
    uid: string;
    layouts: { edit: EditLayout; list: string[] };
    [key: string]: unknown;
  }>;
  updateConfiguration(ct: { uid: string }, configuration: object): Promise<unknown>;
}

/** What the admin may do to customers, as the Content Manager itself decides it. */
export const customerPermissions = (
  strapi: Core.Strapi,
  userAbility: UserAbility
): PermissionChecker =>
  strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility, model: getConfig(strapi).contentType }) as PermissionChecker;

/**
 * A customer's draft loaded the way the Content Manager loads it for its own checks: with what the
 * admin's permission conditions (such as "is creator") read. Null when that version does not exist.
 */
export const loadForPermissionCheck = async (
  strapi: Core.Strapi,
  permissions: PermissionChecker,
  action: ContentManagerAction,
  documentId: string,
  locale?: string
): Promise<Record<string, unknown> | null> => {
  const contentManager = strapi.plugin('content-manager');
  const model = getConfig(strapi).contentType;
  const populate = await (contentManager.service('populate-builder') as unknown as PopulateBuilder)(
    model
  )
    .populateFromQuery(await permissions.sanitizedQuery[action]({}))
    .build();
  return (contentManager.service('document-manager') as unknown as DocumentManager).findOne(
    documentId,
    model,
    { populate, locale, status: 'draft' }
  );
};

type CustomerAction = Extract<ContentManagerAction, 'read' | 'update'>;

const refusal = (action: CustomerAction, what: string) =>
  new errors.PolicyError(`You may not ${action} ${what}`, {
    code: action === 'read' ? 'CUSTOMER_READ_PERMISSION' : 'CUSTOMER_UPDATE_PERMISSION',
  });

/**
 * Refuses an admin who may not `action` any customer, before any document is looked up: their
 * answers then never tell which documents exist.
 *
 * @throws PolicyError (403) without the permission on every customer.
 */
export const assertMayAnyCustomer = (permissions: PermissionChecker, action: CustomerAction) => {
  if (permissions.cannot[action]()) throw refusal(action, 'customers');
};

/**
 * The customer, once the admin may act on it as `action` says, checked as the Content Manager
 * checks it (conditions such as "is creator" included).
 *
 * @throws NotFoundError when the document does not exist.
 * @throws PolicyError (403) without the permission on this customer.
 */
export const findPermittedCustomer = async (
  strapi: Core.Strapi,
  permissions: PermissionChecker,
  action: CustomerAction,
  documentId: string
) => {
  // A localized customer is checked in a locale it has; any other has one version to load.
  let locale: string | undefined;
  if (isLocalized(getCustomerModel(strapi))) {
    const row = await getService(strapi, 'customers').findEntry(documentId);
    if (!row) throw new errors.NotFoundError('Customer not found');
    locale = typeof row.locale === 'string' ? row.locale : undefined;
  }
  const entry = await loadForPermissionCheck(strapi, permissions, action, documentId, locale);
  if (!entry && locale === undefined) throw new errors.NotFoundError('Customer not found');
  if (!entry || permissions.cannot[action](entry)) throw refusal(action, 'this customer');
  return entry;
};

/** The Content Manager's stored configuration of the customer type (its edit layout). */
export const customerConfiguration = (strapi: Core.Strapi) =>
  strapi.plugin('content-manager').service('content-types') as unknown as ContentTypesConfiguration;

/** Why an admin may not generate and send a customer's credentials, in words and as codes. */
const SEND_REFUSALS = {
  permission: {
    code: 'SEND_CREDENTIALS_PERMISSION',
    words:
      'the permission "Generate and send credentials" (Settings → Roles → Plugins → Customer Login)',
  },
  password: {
    code: 'PASSWORD_FIELD_PERMISSION',
    words: "the Content Manager's update permission on this customer's Password field",
  },
} as const;

/**
 * Whose password is being changed: a customer as `loadForPermissionCheck` loads it, one being
 * created (`'new'`), or any customer at all (`'any'`: may the admin change some customer's).
 */
export type PasswordTarget = Record<string, unknown> | 'new' | 'any';

/**
 * Generating and sending credentials replaces a customer's password and mails it, so it needs both
 * the plugin's permission and the right to change that very customer's password (field-level
 * permissions and conditions, as the Content Manager decides them).
 *
 * @throws PolicyError (403) naming what is missing: Strapi shows a PolicyError's message, while it
 *   replaces that of any other ForbiddenError with "Forbidden".
 */
export const assertMaySendCredentials = (
  userAbility: UserAbility,
  permissions: PermissionChecker,
  target: PasswordTarget
) => {
  const missing: Array<keyof typeof SEND_REFUSALS> = [];
  if (!userAbility.can(PERMISSIONS.sendCredentials)) missing.push('permission');
  const mayChangePassword =
    target === 'new'
      ? permissions.can.create(undefined, 'password')
      : permissions.can.update(target === 'any' ? undefined : target, 'password');
  if (!mayChangePassword) missing.push('password');
  if (missing.length === 0) return;
  throw new errors.PolicyError(
    `Generating and sending credentials needs ${missing.map((key) => SEND_REFUSALS[key].words).join(' and ')}.`,
    { code: 'SEND_CREDENTIALS_FORBIDDEN', missing: missing.map((key) => SEND_REFUSALS[key].code) }
  );
};
