/**
 * Where the market-data domain streams live ticks and forming candles (socket rooms per symbol). A port, bound in
 * MarketsModule to the stream domain's publisher, so markets code never imports the stream domain (which itself
 * reads markets' tick and symbol helpers): the dependency runs one way.
 */
export interface MarketStream {
  toSymbol(symbol: string, event: 'ticker' | 'candle', payload: unknown): void;
  /** To every client: `market_backfill` (a market's stage and backfill progress; see MarketBackfillEvent). */
  toAll(event: 'market_backfill', payload: unknown): void;
}
export const MARKET_STREAM = Symbol('MARKET_STREAM');
