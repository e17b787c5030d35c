import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import { useApi } from '../../../lib/services';

export type PortfolioForecast = Schema<'PortfolioForecastDto'>;
export type PortfolioHorizonForecast = Schema<'PortfolioHorizonForecastDto'>;

/** Under ['portfolios', id]: invalidating a portfolio refreshes its forecast too. */
export const portfolioForecastKey = (id: string) => ['portfolios', id, 'forecast'] as const;

export const portfolioForecastQueryOptions = (api: ApiClient, id: string) =>
  queryOptions({
    queryKey: portfolioForecastKey(id),
    queryFn: () => api.get<PortfolioForecast>(`/portfolios/${id}/forecast`),
    // Forecasts are made once an hour; prices move the value in between.
    refetchInterval: 5 * 60_000,
  });

export const usePortfolioForecast = (id: string) => useQuery(portfolioForecastQueryOptions(useApi(), id));
