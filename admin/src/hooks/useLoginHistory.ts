import { useFetchClient } from '@strapi/strapi/admin';
import * as React from 'react';

import type { ListHistory } from '../../../shared/contracts/history';
import { PLUGIN_ID } from '../../../shared/plugin-id';
import { useErrorMessage } from './useErrorMessage';

interface HistoryState {
  response: ListHistory.Response | null;
  error: string | null;
  isLoading: boolean;
}

/**
 * One page of a customer's login history. Fetches again whenever `refreshKey` changes (a save
 * or a reset writes new events).
 */
export const useLoginHistory = (
  documentId: string | undefined,
  { page, pageSize, refreshKey }: { page: number; pageSize: number; refreshKey?: unknown }
) => {
  const { get } = useFetchClient();
  const errorMessage = useErrorMessage();
  const [state, setState] = React.useState<HistoryState>({
    response: null,
    error: null,
    isLoading: documentId !== undefined,
  });

  React.useEffect(() => {
    if (!documentId) return;
    let current = true;
    setState((previous) => ({ ...previous, isLoading: true }));
    get<ListHistory.Response>(`/${PLUGIN_ID}/customers/${documentId}/history`, {
      params: { page, pageSize },
    }).then(
      ({ data }) => current && setState({ response: data, error: null, isLoading: false }),
      (error: unknown) =>
        current && setState({ response: null, error: errorMessage(error), isLoading: false })
    );
    return () => {
      current = false;
    };
  }, [documentId, page, pageSize, refreshKey, get, errorMessage]);

  return state;
};
