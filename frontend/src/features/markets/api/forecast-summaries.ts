import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

/** A coin's forecast for one horizon (generated from the OpenAPI document): probabilityUp = P(close at targetTime > lastPrice). */
export type ForecastSummary = Schema<'ForecastSummaryDto'>;

/** The 24 h horizon, whatever the backend calls it (24h, 1d, h24). */
export function isDayAhead(horizon: string): boolean {
  return /^(24h|1d|h24|24)$/i.test(horizon);
}

/** True when the response is non-empty and every coin in it has a 24 h forecast. */
export function hasEveryDayAhead(forecasts: readonly ForecastSummary[] | undefined): boolean {
  if (!forecasts?.length) return false;
  const withDayAhead = new Set(forecasts.filter((forecast) => isDayAhead(forecast.horizon)).map((forecast) => forecast.symbol));
  return forecasts.every((forecast) => withDayAhead.has(forecast.symbol));
}

export const forecastSummariesQueryOptions = (api: ApiClient) =>
  queryOptions({
    queryKey: ['forecasts', 'summaries'] as const,
    queryFn: () => api.get<ForecastSummary[]>('/forecasts'),
    staleTime: 60_000,
    // A new hourly slot replaces the forecasts. Right after a first start some coins or horizon groups (the daily
    // one can land first) have none yet: poll sooner until every coin listed has its day-ahead forecast.
    refetchInterval: (query) => (hasEveryDayAhead(query.state.data) ? 5 * 60_000 : 15_000),
    select: (forecasts) => {
      const bySymbol = new Map<string, ForecastSummary>();
      for (const forecast of forecasts) if (isDayAhead(forecast.horizon)) bySymbol.set(forecast.symbol, forecast);
      return bySymbol;
    },
    retry: false,
  });

export const useDayAheadForecasts = () => useQuery(forecastSummariesQueryOptions(useApi()));
