import { Inject, Injectable } from '@nestjs/common';
import { InvalidError, NotFoundError, UnavailableError } from '../common/domain-errors';
import { AppConfig } from '../config/app-config';
import { CACHE, Cache } from '../infra/ports';
import { Timeframe } from './candle';
import { CandlesRepository } from './candles.repository';
import { MarketDataUnavailableError, ProviderTicker } from './market-data-provider';
import { ExchangeStatus, MarketDataRouter } from './market-data-router';
import { exchangeDisplayName, priceExchangeOrder } from './exchanges-config';
import {
  CandlesPageDto,
  CandlesQueryDto,
  DEFAULT_CANDLES_PER_PAGE,
  MAX_CANDLES_PER_PAGE,
  ExchangeStatusDto,
  MarketDto,
  MarketsListDto,
  TickerDto,
} from './markets.dto';
import { toDecimalString } from './decimal-format';
import { FORECAST_MIN_HISTORY_HOURS, backfillEtaSeconds, historyDays, marketStage } from './market-stage';
import { splitSymbol } from './symbols';
import { TrackedMarketRow } from './tracked-markets.repository';
import { TrackedMarkets } from './tracked-markets.service';
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
    source: ticker.source ?? source,
  };
}

/** Where the latest health of an exchange is shared between processes (written by MarketDataRouter's owner). */
export function exchangeStatusCacheKey(exchange: string): string {
  return `exchange-status:${exchange}`;
}

/** Read side of market data: tracked symbols, latest ticks (from the cache any replica shares), stored candles. */
@Injectable()
export class MarketsService {
  constructor(
    private readonly provider: MarketDataRouter,
    private readonly candles: CandlesRepository,
    private readonly config: AppConfig,
    @Inject(CACHE) private readonly cache: Cache,
    private readonly tracked: TrackedMarkets,
  ) {
    this.priceOrder = priceExchangeOrder(config.env, provider.ids.exchanges);
  }

  /** Exchanges in the order portfolios take prices from (PRICE_EXCHANGES, then EXCHANGES). */
  private readonly priceOrder: string[];

  get source(): Tick['source'] {
    return this.provider.source;
  }

  /** The tracked markets (the catalogue's, backfilling ones included): see TrackedMarkets. */
  trackedSymbols(): Promise<string[]> {
    return this.tracked.symbols();
  }

  /** Tracked markets whose history is ingested (backfill over): what the candle sync and the forecast slots take. */
  ingestedSymbols(): Promise<string[]> {
    return this.tracked.ingestedSymbols();
  }

  /**
   * `BTC-USDT`, `BTC/USDT` or `BTCUSDT` → `BTC/USDT` when tracked (or, with `includeRemoved`, once tracked: its stored
   * history stays readable), `BTC-USDT@kraken` → `BTC/USDT@kraken` on another exchange; 404 otherwise.
   */
  async resolveSymbol(input: string, options: { includeRemoved?: boolean } = {}): Promise<string> {
    const symbol = this.provider.ids.parse(input);
    const row = symbol ? await this.tracked.known(symbol) : undefined;
    if (!symbol || !row || (row.status === 'removed' && !options.includeRemoved)) {
      const exchange = symbol ? this.provider.ids.exchangeOf(symbol) : undefined;
      if (exchange && !this.provider.get(exchange)) {
        throw new NotFoundError(`Unknown exchange '${exchange}' in '${input}'; this install tracks ${this.provider.ids.exchanges.join(', ')}`);
      }
      throw new NotFoundError(`Unknown market symbol '${input}'; GET /api/v1/markets lists the tracked ones`);
    }
    return symbol;
  }

  /** The exchange of a market id. */
  exchangeOf(market: string): string {
    return this.provider.ids.exchangeOf(market);
  }

  /** The market id of `ASSET/quote` on each configured exchange, in the price preference order (PRICE_EXCHANGES). */
  priceCandidates(asset: string, quote: string): string[] {
    return this.priceOrder.map((exchange) => this.provider.ids.id(exchange, `${asset}/${quote}`));
  }

  /**
   * Per asset, the market its stored prices come from: the first exchange in the price order where `ASSET/quote` is
   * in the catalogue (tracked, or removed: its history stays), else the home exchange's.
   */
  async pricingMarkets(assets: readonly string[], quote: string): Promise<Map<string, string>> {
    const known = new Set((await this.tracked.rows()).map((row) => row.market));
    return new Map(
      assets.map((asset) => {
        const candidates = this.priceCandidates(asset, quote);
        return [asset, candidates.find((market) => known.has(market)) ?? this.provider.ids.id(this.provider.ids.home, `${asset}/${quote}`)];
      }),
    );
  }

