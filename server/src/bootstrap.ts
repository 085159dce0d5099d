import type { Core } from '@strapi/strapi';

import { createDocumentMiddlewares } from './middlewares/document-service';
import { PERMISSION_ACTIONS } from '../../shared/permissions';
import { PLUGIN_ID } from '../../shared/plugin-id';
import { getConfig } from './utils/config';
import { customerConfiguration } from './utils/content-manager';
import { getService } from './utils/get-service';
import { arrangeEditLayout } from './utils/edit-layout';

/** Puts the Login section after the customer's own fields in the Content Manager edit view. */
const placeLoginSection = async (strapi: Core.Strapi) => {
  const ct = { uid: getConfig(strapi).contentType };
  const service = customerConfiguration(strapi);
  const { uid: _uid, ...configuration } = await service.findConfiguration(ct);
  const edit = arrangeEditLayout(configuration.layouts.edit);
  if (edit) {
    await service.updateConfiguration(ct, {
      ...configuration,
      layouts: { ...configuration.layouts, edit },
    });
  }
};

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(
    Object.values(PERMISSION_ACTIONS).map((action) => ({
      section: 'plugins',
      pluginName: PLUGIN_ID,
      ...action,
    }))
  );
  for (const middleware of createDocumentMiddlewares({ strapi })) strapi.documents.use(middleware);
  await placeLoginSection(strapi);
  await getService(strapi, 'credentials').indexLoginAddresses();
  getService(strapi, 'housekeeping').schedule();
};
