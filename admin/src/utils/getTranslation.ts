import { PLUGIN_ID } from '../../../shared/plugin-id';

/** The full translation id of one of this plugin's keys. */
export const getTranslation = (id: string) => `${PLUGIN_ID}.${id}`;
