import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type StrategyReport = Schema<'StrategyReportDto'>;
export type StrategyResult = Schema<'StrategyResultDto'>;
export type StrategyHorizon = StrategyReport['horizon'];

export const strategyQueryOptions = (api: ApiClient, symbol: string, horizon: StrategyHorizon) =>
  queryOptions({
    queryKey: ['strategy', symbol, horizon] as const,
    queryFn: () => api.get<StrategyReport>(`/strategy?${new URLSearchParams({ symbol, horizon }).toString()}`),
    // The server recomputes once per decision time; a few minutes of staleness loses nothing.
    staleTime: 5 * 60_000,
  });

export const useStrategy = (symbol: string, horizon: StrategyHorizon) => useQuery(strategyQueryOptions(useApi(), symbol, horizon));

/** The tracked coins for the picker (this feature's own read of GET /markets, under its own key). */
export const strategyMarketsQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: ['strategy', 'markets'] as const,
    queryFn: async () => (await api.get<Schema<'MarketsListDto'>>('/markets')).markets.map((m) => m.symbol),
  });

export const useStrategyMarkets = () => useQuery(strategyMarketsQueryOptions(useApi()));
