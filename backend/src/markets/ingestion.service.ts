import { Inject, Injectable, Logger } from '@nestjs/common';
import { Candle, TIMEFRAME_MS, Timeframe, candleOpenTime } from './candle';
import { CandleSeriesKey, CandlesRepository, MissingRange } from './candles.repository';
import { MarketDataRouter } from './market-data-router';

export const INGESTION_OPTIONS = Symbol('INGESTION_OPTIONS');

export interface IngestionOptions {
  /** Timeframes ingested for every tracked symbol. */
  timeframes: Timeframe[];
  /** History depth per timeframe, in days (a timeframe without an entry: 7 days). */
  backfillDays: Partial<Record<Timeframe, number>>;
  /** Candles asked per provider request (Binance serves at most 1,000). */
  pageSize: number;
  /** Series synced at once (the provider's rate limiter paces the requests anyway). */
  concurrency: number;
}

export interface SyncResult {
  symbol: string;
  timeframe: Timeframe;
  written: number;
  gapsRefilled: number;
}

const DAY_MS = 86_400_000;

/**
 * Backfill and catch-up of candles into the candles table. Every write is an idempotent upsert on
 * (exchange, symbol, timeframe, open_time); every run (1) re-reads from the last stored candle forward, so the
 * still-open candle is updated in place and an interrupted run resumes where it stopped, then (2) scans for holes
 * — before the first stored candle (within the configured depth) and between stored candles — and refetches them.
 * Holes the exchange itself has (outages, the time before a listing) are remembered so they are asked once.
 */
@Injectable()
export class IngestionService {
  private readonly logger = new Logger(IngestionService.name);
  /** Timeframes ingested and their depth (a backfill's expected candle count). */
  get plan(): Pick<IngestionOptions, 'timeframes' | 'backfillDays'> {
    return { timeframes: this.options.timeframes, backfillDays: this.options.backfillDays };
  }

  /** Ranges the provider had no candles for: not asked again by this process. */
  private readonly knownEmpty = new Set<string>();
  private running?: Promise<SyncResult[]>;

  constructor(
    private readonly provider: MarketDataRouter,
    private readonly candles: CandlesRepository,
    @Inject(INGESTION_OPTIONS) private readonly options: IngestionOptions,
  ) {}

  /** Syncs every (market, timeframe); a run already in progress is joined rather than doubled. */
  syncAll(symbols: string[]): Promise<SyncResult[]> {
    this.running ??= this.runAll(symbols).finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runAll(symbols: string[]): Promise<SyncResult[]> {
    // Timeframe by timeframe, in the configured order (hourly and daily first): the sub-hour series never hold back
    // the hourly candles the hourly slots wait for.
    const work = this.options.timeframes.flatMap((timeframe) => symbols.map((symbol) => ({ symbol, timeframe })));
    const results: SyncResult[] = [];
    const errors: unknown[] = [];
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < work.length) {
        const item = work[next++]!;
        try {
          results.push(await this.syncSeries(item.symbol, item.timeframe));
        } catch (error) {
          // One failing series must not starve the others; the next scheduled run retries it.
          errors.push(error);
          this.logger.warn(`sync ${item.symbol} ${item.timeframe} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency) }, lane));
    if (errors.length > 0 && results.length === 0) throw errors[0];
    return results;
  }

  /**
   * Brings one series up to date: forward catch-up from the last stored candle, then hole refill. `onPage` hears
   * the candles written by each page as it lands (a backfill's progress).
   */
  async syncSeries(symbol: string, timeframe: Timeframe, onPage?: (written: number) => Promise<void> | void): Promise<SyncResult> {
    const key: CandleSeriesKey = this.candles.seriesKey(symbol, timeframe);
    const step = TIMEFRAME_MS[timeframe];
    const now = this.provider.nowFor(symbol);
    const depthStart = candleOpenTime(now - (this.options.backfillDays[timeframe] ?? 7) * DAY_MS, timeframe);
    const bounds = await this.candles.bounds(key);

    // (1) Forward from the last stored candle (inclusive: it may have been the open one) or from the depth start.
    let written = await this.fetchRange(symbol, key, bounds ? bounds.last : depthStart, now, onPage);

    // (2) Holes: before the first stored candle, and between stored candles. A hole the source has no data for
    // (an exchange outage, the time before a listing) is remembered by where it ends, so it is asked once.
    const holes: MissingRange[] = [];
    const stored = await this.candles.bounds(key); // after the forward fill: a first backfill may start late too
    if (stored && stored.first > depthStart) holes.push({ from: depthStart, to: stored.first - step });
    holes.push(...(await this.candles.findGaps(key, depthStart)));
    let gapsRefilled = 0;
    for (const hole of holes) {
      const marker = `${key.exchange}|${symbol}|${timeframe}|${hole.to}`;
      if (this.knownEmpty.has(marker)) continue;
      const filled = await this.fetchRange(symbol, key, hole.from, hole.to, onPage);
      if (filled === 0) this.knownEmpty.add(marker);
      else gapsRefilled++;
      written += filled;
    }
    return { symbol, timeframe, written, gapsRefilled };
  }

  /** Pages through [from, until] (open times, epoch ms), upserting each page as it arrives. */
  private async fetchRange(
    market: string,
    key: CandleSeriesKey,
    from: number,
    until: number,
    onPage?: (written: number) => Promise<void> | void,
  ): Promise<number> {
    const step = TIMEFRAME_MS[key.timeframe];
    let since = from;
    let written = 0;
    while (since <= until) {
      // Taken before the request: a candle counts as closed only if the request was sent after its close time.
      const fetchedAt = this.provider.nowFor(market);
      const page = await this.provider.fetchCandles(market, key.timeframe, since, this.options.pageSize);
      const inRange: Candle[] = page.filter((candle) => candle.openTime >= since && candle.openTime <= until);
      if (inRange.length > 0) {
        const count = await this.candles.upsert(key, inRange, fetchedAt);
        written += count;
        await onPage?.(count);
      }
      const last = page.at(-1);
      // Stop when the source has nothing further (or only candles beyond the range).
      if (!last || last.openTime < since || page.length < this.options.pageSize || last.openTime >= until) break;
      since = last.openTime + step;
    }
    return written;
  }
}
