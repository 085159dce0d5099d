import * as React from 'react';
import { useIntl } from 'react-intl';

import { useEditedDocument } from '../utils/content-manager';
import { getTranslation } from '../utils/getTranslation';
import { getLoginFieldOptions } from '../utils/loginField';

const LoginPanelContent = React.lazy(() => import('./LoginPanelContent'));

interface PanelProps {
  documentId?: string;
  document?: Record<string, unknown>;
}

/**
 * Edit-view side panel (a Content Manager description component): shown for the configured
 * customer type only. Its content is loaded on demand.
 */
export const LoginPanel = ({ documentId, document }: PanelProps) => {
  const { formatMessage } = useIntl();
  const { contentType } = useEditedDocument();
  const options = getLoginFieldOptions(contentType);
  if (!options) return null;

  return {
    title: formatMessage({ id: getTranslation('panel.title'), defaultMessage: 'Login' }),
    content: (
      <React.Suspense fallback={null}>
        <LoginPanelContent
          documentId={documentId}
          loginEnabled={document?.loginEnabled === true}
          emailConfirmed={document?.emailConfirmed === true}
          updatedAt={typeof document?.updatedAt === 'string' ? document.updatedAt : undefined}
          email={
            typeof document?.[options.emailField] === 'string'
              ? (document[options.emailField] as string)
              : null
          }
        />
      </React.Suspense>
    ),
  };
};
