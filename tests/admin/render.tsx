import { DesignSystemProvider } from '@strapi/design-system';
import { render } from '@testing-library/react';
import * as React from 'react';
import { IntlProvider } from 'react-intl';

import { AdminApp, type Permission } from './strapi-admin-mock';

/**
 * Renders with the design system, react-intl (default messages, as an English admin shows) and a
 * signed-in admin granted exactly `permissions`.
 */
export const renderWithProviders = (
  ui: React.ReactElement,
  { permissions = [] }: { permissions?: Permission[] } = {}
) => {
  const wrap = (element: React.ReactElement) => (
    <IntlProvider locale="en" messages={{}} onError={() => undefined}>
      <DesignSystemProvider>
        <AdminApp permissions={permissions}>{element}</AdminApp>
      </DesignSystemProvider>
    </IntlProvider>
  );
  const result = render(wrap(ui));
  return { ...result, rerender: (element: React.ReactElement) => result.rerender(wrap(element)) };
};
