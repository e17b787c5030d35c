import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, IPolicy, circuitBreaker, handleWhen, retry, wrap } from 'cockatiel';
import * as ccxt from 'ccxt';
import { Candle, Timeframe } from '../candle';
import { MarketDataProvider, MarketDataRefusedError, MarketDataUnavailableError, MarketInfo, ProviderTicker } from '../market-data-provider';
import { ccxtClientConfig, toProviderTicker } from './ccxt-shared';

export interface CcxtProviderOptions {
  /** Any ccxt exchange id (`binance`, `kraken`, …). */
  exchangeId: string;
  /** Per-request timeout handed to ccxt. */
  timeoutMs: number;
  /** Attempts per call, including the first (retries only network errors, timeouts and 429s). */
  maxAttempts: number;
  /** First retry delay; later ones grow exponentially with decorrelated jitter. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  breakerHalfOpenMs: number;
  /** Replaces the exchange's public REST base (tests point ccxt at a loopback fake exchange). */
  publicApiUrl?: string;
  /** Wall clock in epoch ms. */
  clock?: () => number;
}

export const DEFAULT_CCXT_OPTIONS: Omit<CcxtProviderOptions, 'exchangeId'> = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  initialBackoffMs: 250,
  maxBackoffMs: 8_000,
  breakerThreshold: 5,
  breakerHalfOpenMs: 30_000,
};

/** Bases that are not coins worth tracking: stablecoins and leveraged tokens. */
const STABLE_BASES = new Set(['USDT', 'USDC', 'FDUSD', 'TUSD', 'BUSD', 'DAI', 'USDP', 'USDE', 'EUR', 'EURI', 'PAX', 'USD1']);
const LEVERAGED_TOKEN = /(UP|DOWN|BULL|BEAR)$/;

type ExchangeConstructor = new (config: Record<string, unknown>) => ccxt.Exchange;

/**
 * Errors that say the exchange (not our request) is unhealthy: connection problems, timeouts, 429 / DDoS
 * protection, maintenance, 5xx, malformed answers. They are retried and count towards opening the circuit;
 * request errors (bad symbol, bad arguments) are neither.
 */
function isExchangeFailure(error: unknown): boolean {
  return error instanceof ccxt.OperationFailed && !isRegionRefusal(error);
}

/**
 * HTTP 451 (unavailable for legal reasons: Binance's "restricted location") or 403 (a geo-blocking firewall) — ccxt
 * maps both to ExchangeNotAvailable with the status in the message. Retrying cannot help: not an exchange failure.
 */
export function isRegionRefusal(error: unknown): boolean {
  if (!(error instanceof ccxt.ExchangeError) && !(error instanceof ccxt.OperationFailed)) return false;
  return / (451|403) /.test(error.message) || /restricted location/i.test(error.message);
}

/**
 * MarketDataProvider over any ccxt exchange's public API (no key needed). ccxt's own rate limiter paces the
 * requests (`enableRateLimit`); cockatiel adds retries with exponential backoff and jitter, and a circuit breaker
 * so a dead exchange fails fast instead of stalling every caller for timeouts × attempts.
 */
export class CcxtMarketDataProvider implements MarketDataProvider {
  readonly source = 'ccxt' as const;
  readonly exchange: string;
  private readonly client: ccxt.Exchange;
  private readonly policy: IPolicy;
  private marketsLoaded?: Promise<unknown>;

