import type { Core, Struct, UID } from '@strapi/strapi';

import { PLUGIN_ID } from '../../../shared/plugin-id';
import type { PluginConfig } from '../config';

/** The plugin's configuration, already merged with the defaults and checked by the validator. */
export const getConfig = (strapi: Core.Strapi): PluginConfig =>
  strapi.config.get(`plugin::${PLUGIN_ID}`) as PluginConfig;

/** The schema of the configured customer type, login attributes included. */
export const getCustomerModel = (strapi: Core.Strapi): Struct.ContentTypeSchema =>
  strapi.contentType(getConfig(strapi).contentType as UID.ContentType);

/** Whether the customer type has a version per locale (i18n). */
export const isLocalized = (model: Struct.ContentTypeSchema) =>
  (model.pluginOptions?.i18n as { localized?: boolean } | undefined)?.localized === true;
