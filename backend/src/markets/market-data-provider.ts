import { Candle, Timeframe } from './candle';
import { MarketSource } from './tick';

/** DI token of the configured MarketDataProvider. */
export const MARKET_DATA_PROVIDER = Symbol('MARKET_DATA_PROVIDER');

export interface MarketInfo {
  /** ccxt unified symbol, e.g. `BTC/USDT`. */
  symbol: string;
  base: string;
  quote: string;
}

export interface ProviderTicker {
  symbol: string;
  price: number;
  /** Percent change over 24 hours. */
  change24h: number;
  /** 24h volume in base-asset units. */
  volume24h: number;
  /** 24h volume in quote units (used to rank the default tracked coins). */
  quoteVolume24h: number;
  /** Epoch milliseconds of the price. */
  timestamp: number;
  /** Kind of source that priced it (set by the MarketDataRouter; a single provider's callers know their own). */
  source?: MarketSource;
}

/**
 * Source of market data (exchange via ccxt, or a CSV replay). Everything else in the backend talks to this
 * interface only, so tests and offline demos swap the implementation through config.
 */
export interface MarketDataProvider {
  readonly source: MarketSource;
  /** Key stored with candles: the ccxt exchange id, or `replay` (replayed candles never mix with real ones). */
  readonly exchange: string;
  /** The exchange's name for people (ccxt's `name`, e.g. "Binance"); absent = derived from the id. */
  readonly name?: string;
  /** Spot markets the source can serve. */
  listMarkets(): Promise<MarketInfo[]>;
  /** The symbols tracked when none are configured (ccxt: largest USDT pairs by volume; replay: every file). */
  defaultSymbols(count: number): Promise<string[]>;
  /**
   * Candles of `symbol` opening at or after `since` (epoch ms), oldest first, at most `limit`. The last one
   * may be the still-open candle.
   */
  fetchCandles(symbol: string, timeframe: Timeframe, since: number, limit: number): Promise<Candle[]>;
  /** Latest ticker of each requested symbol (symbols the source does not know are left out). */
  fetchTickers(symbols: string[]): Promise<ProviderTicker[]>;
  /** Epoch ms the source considers "now" (the replay clock may run faster than the wall clock). */
  now(): number;
  close(): Promise<void>;
}

/** Thrown when the source cannot be reached (timeouts exhausted, circuit open). */
export class MarketDataUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarketDataUnavailableError';
  }
}

/**
 * Thrown when the exchange refuses this server outright — HTTP 451 (Binance: "restricted location") or 403 — which
 * retries cannot fix: the advice is another exchange. Not retried and does not open the circuit.
 */
export class MarketDataRefusedError extends MarketDataUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MarketDataRefusedError';
  }
}
