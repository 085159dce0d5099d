import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import * as React from 'react';
import { useIntl } from 'react-intl';

import type { EmailTemplate, EmailTemplateEntry } from '../../../shared/contracts/email-templates';
import { isSecretVariable, type EmailKey, type EmailLocale } from '../../../shared/email-templates';
import {
  errorKey,
  type FieldErrors,
  type TemplatePart,
  useEmailPreview,
  useSendTestEmail,
} from '../hooks/useEmailTemplates';
import { EMAIL_DESCRIPTIONS, SECRET_LABEL, variableLabel } from '../utils/emailTemplateLabels';
import { getTranslation } from '../utils/getTranslation';

interface EmailTemplateEditorProps {
  email: EmailKey;
  locale: EmailLocale;
  /** The form's current version. */
  template: EmailTemplate;
  /** What is saved, and the shipped default. */
  entry: EmailTemplateEntry;
  variables: string[];
  /** Errors of the last refused save. */
  errors: FieldErrors;
  canUpdate: boolean;
  onChange: (part: TemplatePart, value: string) => void;
  onRestoreDefault: () => void;
}

const MONOSPACE = { fontFamily: 'monospace', fontSize: '1.3rem' };

/** One email in one language: its three parts, the variables it offers, and the live preview. */
export const EmailTemplateEditor = ({
  email,
  locale,
  template,
  entry,
  variables,
  errors,
  canUpdate,
  onChange,
  onRestoreDefault,
}: EmailTemplateEditorProps) => {
  const { formatMessage } = useIntl();
  const preview = useEmailPreview(email, locale, template);
  const testEmail = useSendTestEmail();
  const isDefault =
    template.subject === entry.default.subject &&
    template.html === entry.default.html &&
    template.text === entry.default.text;

  const errorOf = (part: TemplatePart) =>
    errors[errorKey(email, locale, part)] ??
    (preview.status === 'invalid' ? preview.errors[part] : undefined);

  const label = (part: TemplatePart) =>
    formatMessage(
      {
        subject: { id: getTranslation('templates.subject'), defaultMessage: 'Subject' },
        html: { id: getTranslation('templates.html'), defaultMessage: 'HTML body' },
        text: { id: getTranslation('templates.text'), defaultMessage: 'Text body' },
      }[part]
    );

  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius marginTop={4}>
      <Flex direction="column" alignItems="stretch" gap={6}>
        <Flex justifyContent="space-between" alignItems="flex-start" gap={4} wrap="wrap">
          <Flex direction="column" alignItems="flex-start" gap={2}>
            <Badge active={entry.customized}>
              {entry.customized
                ? formatMessage({
                    id: getTranslation('templates.customized'),
                    defaultMessage: 'Customized',
                  })
                : formatMessage({
                    id: getTranslation('templates.default'),
                    defaultMessage: 'Default template',
                  })}
            </Badge>
            <Typography variant="omega" textColor="neutral600">
              {formatMessage(EMAIL_DESCRIPTIONS[email])}
            </Typography>
          </Flex>
          {canUpdate && (
            <Flex gap={2}>
              <Button variant="tertiary" onClick={onRestoreDefault} disabled={isDefault}>
                {formatMessage({
                  id: getTranslation('templates.restoreDefault'),
                  defaultMessage: 'Restore default',
                })}
              </Button>
              <Button
                variant="secondary"
                loading={testEmail.isSending}
                disabled={preview.status !== 'ready'}
                onClick={() => testEmail.send({ email, locale, template })}
              >
                {formatMessage({
                  id: getTranslation('templates.sendTest'),
                  defaultMessage: 'Send me a test email',
                })}
              </Button>
            </Flex>
          )}
        </Flex>

        <Grid.Root gap={6}>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch" gap={4}>
            <Field.Root name="subject" error={errorOf('subject')}>
              <Field.Label>{label('subject')}</Field.Label>
              <TextInput
                value={template.subject}
                disabled={!canUpdate}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  onChange('subject', event.target.value)
                }
              />
              <Field.Error />
            </Field.Root>
            <Field.Root name="html" error={errorOf('html')}>
              <Field.Label>{label('html')}</Field.Label>
              <Textarea
                value={template.html}
                disabled={!canUpdate}
                rows={12}
                style={MONOSPACE}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  onChange('html', event.target.value)
                }
              />
              <Field.Error />
            </Field.Root>
            <Field.Root name="text" error={errorOf('text')}>
              <Field.Label>{label('text')}</Field.Label>
              <Textarea
                value={template.text}
                disabled={!canUpdate}
                rows={10}
                style={MONOSPACE}
                onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                  onChange('text', event.target.value)
                }
              />
              <Field.Error />
            </Field.Root>
            <Variables variables={variables} />
          </Grid.Item>

          <Grid.Item col={6} s={12} direction="column" alignItems="stretch" gap={3}>
            <Typography variant="delta" tag="h3">
              {formatMessage({
                id: getTranslation('templates.preview'),
                defaultMessage: 'Preview with sample data',
              })}
            </Typography>
            <EmailPreview preview={preview} />
          </Grid.Item>
        </Grid.Root>
      </Flex>
    </Box>
  );
};

