import {
  Box,
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Tabs,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { Layouts, Page, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import { EMAIL_KEYS, type EmailKey, type EmailLocale } from '../../../shared/email-templates';
import { EmailTemplateEditor } from '../components/EmailTemplateEditor';
import { useEmailTemplates } from '../hooks/useEmailTemplates';
import { EMAIL_LABELS, LOCALE_LABELS } from '../utils/emailTemplateLabels';
import { getTranslation } from '../utils/getTranslation';
import { SETTINGS_PERMISSIONS, SETTINGS_READ_PERMISSIONS } from '../utils/permissions';

/** Settings → Customer Login → Email templates: one tab per email, one language at a time. */
export const EmailTemplatesPage = () => {
  const { formatMessage } = useIntl();
  const { isLoading: isLoadingPermissions, allowedActions } = useRBAC(SETTINGS_PERMISSIONS);
  const templates = useEmailTemplates();
  const [email, setEmail] = React.useState<EmailKey>('credentials');
  const [locale, setLocale] = React.useState<EmailLocale | null>(null);
  const { settings, drafts } = templates;

  const title = formatMessage({
    id: getTranslation('templates.title'),
    defaultMessage: 'Email templates',
  });

  if (templates.loadError) return <Page.Error />;
  if (isLoadingPermissions || !settings || !drafts) return <Page.Loading />;

  const canUpdate = allowedActions.canUpdate === true;
  const language = locale ?? settings.defaultLocale;
  const emailWithError = EMAIL_KEYS.find((key) =>
    Object.keys(templates.errors).some((path) => path.startsWith(`${key}.`))
  );
  const localeLabel = (code: EmailLocale) => {
    const name = formatMessage(LOCALE_LABELS[code]);
    return code === settings.defaultLocale
      ? formatMessage(
          {
            id: getTranslation('templates.locale.default'),
            defaultMessage: '{language} (default)',
          },
          { language: name }
        )
      : name;
  };

  return (
    <Page.Main>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: getTranslation('templates.subtitle'),
          defaultMessage:
            'The emails Customer Login sends to your customers, in each language. Customers get the language of their own field, else the default.',
        })}
        primaryAction={
          canUpdate ? (
            <Button
              startIcon={<Check />}
              onClick={templates.save}
              loading={templates.isSaving}
              disabled={!templates.hasChanges}
            >
              {formatMessage({ id: getTranslation('templates.save'), defaultMessage: 'Save' })}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={4} alignItems="flex-end" wrap="wrap">
            <Box minWidth="240px">
              <Field.Root
                name="language"
                hint={
                  settings.localeField
                    ? formatMessage(
                        {
                          id: getTranslation('templates.locale.hint'),
                          defaultMessage: 'Chosen per customer by their field “{field}”',
                        },
                        { field: settings.localeField }
                      )
                    : undefined
                }
              >
                <Field.Label>
                  {formatMessage({
                    id: getTranslation('templates.locale.label'),
                    defaultMessage: 'Language',
                  })}
                </Field.Label>
                <SingleSelect
                  value={language}
                  onChange={(value) => setLocale(value as EmailLocale)}
                >
                  {settings.locales.map((code) => (
                    <SingleSelectOption key={code} value={code}>
                      {localeLabel(code)}
                      {templates.isModified(email, code) ? ' *' : ''}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
                <Field.Hint />
              </Field.Root>
            </Box>
            {!canUpdate && (
              <Typography variant="pi" textColor="neutral600">
                {formatMessage({
                  id: getTranslation('templates.readOnly'),
                  defaultMessage: 'You may read these templates but not change them.',
                })}
              </Typography>
            )}
          </Flex>
          <Tabs.Root
            value={email}
            onValueChange={(value) => setEmail(value as EmailKey)}
            hasError={emailWithError}
          >
            <Tabs.List
              aria-label={formatMessage({
                id: getTranslation('templates.tabs'),
                defaultMessage: 'Emails',
              })}
            >
              {EMAIL_KEYS.map((key) => (
                <Tabs.Trigger key={key} value={key}>
                  {formatMessage(EMAIL_LABELS[key])}
                  {templates.isModified(key) ? ' *' : ''}
                </Tabs.Trigger>
              ))}
            </Tabs.List>
            {EMAIL_KEYS.map((key) => (
              <Tabs.Content key={key} value={key}>
                <EmailTemplateEditor
                  email={key}
                  locale={language}
                  template={drafts[key][language]}
                  entry={settings.emails[key].templates[language]}
                  variables={settings.emails[key].variables}
                  errors={templates.errors}
                  canUpdate={canUpdate}
                  onChange={(part, value) => templates.setPart(key, language, part, value)}
                  onRestoreDefault={() => templates.restoreDefault(key, language)}
                />
              </Tabs.Content>
            ))}
          </Tabs.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export const ProtectedEmailTemplatesPage = () => (
  <Page.Protect permissions={SETTINGS_READ_PERMISSIONS}>
    <EmailTemplatesPage />
  </Page.Protect>
);
