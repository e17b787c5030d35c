import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveStream } from '../../../lib/services';
import { applyBackfill, applyTicker, type MarketBackfillEvent, type MarketsResponse } from '../model/markets';
import { marketsQueryKey, useMarkets } from './markets';

/**
 * Subscribes to every listed market (the watchlist's included) and writes `ticker` and `market_backfill` events
 * straight into the React Query cache: the table re-renders from the cache, no refetch and no second store.
 */
export function useLiveMarkets(): void {
  const stream = useLiveStream();
  const queryClient = useQueryClient();
  const markets = useMarkets();
  const symbolsKey = markets.data?.markets.map((market) => market.symbol).join(',') ?? '';

  useEffect(() => {
    if (!stream) return;
    return stream.on('ticker', (tick) => {
      queryClient.setQueryData<MarketsResponse>(marketsQueryKey, (current) => applyTicker(current, tick));
    });
  }, [stream, queryClient]);

  // Catalogue changes (an admin adding a market, its backfill progress) reach every client: the list updates in place,
  // and a market the list does not show yet makes it refetch.
  useEffect(() => {
    if (!stream) return;
    return stream.on('market_backfill', (payload) => {
      const event = payload as unknown as MarketBackfillEvent;
      const current = queryClient.getQueryData<MarketsResponse>(marketsQueryKey);
      if (current && !current.markets.some((market) => market.symbol === event.symbol)) {
        void queryClient.invalidateQueries({ queryKey: marketsQueryKey, exact: true });
        return;
      }
      queryClient.setQueryData<MarketsResponse>(marketsQueryKey, (response) => applyBackfill(response, event));
    });
  }, [stream, queryClient]);

  useEffect(() => {
    if (!stream || !symbolsKey) return;
    return stream.subscribe(symbolsKey.split(','));
  }, [stream, symbolsKey]);
}

/** Mounted once in the signed-in layout so prices stay live on every page. */
export function LiveMarketsSync() {
  useLiveMarkets();
  return null;
}
