/** Prefixes each translation key with the plugin id, as the admin expects. */
export const prefixPluginTranslations = (
  translations: Record<string, string>,
  pluginId: string
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(translations).map(([key, value]) => [`${pluginId}.${key}`, value])
  );
