import { Inject, Injectable, Logger } from '@nestjs/common';
import { CACHE, Cache } from '../infra/ports';
import { CandlesRepository } from '../markets/candles.repository';
import { MarketsService } from '../markets/markets.service';
import { tickerCacheKey, type Tick } from '../markets/tick';
import { utcDay, type DailyPriceTable, type DayPrice } from './domain/performance';

/** Portfolios value assets against this quote (USDT ≈ USD for both base currencies). */
export const VALUATION_QUOTE = 'USDT';

/** The asset's valuation pair, `BTC/USDT` (on the exchange the price order picks: MarketsService.pricingMarkets). */
export function marketSymbol(asset: string): string {
  return `${asset}/${VALUATION_QUOTE}`;
}

/**
 * Everything portfolios need from market data, behind one interface so services and tests do not depend on
 * how prices are stored. The default implementation reads the latest ticks from the CACHE (`ticker:<symbol>`,
 * written by the market-data worker) and daily candles through the markets domain's candle reader. With several
 * exchanges an asset is priced from the first one in the price order (PRICE_EXCHANGES) that has it: the live price
 * from the first with a live tick, the history from the first whose catalogue holds the pair.
 */
export const PORTFOLIO_PRICES = Symbol('PORTFOLIO_PRICES');

export interface PortfolioPriceSource {
  /** Latest price per asset (quote currency per unit); assets without a live tick are absent. */
  latestPrices(assets: readonly string[]): Promise<Map<string, number>>;
  /** Daily open/close per asset for the UTC days [fromDay, toDay]. */
  dailyPrices(assets: readonly string[], fromDay: string, toDay: string): Promise<DailyPriceTable>;
  /** Most recent daily close per asset on or before `day`, with the UTC day of that candle (valuation when no tick is available). */
  lastCloses(assets: readonly string[], day: string): Promise<Map<string, StoredClose>>;
  /** Whether the platform tracks the market <asset>/USDT. */
  isKnownAsset(asset: string): Promise<boolean>;
}

/** A daily close from the candles table: the price, and the UTC day (YYYY-MM-DD) whose candle it closed. */
export interface StoredClose {
  price: number;
  day: string;
}

const UNDEFINED_TABLE = '42P01';
/**
 * Daily candles change only for the current day (valued at the live price anyway) and when history is backfilled:
 * five minutes of reuse is safe (a backfill shows within five minutes), and a 3-year, 20-coin table (~22,000 rows)
 * is not re-read on every request.
 */
const DAILY_CACHE_TTL_MS = 5 * 60_000;
const MAX_CACHED_ASSETS = 1_000;

@Injectable()
export class MarketDataPriceSource implements PortfolioPriceSource {
  private readonly logger = new Logger(MarketDataPriceSource.name);
  /** Positive answers only: an asset, once tracked, stays tracked for the life of the process. */
  private readonly known = new Set<string>();
  /**
   * Daily prices per asset, briefly: a performance request reads the whole history whatever the range, so
   * switching ranges (or users holding the same coins) would otherwise re-read the same candles.
   */
  private readonly dailyCache = new Map<string, { fromDay: string; toDay: string; days: Map<string, DayPrice>; expiresAt: number }>();

  constructor(
    private readonly candles: CandlesRepository,
    @Inject(CACHE) private readonly cache: Cache,
    private readonly markets: MarketsService,
  ) {}

  async latestPrices(assets: readonly string[]): Promise<Map<string, number>> {
    const prices = new Map<string, number>();
    await Promise.all(
      assets.map(async (asset) => {
        for (const market of this.markets.priceCandidates(asset, VALUATION_QUOTE)) {
          const tick = await this.cache.get<Tick>(tickerCacheKey(market));
          if (tick && Number.isFinite(tick.price) && tick.price > 0) {
            prices.set(asset, tick.price);
            return;
          }
        }
      }),
    );
    return prices;
  }

  // Every candle read names its market's exchange: replayed candles never mix with real ones.

  async dailyPrices(assets: readonly string[], fromDay: string, toDay: string): Promise<DailyPriceTable> {
    const table = new Map<string, Map<string, DayPrice>>();
    const now = Date.now();
    const missing: string[] = [];
    for (const asset of assets) {
      const cached = this.dailyCache.get(asset);
      if (cached && cached.expiresAt > now && cached.fromDay <= fromDay && cached.toDay >= toDay) table.set(asset, cached.days);
      else missing.push(asset);
    }
    if (missing.length === 0) return table;
    const fetched = await this.fetchDailyPrices(missing, fromDay, toDay);
    if (this.dailyCache.size > MAX_CACHED_ASSETS) this.dailyCache.clear();
    for (const asset of missing) {
      const days = fetched.get(asset) ?? new Map<string, DayPrice>();
      // Callers only read, never write, the day maps: sharing them between requests is safe.
      this.dailyCache.set(asset, { fromDay, toDay, days, expiresAt: now + DAILY_CACHE_TTL_MS });
      table.set(asset, days);
    }
    return table;
  }

  private async fetchDailyPrices(assets: readonly string[], fromDay: string, toDay: string): Promise<Map<string, Map<string, DayPrice>>> {
    const table = new Map<string, Map<string, DayPrice>>();
    if (assets.length === 0) return table;
    const markets = await this.markets.pricingMarkets(assets, VALUATION_QUOTE);
    const assetOf = new Map([...markets].map(([asset, market]) => [market, asset]));
    const rows = await this.guard(() => this.candles.dailyOpenCloses([...markets.values()], new Date(`${fromDay}T00:00:00Z`), nextDay(toDay)), []);
    for (const row of rows) {
      const asset = assetOf.get(row.symbol)!;
      let days = table.get(asset);
      if (!days) table.set(asset, (days = new Map()));
      days.set(utcDay(new Date(row.openTime)), { open: row.open, close: row.close });
    }
    return table;
  }

  async lastCloses(assets: readonly string[], day: string): Promise<Map<string, StoredClose>> {
    const closes = new Map<string, StoredClose>();
    if (assets.length === 0) return closes;
    const markets = await this.markets.pricingMarkets(assets, VALUATION_QUOTE);
    const assetOf = new Map([...markets].map(([asset, market]) => [market, asset]));
    const byMarket = await this.guard(
      () => this.candles.lastDailyCloses([...markets.values()], nextDay(day)),
      new Map<string, { close: number; openTime: Date }>(),
    );
    for (const [market, close] of byMarket) closes.set(assetOf.get(market)!, { price: close.close, day: utcDay(close.openTime) });
    return closes;
  }

  async isKnownAsset(asset: string): Promise<boolean> {
    if (this.known.has(asset)) return true;
    const candidates = this.markets.priceCandidates(asset, VALUATION_QUOTE);
    let found = false;
    try {
      const tracked = new Set(await this.markets.trackedSymbols());
      found = candidates.some((market) => tracked.has(market));
    } catch {
      // The exchange could not list its markets right now: accept what the platform has data for.
      for (const market of candidates) {
        found = (await this.cache.get<Tick>(tickerCacheKey(market))) !== undefined || (await this.guard(() => this.candles.hasAny(market), false));
        if (found) break;
      }
    }
    if (found) this.known.add(asset);
    return found;
  }

  /** Runs a candle read; before the market-data migration exists there is simply no price history. */
  private async guard<T>(read: () => Promise<T>, none: T): Promise<T> {
    try {
      return await read();
    } catch (error) {
      if ((error as { code?: string }).code === UNDEFINED_TABLE) {
        this.logger.warn('candles table missing: no price history for portfolios');
        return none;
      }
      throw error;
    }
  }
}

function nextDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
}
