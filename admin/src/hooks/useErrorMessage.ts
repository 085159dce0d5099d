import { useAPIErrorHandler } from '@strapi/strapi/admin';
import * as React from 'react';

/**
 * The sentence Strapi's admin shows for a failed request, from whatever the fetch client threw.
 * `formatAPIError` types its argument as the client's own error, while a rejection is `unknown`:
 * the cast is made here once, and the hook falls back to the fetch error's message itself.
 */
export const useErrorMessage = () => {
  const { formatAPIError } = useAPIErrorHandler();
  return React.useCallback((error: unknown) => formatAPIError(error as never), [formatAPIError]);
};