  constructor(private readonly options: CcxtProviderOptions) {
    const ExchangeClass = (ccxt as unknown as Record<string, unknown>)[options.exchangeId];
    if (typeof ExchangeClass !== 'function' || !(ExchangeClass.prototype instanceof ccxt.Exchange)) {
      throw new Error(`Unknown ccxt exchange id "${options.exchangeId}"`);
    }
    this.exchange = options.exchangeId;
    this.client = new (ExchangeClass as ExchangeConstructor)(ccxtClientConfig(options.timeoutMs));
    // ccxt hands an unparseable JSON body back as a raw string, which its parsers then read as "no data";
    // turn it into an error so a garbled answer is retried, and never mistaken for an empty range.
    const parseJson = this.client.parseJson.bind(this.client);
    this.client.parseJson = (text: string): unknown => {
      const parsed: unknown = parseJson(text);
      if (parsed === undefined && typeof text === 'string' && /^\s*[[{]/.test(text)) {
        throw new ccxt.BadResponse(`${options.exchangeId} answered malformed JSON: ${text.slice(0, 80)}`);
      }
      return parsed;
    };
    if (options.publicApiUrl) {
      const api = this.client.urls['api'] as Record<string, unknown>;
      api['public'] = options.publicApiUrl;
    }
    const retryPolicy = retry(handleWhen(isExchangeFailure), {
      maxAttempts: Math.max(0, options.maxAttempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: options.initialBackoffMs, maxDelay: options.maxBackoffMs }),
    });
    const breakerPolicy = circuitBreaker(handleWhen(isExchangeFailure), {
      halfOpenAfter: options.breakerHalfOpenMs,
      breaker: new ConsecutiveBreaker(options.breakerThreshold),
    });
    // retry(breaker(call)): every attempt counts towards the breaker; an open circuit is not retried.
    this.policy = wrap(retryPolicy, breakerPolicy);
  }

  get name(): string {
    return String(this.client.name ?? this.exchange);
  }

  now(): number {
    return (this.options.clock ?? Date.now)();
  }

  /** Runs one exchange call under the retry + breaker policy and translates "unreachable" errors. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(fn);
    } catch (error) {
      if (isRegionRefusal(error)) {
        throw new MarketDataRefusedError(`${this.exchange} refused ${what}: it does not serve this server's location (HTTP 451/403)`, { cause: error });
      }
      if (error instanceof BrokenCircuitError) {
        throw new MarketDataUnavailableError(`${this.exchange} circuit open after repeated failures (${what})`, {
          cause: error,
        });
      }
      if (isExchangeFailure(error)) {
        const message = error instanceof Error ? error.message.slice(0, 200) : String(error);
        throw new MarketDataUnavailableError(`${this.exchange} ${what} failed: ${message}`, { cause: error });
      }
      throw error;
    }
  }

  private async ensureMarkets(): Promise<void> {
    // reload=true: ccxt memoises a failed load and would hand back the same rejection forever.
    this.marketsLoaded ??= this.call('loadMarkets', () => this.client.loadMarkets(true)).catch((error: unknown) => {
      this.marketsLoaded = undefined; // try again on the next call
      throw error;
    });
    await this.marketsLoaded;
  }

  async listMarkets(): Promise<MarketInfo[]> {
    await this.ensureMarkets();
    if (Object.keys(this.client.markets ?? {}).length === 0) {
      this.marketsLoaded = undefined;
      throw new MarketDataUnavailableError(`${this.exchange} returned no markets`);
    }
    return Object.values(this.client.markets ?? {})
      .filter((market) => market !== undefined && market.spot && market.active !== false)
      .map((market) => ({ symbol: market!.symbol, base: market!.base, quote: market!.quote }))
      .sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  async defaultSymbols(count: number): Promise<string[]> {
    const markets = await this.listMarkets();
    const candidates = new Set(markets.filter((m) => m.quote === 'USDT' && !STABLE_BASES.has(m.base) && !LEVERAGED_TOKEN.test(m.base)).map((m) => m.symbol));
    const tickers = await this.call('fetchTickers', () => this.client.fetchTickers());
    return Object.values(tickers)
      .filter((ticker) => ticker.symbol !== undefined && candidates.has(ticker.symbol))
      .sort((a, b) => (b.quoteVolume ?? 0) - (a.quoteVolume ?? 0))
      .slice(0, count)
      .map((ticker) => ticker.symbol as string);
  }

  async fetchCandles(symbol: string, timeframe: Timeframe, since: number, limit: number): Promise<Candle[]> {
    await this.ensureMarkets();
    const rows = await this.call(`fetchOHLCV ${symbol} ${timeframe}`, () => this.client.fetchOHLCV(symbol, timeframe, since, limit));
    const candles: Candle[] = [];
    for (const row of rows) {
      const [openTime, open, high, low, close, volume] = row;
      const candle = { openTime, open, high, low, close, volume } as Record<keyof Candle, unknown>;
      // A malformed row is dropped rather than written: the gap check refetches that range later.
      if (Object.values(candle).every((value) => typeof value === 'number' && Number.isFinite(value))) {
        candles.push(candle as unknown as Candle);
      }
    }
    return candles.filter((candle) => candle.openTime >= since).sort((a, b) => a.openTime - b.openTime);
  }

  async fetchTickers(symbols: string[]): Promise<ProviderTicker[]> {
    if (symbols.length === 0) return [];
    await this.ensureMarkets();
    const markets = this.client.markets ?? {};
    const known = symbols.filter((symbol) => markets[symbol] !== undefined);
    if (known.length === 0) return [];
    const tickers = await this.call('fetchTickers', () => this.client.fetchTickers(known));
    return known.flatMap((symbol) => toProviderTicker(symbol, tickers[symbol], () => this.now()) ?? []);
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
