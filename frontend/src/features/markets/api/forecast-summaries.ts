import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import { useApi } from '../../../lib/services';

export interface ForecastSummary {
  symbol: string;
  horizon: string;
  /** Close time of the last closed candle the forecast starts from. */
  originTime: string;
  targetTime: string;
  /** Close at originTime. */
  lastPrice: number;
  point: number;
  quantiles: Record<'0.05' | '0.1' | '0.25' | '0.5' | '0.75' | '0.9' | '0.95', number>;
  pointIsNaive: boolean;
  intervalIsNaive: boolean;
  /** P(close at targetTime > lastPrice), 0..1. */
  probabilityUp: number;
  stale: boolean;
  modelVersion: string;
}

/** The 24 h horizon, whatever the backend calls it (24h, 1d, h24). */
export function isDayAhead(horizon: string): boolean {
  return /^(24h|1d|h24|24)$/i.test(horizon);
}

export const forecastSummariesQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: ['forecasts', 'summaries'] as const,
    queryFn: () => api.get<ForecastSummary[]>('/forecasts'),
    staleTime: 60_000,
    // A new hourly slot replaces the forecasts; right after a first start there are none yet: poll sooner.
    refetchInterval: (query) => (query.state.data?.length ? 5 * 60_000 : 15_000),
    select: (forecasts) => {
      const bySymbol = new Map<string, ForecastSummary>();
      for (const forecast of forecasts) if (isDayAhead(forecast.horizon)) bySymbol.set(forecast.symbol, forecast);
      return bySymbol;
    },
    retry: false,
  });

export const useDayAheadForecasts = () => useQuery(forecastSummariesQueryOptions(useApi()));
