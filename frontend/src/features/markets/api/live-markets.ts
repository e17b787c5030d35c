import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useLiveStream } from '../../../lib/services';
import { applyTicker, type MarketsResponse } from '../model/markets';
import { marketsQueryKey, useMarkets } from './markets';

/**
 * Subscribes to every listed market and writes `ticker` events straight into the React Query
 * cache: the table re-renders from the cache, no refetch and no second store.
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
