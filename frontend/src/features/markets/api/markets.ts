import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { symbolToPath } from '../../../lib/format';
import { useApi } from '../../../lib/services';
import { normaliseMarkets, type MarketsResponse } from '../model/markets';

export const marketsQueryKey = ['markets'] as const;

export const marketsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: marketsQueryKey,
    queryFn: async (): Promise<MarketsResponse> => normaliseMarkets(await api.get<Schema<'MarketsListDto'>>('/markets')),
    // Live ticks keep this fresh; a slow refetch only catches markets added on the server.
    staleTime: 5 * 60_000,
  });

export const useMarkets = () => useQuery(marketsQueryOptions(useApi()));

export type CandlesResponse = Schema<'CandlesPageDto'>;

export const sparklineQueryOptions = (api: ApiClient, symbol: string) =>
  queryOptions({
    queryKey: ['markets', 'sparkline', symbol] as const,
    queryFn: () => api.get<CandlesResponse>(`/markets/${symbolToPath(symbol)}/candles`, { query: { timeframe: '1h', limit: 48 } }),
    staleTime: 10 * 60_000,
    // Decimals may arrive as strings on the wire.
    select: (response) => response.candles.map((candle) => Number(candle.close)),
  });

export const useSparkline = (symbol: string) => useQuery(sparklineQueryOptions(useApi(), symbol));
