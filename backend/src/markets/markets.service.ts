import { Inject, Injectable, Logger } from '@nestjs/common';
import { InvalidError, NotFoundError, UnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { CACHE, Cache } from '../infra/ports';
import { Timeframe } from './candle';
import { CandlesRepository } from './candles.repository';
import { MARKET_DATA_PROVIDER, MarketDataProvider, MarketDataUnavailableError, ProviderTicker } from './market-data-provider';
import { CandlesPageDto, CandlesQueryDto, DEFAULT_CANDLES_PER_PAGE, MAX_CANDLES_PER_PAGE, MarketsListDto, TickerDto } from './markets.dto';
import { toDecimalString } from './decimal-format';
import { parseSymbol, splitSymbol } from './symbols';
import { Tick, tickerCacheKey } from './tick';

/** Ticks older than this are dropped from the cache (a stopped worker must not leave prices looking live). */
export const TICK_CACHE_TTL_SECONDS = 300;
/** A price fetched by the API itself (no worker tick cached yet) is reused for this long only. */
const FALLBACK_TICK_TTL_SECONDS = 5;

/** The exchange being unreachable is UnavailableError (a 503 for API callers), not a 500. */
function asServiceUnavailable(error: unknown): never {
  if (error instanceof MarketDataUnavailableError) {
    throw new UnavailableError(`Market data source unavailable: ${error.message}`);
  }
  throw error;
}

export function tickFromTicker(ticker: ProviderTicker, source: Tick['source']): Tick {
  return {
    symbol: ticker.symbol,
    price: ticker.price,
    change24h: ticker.change24h,
    volume24h: ticker.volume24h,
    timestamp: new Date(ticker.timestamp).toISOString(),
    source,
  };
}

/** Read side of market data: tracked symbols, latest ticks (from the cache any replica shares), stored candles. */
@Injectable()
export class MarketsService {
  private readonly logger = new Logger(MarketsService.name);
  private tracked?: Promise<string[]>;

  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly candles: CandlesRepository,
    private readonly config: AppConfig,
    @Inject(CACHE) private readonly cache: Cache,
  ) {}

  get source(): Tick['source'] {
    return this.provider.source;
  }

  /** TRACKED_SYMBOLS when set, else the provider's default list (largest USDT pairs / every replay file). */
  trackedSymbols(): Promise<string[]> {
    this.tracked ??= this.resolveTracked().catch((error: unknown) => {
      this.tracked = undefined; // exchange unreachable at boot: ask again next time
      return asServiceUnavailable(error);
    });
    return this.tracked;
  }

  private async resolveTracked(): Promise<string[]> {
    const configured = this.config.env.TRACKED_SYMBOLS;
    if (configured.length > 0) {
      const symbols = configured.map((entry) => {
        const symbol = parseSymbol(entry);
        if (!symbol) throw new Error(`TRACKED_SYMBOLS: "${entry}" is not a market symbol like BTC/USDT`);
        return symbol;
      });
      return [...new Set(symbols)];
    }
    const symbols = await this.provider.defaultSymbols(this.config.env.TRACKED_SYMBOLS_COUNT);
    this.logger.log(`tracking ${symbols.length} symbols: ${symbols.join(', ')}`);
    return symbols;
  }

  /** `BTC-USDT`, `BTC/USDT` or `BTCUSDT` → `BTC/USDT` when tracked; 404 otherwise. */
  async resolveSymbol(input: string): Promise<string> {
    const symbol = parseSymbol(input);
    if (!symbol || !(await this.trackedSymbols()).includes(symbol)) {
      throw new NotFoundError(`Unknown market symbol '${input}'; GET /api/v1/markets lists the tracked ones`);
    }
    return symbol;
  }

  /** Latest tick of each tracked symbol that has one (from the shared cache). */
  async getLatestPrices(): Promise<Map<string, Tick>> {
    const symbols = await this.trackedSymbols();
    const ticks = await Promise.all(symbols.map((symbol) => this.cache.get<Tick>(tickerCacheKey(symbol))));
    const prices = new Map<string, Tick>();
    ticks.forEach((tick) => {
      if (tick) prices.set(tick.symbol, tick);
    });
    return prices;
  }

  /** Latest tick of a tracked symbol: the cached one, else asked from the provider (and cached). */
  async latestTick(symbol: string): Promise<Tick | undefined> {
    const cached = await this.cache.get<Tick>(tickerCacheKey(symbol));
    if (cached) return cached;
    const [ticker] = await this.provider.fetchTickers([symbol]).catch(asServiceUnavailable);
    if (!ticker) return undefined;
    const tick = tickFromTicker(ticker, this.provider.source);
    await this.cache.set(tickerCacheKey(symbol), tick, FALLBACK_TICK_TTL_SECONDS);
    return tick;
  }

  async listMarkets(): Promise<MarketsListDto> {
    const symbols = await this.trackedSymbols();
    const prices = await this.getLatestPrices();
    return {
      source: this.provider.source,
      exchange: this.provider.exchange,
      markets: symbols.map((symbol) => {
        const tick = prices.get(symbol);
        return {
          symbol,
          ...splitSymbol(symbol),
          price: tick ? toDecimalString(tick.price) : null,
          change24h: tick ? Math.round(tick.change24h * 100) / 100 : null,
          volume24h: tick ? toDecimalString(tick.volume24h) : null,
          source: this.provider.source,
          lastUpdate: tick?.timestamp ?? null,
        };
      }),
    };
  }

  async getTicker(input: string): Promise<TickerDto> {
    const symbol = await this.resolveSymbol(input);
    const tick = await this.latestTick(symbol);
    if (!tick) throw new NotFoundError(`No price yet for ${symbol}`);
    return {
      symbol,
      price: toDecimalString(tick.price),
      change24h: Math.round(tick.change24h * 100) / 100,
      volume24h: toDecimalString(tick.volume24h),
      timestamp: tick.timestamp,
      source: tick.source,
    };
  }

  async getCandles(input: string, query: CandlesQueryDto): Promise<CandlesPageDto> {
    const symbol = await this.resolveSymbol(input);
    const timeframe: Timeframe = query.timeframe ?? '1h';
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) throw new InvalidError('from must not be after to');
    const limit = Math.min(query.limit ?? DEFAULT_CANDLES_PER_PAGE, MAX_CANDLES_PER_PAGE);
    const key = { exchange: this.provider.exchange, symbol, timeframe };
    // One extra row tells whether a next page exists (only when paging forward from `from`).
    const rows = await this.candles.find(key, { from, to, limit: from ? limit + 1 : limit });
    const page = rows.slice(0, limit);
    return {
      symbol,
      timeframe,
      source: this.provider.source,
      exchange: this.provider.exchange,
      candles: page.map((row) => ({
        openTime: row.openTime.toISOString(),
        open: row.open,
        high: row.high,
        low: row.low,
        close: row.close,
        volume: row.volume,
        closed: row.closed,
      })),
      nextFrom: from && rows.length > limit ? rows[limit]!.openTime.toISOString() : null,
    };
  }
}
