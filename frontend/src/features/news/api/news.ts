import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type NewsList = Schema<'NewsListDto'>;
export type NewsItem = Schema<'NewsItemDto'>;

export const newsKeys = {
  all: ['news'] as const,
  list: (symbol: string | null, limit: number) => ['news', symbol ?? 'all', limit] as const,
};

/** Latest stories, all or about one market's coin (symbol like BTC/USDT). Feeds are fetched every few minutes. */
export const newsQueryOptions = (api: ApiClient, symbol: string | null, limit: number) =>
  queryOptions({
    queryKey: newsKeys.list(symbol, limit),
    queryFn: () => {
      const params = new URLSearchParams({ limit: String(limit) });
      if (symbol) params.set('symbol', symbol);
      return api.get<NewsList>(`/news?${params.toString()}`);
    },
    staleTime: 60_000,
    refetchInterval: 5 * 60_000,
  });

export const useNews = (symbol: string | null, limit = 20) => useQuery(newsQueryOptions(useApi(), symbol, limit));