  /** Every configured exchange with the health last seen by any process (the worker's polls, this process's calls). */
  async exchangeStatuses(): Promise<ExchangeStatusDto[]> {
    const local = new Map(this.provider.status().map((status) => [status.exchange, status]));
    return Promise.all(
      this.provider.list().map(async (provider): Promise<ExchangeStatusDto> => {
        const shared = await this.cache.get<ExchangeStatus>(exchangeStatusCacheKey(provider.exchange)).catch(() => undefined);
        const mine = local.get(provider.exchange);
        const status = !shared || (mine && mine.state !== 'unknown' && mine.since >= shared.since) ? mine : shared;
        return {
          exchange: provider.exchange,
          name: exchangeDisplayName(provider.exchange, provider.name),
          source: provider.source,
          home: provider.exchange === this.provider.ids.home,
          state: status?.state ?? 'unknown',
          message: status?.message ?? null,
        };
      }),
    );
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
    const tick = tickFromTicker(ticker, this.provider.sourceOf(symbol));
    await this.cache.set(tickerCacheKey(symbol), tick, FALLBACK_TICK_TTL_SECONDS);
    return tick;
  }

  async listMarkets(): Promise<MarketsListDto> {
    const rows = (await this.tracked.rows()).filter((row) => row.status !== 'removed');
    const symbols = rows.map((row) => row.market);
    const [prices, firstHourly, exchanges] = await Promise.all([this.getLatestPrices(), this.candles.firstOpenTimes(symbols, '1h'), this.exchangeStatuses()]);
    const names = new Map(exchanges.map((exchange) => [exchange.exchange, exchange.name]));
    return {
      source: this.provider.source,
      exchange: this.provider.exchange,
      exchanges,
      forecastMinHistoryDays: FORECAST_MIN_HISTORY_HOURS / 24,
      markets: rows.map((row) => {
        const symbol = row.market;
        const tick = prices.get(symbol);
        return {
          symbol,
          pair: row.symbol,
          exchange: row.exchange,
          exchangeName: names.get(row.exchange) ?? exchangeDisplayName(row.exchange),
          ...splitSymbol(symbol),
          price: tick ? toDecimalString(tick.price) : null,
          change24h: tick ? Math.round(tick.change24h * 100) / 100 : null,
          volume24h: tick ? toDecimalString(tick.volume24h) : null,
          source: this.provider.sourceOf(symbol),
          lastUpdate: tick?.timestamp ?? null,
          ...marketStageOf(row, firstHourly.get(symbol), this.provider.nowFor(symbol)),
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
      exchange: this.provider.ids.exchangeOf(symbol),
      price: toDecimalString(tick.price),
      change24h: Math.round(tick.change24h * 100) / 100,
      volume24h: toDecimalString(tick.volume24h),
      timestamp: tick.timestamp,
      source: tick.source,
    };
  }

  async getCandles(input: string, query: CandlesQueryDto): Promise<CandlesPageDto> {
    const symbol = await this.resolveSymbol(input, { includeRemoved: true });
    const timeframe: Timeframe = query.timeframe ?? '1h';
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    if (from && to && from > to) throw new InvalidError('from must not be after to');
    const limit = Math.min(query.limit ?? DEFAULT_CANDLES_PER_PAGE, MAX_CANDLES_PER_PAGE);
    const key = this.candles.seriesKey(symbol, timeframe);
    // One extra row tells whether a next page exists (only when paging forward from `from`).
    const rows = await this.candles.find(key, { from, to, limit: from ? limit + 1 : limit });
    const page = rows.slice(0, limit);
    return {
      symbol,
      timeframe,
      source: this.provider.sourceOf(symbol),
      exchange: key.exchange,
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

/** Stage, backfill progress and stored history of one catalogue row, as GET /markets and the socket show them. */
export function marketStageOf(row: TrackedMarketRow, firstHourlyOpen: number | undefined, now: number): Pick<MarketDto, 'stage' | 'backfill' | 'historyDays'> {
  const status = row.status === 'backfilling' ? 'backfilling' : 'tracking';
  const hasBackfill = row.status === 'backfilling' || row.backfill.finishedAt !== null;
  return {
    stage: marketStage(status, firstHourlyOpen, now),
    historyDays: historyDays(firstHourlyOpen, now),
    backfill: hasBackfill
      ? {
          fetched: row.backfill.fetched,
          expected: row.backfill.expected,
          percent: Math.floor(row.backfill.progress * 1000) / 10,
          etaSeconds: row.status === 'backfilling' ? backfillEtaSeconds(row.backfill.startedAt?.getTime() ?? null, row.backfill.progress, Date.now()) : null,
          error: row.backfill.error,
        }
      : null,
  };
}
