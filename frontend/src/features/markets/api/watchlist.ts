import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { symbolToPath } from '../../../lib/format';
import { useApi } from '../../../lib/services';

export type Watchlist = Schema<'WatchlistDto'>;

export const watchlistQueryKey = ['watchlist'] as const;

export const watchlistQueryOptions = (api: ApiClient) =>
  queryOptions({ queryKey: watchlistQueryKey, queryFn: () => api.get<Watchlist>('/watchlist'), staleTime: 5 * 60_000 });

export const useWatchlist = () => useQuery(watchlistQueryOptions(useApi()));

/** Stars or unstars a market; the star flips at once and flips back if the server refuses. */
export function useToggleWatchlist() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ symbol, watched }: { symbol: string; watched: boolean }) =>
      watched ? api.request<Watchlist>('PUT', `/watchlist/${symbolToPath(symbol)}`).then(() => undefined) : api.delete(`/watchlist/${symbolToPath(symbol)}`),
    onMutate: async ({ symbol, watched }): Promise<{ previous: Watchlist | undefined }> => {
      await queryClient.cancelQueries({ queryKey: watchlistQueryKey });
      const previous = queryClient.getQueryData<Watchlist>(watchlistQueryKey);
      const symbols = (previous?.symbols ?? []).filter((s) => s !== symbol);
      queryClient.setQueryData<Watchlist>(watchlistQueryKey, { symbols: watched ? [...symbols, symbol] : symbols });
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) queryClient.setQueryData(watchlistQueryKey, context.previous);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: watchlistQueryKey }),
  });
}
