import { LOGIN_FIELD_NAME } from '../../shared/login-field';
import { PLUGIN_ID } from '../../shared/plugin-id';
import { BulkSendCredentialsAction } from './components/BulkSendCredentials';
import { LoginPanel } from './components/LoginPanel';
import { getTranslation } from './utils/getTranslation';
import { SETTINGS_READ_PERMISSIONS } from './utils/permissions';
import { prefixPluginTranslations } from './utils/prefixPluginTranslations';

interface AdminApp {
  registerPlugin: (plugin: { id: string; name: string }) => void;
  customFields: { register: (field: object) => void };
  addSettingsLink: (section: { id: string; intlLabel: object }, link: object) => void;
  getPlugin: (id: 'content-manager') => {
    apis: {
      addEditViewSidePanel: (panels: unknown[]) => void;
      addBulkAction: (actions: unknown[]) => void;
    };
  };
}

export default {
  register(app: AdminApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
    app.customFields.register({
      name: LOGIN_FIELD_NAME,
      pluginId: PLUGIN_ID,
      type: 'password',
      intlLabel: { id: getTranslation('field.label'), defaultMessage: 'Login' },
      intlDescription: {
        id: getTranslation('field.description'),
        defaultMessage: 'Login credentials of a customer',
      },
      components: { Input: () => import('./components/LoginSection') },
    });
    // Settings → Customer Login → Email templates.
    app.addSettingsLink(
      {
        id: PLUGIN_ID,
        intlLabel: { id: getTranslation('plugin.name'), defaultMessage: 'Customer Login' },
      },
      {
        id: 'email-templates',
        to: `${PLUGIN_ID}/email-templates`,
        intlLabel: { id: getTranslation('templates.title'), defaultMessage: 'Email templates' },
        Component: () =>
          import('./pages/EmailTemplatesPage').then((module) => ({
            default: module.ProtectedEmailTemplatesPage,
          })),
        permissions: SETTINGS_READ_PERMISSIONS,
      }
    );
  },

  bootstrap(app: AdminApp) {
    const contentManager = app.getPlugin('content-manager').apis;
    contentManager.addEditViewSidePanel([LoginPanel]);
    contentManager.addBulkAction([BulkSendCredentialsAction]);
  },

  async registerTrads({ locales }: { locales: string[] }) {
    return Promise.all(
      locales.map(async (locale) => {
        try {
          const { default: data } = (await import(`./translations/${locale}.json`)) as {
            default: Record<string, string>;
          };
          return { data: prefixPluginTranslations(data, PLUGIN_ID), locale };
        } catch {
          return { data: {}, locale };
        }
      })
    );
  },
};
