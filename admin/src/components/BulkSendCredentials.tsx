import { unstable_useDocument as useDocument, useRBAC } from '@strapi/strapi/admin';
import * as React from 'react';
import { useIntl } from 'react-intl';

import { SEND_CREDENTIALS_ACTION } from '../../../shared/login-field';
import { getTranslation } from '../utils/getTranslation';
import { getLoginFieldOptions } from '../utils/loginField';

const BulkSendDialog = React.lazy(() => import('./BulkSendDialog'));

const PERMISSIONS = [{ action: SEND_CREDENTIALS_ACTION, subject: null }];

type Row = Record<string, unknown> & { documentId: string };

interface BulkActionProps {
  documents: Row[];
  model: string;
  collectionType: string;
}

/**
 * Content Manager list view bulk action: "Generate and send credentials" for the selected
 * customers. Shown for the configured customer type to admins with the plugin's permission.
 */
export const BulkSendCredentialsAction = ({
  documents,
  model,
  collectionType,
}: BulkActionProps) => {
  const { formatMessage } = useIntl();
  const { schema } = useDocument({ model, collectionType });
  const { isLoading, allowedActions } = useRBAC(PERMISSIONS);
  const options = getLoginFieldOptions(schema);
  if (!options || isLoading || !allowedActions.canSendCredentials) return null;

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
