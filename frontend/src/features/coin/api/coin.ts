import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { ApiClient } from '../../../lib/api-client';
import type { Schema } from '../../../lib/api-schemas';
import type { Candle } from '../../../lib/live-stream';
import { symbolToPath } from '../../../lib/format';
import { useApi, useLiveStream } from '../../../lib/services';
import { mergeCandle, normaliseCandle, type WireCandle } from '../model/candles';

export type Timeframe = '1m' | '5m' | '1h' | '1d';

export interface CandlesResponse {
  symbol: string;
  timeframe: Timeframe;
  candles: Candle[];
}

export const candlesQueryKey = (symbol: string, timeframe: Timeframe) => ['coin', symbol, 'candles', timeframe] as const;

export const candlesQueryOptions = (api: ApiClient, symbol: string, timeframe: Timeframe) =>
  queryOptions({
    queryKey: candlesQueryKey(symbol, timeframe),
    queryFn: async (): Promise<CandlesResponse> => {
      const body = await api.get<Schema<'CandlesPageDto'>>(`/markets/${symbolToPath(symbol)}/candles`, {
        query: { timeframe, limit: timeframe === '1h' ? 500 : timeframe === '5m' ? 72 : 365 },
      });
      return { ...body, candles: body.candles.map(normaliseCandle) };
    },
    // 5-minute candles (the sub-hour fan) are not streamed: reread them every minute.
    ...(timeframe === '5m' ? { staleTime: 60_000, refetchInterval: 60_000 } : { staleTime: 5 * 60_000 }),
  });

export const useCandles = (symbol: string, timeframe: Timeframe) => useQuery(candlesQueryOptions(useApi(), symbol, timeframe));

/** Live `candle` events update the cached series of the matching timeframe (the forming candle moves). */
export function useLiveCandles(symbol: string) {
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!stream) return;
    const release = stream.subscribe([symbol]);
    const off = stream.on('candle', (event) => {
      if (event.symbol !== symbol || (event.timeframe !== '1h' && event.timeframe !== '1d')) return;
      queryClient.setQueryData<CandlesResponse>(candlesQueryKey(symbol, event.timeframe), (current) =>
        current ? { ...current, candles: mergeCandle(current.candles, normaliseCandle(event.candle as WireCandle)) } : current,
      );
    });
    return () => {
      off();
      release();
    };
  }, [stream, queryClient, symbol]);
}

export type QuantileLevel = '0.05' | '0.1' | '0.25' | '0.5' | '0.75' | '0.9' | '0.95';

// Wire types generated from the backend's OpenAPI document (lib/api-types.ts).
export type HorizonBacktest = Schema<'HorizonBacktestDto'>;
/** originTime: close time of the last closed candle the forecast started from; lastPrice: the close then. */
export type HorizonForecast = Schema<'HorizonForecastDto'>;
export type CoinForecast = Schema<'CoinForecastDto'>;

export const coinForecastQueryOptions = (api: ApiClient, symbol: string) =>
  queryOptions({
    queryKey: ['forecasts', symbol] as const,
    queryFn: () => api.get<CoinForecast>(`/forecasts/${symbolToPath(symbol)}`),
    staleTime: 60_000,
    retry: false,
    // Right after a first start the server has no forecast yet: poll until one exists.
    refetchInterval: (query) => (query.state.data?.horizons.length ? 5 * 60_000 : 15_000),
  });

/** The coin's forecasts, refreshed when the server announces a new one over the socket. */
export function useCoinForecast(symbol: string) {
  const api = useApi();
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!stream) return;
    return stream.on('forecast', (event) => {
      if (event.symbol === symbol) void queryClient.invalidateQueries({ queryKey: ['forecasts', symbol] });
    });
  }, [stream, queryClient, symbol]);
  return useQuery(coinForecastQueryOptions(api, symbol));
}

export type ForecastHistoryRow = Schema<'ForecastHistoryRowDto'>;

export const forecastHistoryQueryOptions = (api: ApiClient, symbol: string, horizon: string) =>
  queryOptions({
    queryKey: ['forecasts', symbol, 'history', horizon] as const,
    queryFn: () => api.get<ForecastHistoryRow[]>(`/forecasts/${symbolToPath(symbol)}/history`, { query: { horizon } }),
    enabled: Boolean(horizon),
    retry: false,
  });

export const useForecastHistory = (symbol: string, horizon: string) => useQuery(forecastHistoryQueryOptions(useApi(), symbol, horizon));
