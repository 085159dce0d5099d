import * as React from 'react';
import { useIntl } from 'react-intl';

import { useMaySendCredentials } from '../hooks/useMaySendCredentials';
import { useModelSchema } from '../utils/content-manager';
import { getTranslation } from '../utils/getTranslation';
import { getLoginFieldOptions } from '../utils/loginField';

const BulkSendDialog = React.lazy(() => import('./BulkSendDialog'));

type Row = Record<string, unknown> & { documentId: string };

interface BulkActionProps {
  documents: Row[];
  model: string;
  collectionType: string;
}

/**
 * Content Manager list view bulk action: "Generate and send credentials" for the selected
 * customers. Shown for the configured customer type to admins with the plugin's permission and the
 * right to change customers' passwords.
 */
export const BulkSendCredentialsAction = ({
  documents,
  model,
  collectionType,
}: BulkActionProps) => {
  const { formatMessage } = useIntl();
  const schema = useModelSchema(model, collectionType);
  const { isLoading, reason } = useMaySendCredentials('BulkSendCredentials', false);
  const options = getLoginFieldOptions(schema);
  if (!options || isLoading || reason !== null) return null;

  const label = formatMessage({
    id: getTranslation('bulk.label'),
    defaultMessage: 'Generate and send credentials',
  });
  return {
    label,
    variant: 'tertiary' as const,
    dialog: {
      type: 'modal' as const,
      title: label,
      content: (
        <React.Suspense fallback={null}>
          <BulkSendDialog documents={documents} emailField={options.emailField} />
        </React.Suspense>
      ),
    },
  };
};