/** The variables, and how to write them. */
const Variables = ({ variables }: { variables: string[] }) => {
  const { formatMessage } = useIntl();
  return (
    <Box background="neutral100" padding={4} hasRadius>
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Typography variant="sigma" tag="h3">
          {formatMessage({
            id: getTranslation('templates.variables'),
            defaultMessage: 'Variables',
          })}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {formatMessage(
            {
              id: getTranslation('templates.syntax'),
              defaultMessage:
                'Insert a value with {variable}. Show a part only when a value is not empty with {condition}. Values are HTML-escaped in the HTML body; the subject stays on one line. Templates never run code.',
            },
            {
              variable: <code key="variable">{'<%= name %>'}</code>,
              condition: <code key="condition">{'<% if name %> … <% else %> … <% end %>'}</code>,
            }
          )}
        </Typography>
        {variables.some(isSecretVariable) && (
          <Typography variant="pi" textColor="neutral600">
            {formatMessage(
              {
                id: getTranslation('templates.secrets'),
                defaultMessage:
                  "Secret values may stand only in the body: as text, apart from any web address, or a link's whole address ({link}). Never in the subject or in another attribute.",
              },
              { link: <code key="link">{'<a href="<%= resetUrl %>">'}</code> }
            )}
          </Typography>
        )}
        <Box tag="ul">
          {variables.map((name) => (
            <Box tag="li" key={name} paddingTop={1}>
              <Typography variant="pi">
                <code>{`<%= ${name} %>`}</code>{' '}
                {isSecretVariable(name) && (
                  <>
                    <Badge>{formatMessage(SECRET_LABEL)}</Badge>{' '}
                  </>
                )}
                <Typography variant="pi" textColor="neutral600">
                  {formatMessage(variableLabel(name))}
                </Typography>
              </Typography>
            </Box>
          ))}
        </Box>
      </Flex>
    </Box>
  );
};

/** What the server rendered: the subject, the HTML in a sandboxed frame, and the text. */
const EmailPreview = ({ preview }: { preview: ReturnType<typeof useEmailPreview> }) => {
  const { formatMessage } = useIntl();
  if (preview.status === 'loading') {
    return (
      <Typography variant="pi" textColor="neutral600">
        {formatMessage({
          id: getTranslation('templates.preview.loading'),
          defaultMessage: 'Rendering…',
        })}
      </Typography>
    );
  }
  if (preview.status !== 'ready') {
    return (
      <Typography variant="pi" textColor="danger600" role="alert">
        {preview.status === 'failed'
          ? preview.message
          : formatMessage({
              id: getTranslation('templates.preview.invalid'),
              defaultMessage: 'This template cannot be rendered: see the errors under its fields.',
            })}
      </Typography>
    );
  }
  const { subject, html, text } = preview.email;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Box>
        <Typography variant="pi" fontWeight="bold">
          {formatMessage({ id: getTranslation('templates.subject'), defaultMessage: 'Subject' })}
          :{' '}
        </Typography>
        <Typography variant="pi" data-testid="preview-subject">
          {subject}
        </Typography>
      </Box>
      <Box borderColor="neutral200" hasRadius overflow="hidden">
        {/* sandbox="" : no scripts, no forms, no navigation, no same-origin access. */}
        <iframe
          title={formatMessage({
            id: getTranslation('templates.preview.html'),
            defaultMessage: 'HTML preview',
          })}
          srcDoc={html}
          sandbox=""
          style={{ width: '100%', height: '320px', border: 0, background: 'white' }}
        />
      </Box>
      <Box
        tag="pre"
        background="neutral100"
        padding={4}
        hasRadius
        aria-label={formatMessage({
          id: getTranslation('templates.preview.text'),
          defaultMessage: 'Text preview',
        })}
        style={{ ...MONOSPACE, whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: 0 }}
      >
        {text}
      </Box>
    </Flex>
  );
};
