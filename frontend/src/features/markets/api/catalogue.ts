import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { symbolToPath } from '../../../lib/format';
import { useApi } from '../../../lib/services';
import { marketsQueryKey } from './markets';

export type CatalogueSearch = Schema<'CatalogueSearchDto'>;
export type TrackedMarket = Schema<'TrackedMarketDto'>;

export const catalogueKeys = {
  all: ['markets', 'catalogue'] as const,
  search: (q: string, exchange?: string) => ['markets', 'catalogue', 'search', exchange ?? '', q] as const,
};

/** `exchange` undefined searches the home exchange. */
export const catalogueSearchQueryOptions = (api: ApiClient, q: string, exchange?: string) =>
  queryOptions({
    queryKey: catalogueKeys.search(q, exchange),
    queryFn: () => api.get<CatalogueSearch>('/markets/catalogue/search', { query: { q, exchange } }),
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

/** The exchange's markets matching `q` (admins only: the server refuses anyone else). */
export const useCatalogueSearch = (q: string, enabled: boolean, exchange?: string) =>
  useQuery({ ...catalogueSearchQueryOptions(useApi(), q, exchange), enabled });

function useRefreshMarkets() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([queryClient.invalidateQueries({ queryKey: marketsQueryKey, exact: true }), queryClient.invalidateQueries({ queryKey: catalogueKeys.all })]);
}

export function useTrackMarket() {
  const api = useApi();
  const refresh = useRefreshMarkets();
  return useMutation({ mutationFn: (symbol: string) => api.post<TrackedMarket>('/markets/catalogue', { symbol }), onSuccess: refresh });
}

export function useStopTracking() {
  const api = useApi();
  const refresh = useRefreshMarkets();
  return useMutation({ mutationFn: (symbol: string) => api.delete(`/markets/catalogue/${symbolToPath(symbol)}`), onSuccess: refresh });
}
