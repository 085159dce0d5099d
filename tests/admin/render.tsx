import { DesignSystemProvider } from '@strapi/design-system';
import { render } from '@testing-library/react';
import * as React from 'react';
import { IntlProvider } from 'react-intl';

/** Renders with the design system and react-intl (default messages, as an English admin shows). */
export const renderWithProviders = (ui: React.ReactElement) =>
  render(
    <IntlProvider locale="en" messages={{}} onError={() => undefined}>
      <DesignSystemProvider>{ui}</DesignSystemProvider>
    </IntlProvider>
  );
