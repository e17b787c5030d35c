/** PUBSUB channel on which the market-data worker publishes every ticker update. */
export const MARKET_TICKS_CHANNEL = 'market:ticks';

/** Where the latest tick of a symbol lives in the CACHE, so any replica can answer snapshots. */
export function tickerCacheKey(symbol: string): string {
  return `ticker:${symbol}`;
}

export type MarketSource = 'ccxt' | 'replay';

/** One live price update, the payload of `market:ticks` and of the socket `ticker` event. */
export interface Tick {
  /** ccxt unified symbol, e.g. `BTC/USDT`. */
  symbol: string;
  price: number;
  /** Change over the last 24 hours, in percent. */
  change24h: number;
  /** Traded volume over the last 24 hours, in base-asset units. */
  volume24h: number;
  /** ISO 8601 time of the price. */
  timestamp: string;
  source: MarketSource;
}
