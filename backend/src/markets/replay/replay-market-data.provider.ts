import { aggregateCandles } from '../aggregate';
import { Candle, TIMEFRAME_MS, Timeframe, candleOpenTime, isIntradayTimeframe, type IntradayTimeframe } from '../candle';
import { MarketDataProvider, MarketInfo, ProviderTicker } from '../market-data-provider';
import { splitSymbol } from '../symbols';
import { listIntradayReplayFiles, listReplayFiles, readReplayFile } from './replay-csv';
import { RawSeries, ReplaySeries } from './replay-series';

const DAY_MS = 86_400_000;

/** Replayed prices are interpolated; round them to what an exchange would quote (10 significant digits). */
function roundPrice(value: number): number {
  return Number(value.toPrecision(10));
}

function roundCandle(candle: Candle): Candle {
  return {
    openTime: candle.openTime,
    open: roundPrice(candle.open),
    high: roundPrice(candle.high),
    low: roundPrice(candle.low),
    close: roundPrice(candle.close),
    volume: Number(candle.volume.toFixed(8)),
  };
}
const WEEK_MS = 7 * DAY_MS;

export interface ReplayOptions {
  /** Folder of `{BASE}{QUOTE}_{timeframe}.csv` files. */
  dir: string;
  /** Replay clock speed: 1 = real time, 60 = one replayed minute per wall-clock second. */
  speed: number;
  /** Wall clock in epoch ms (injected so tests control time). */
  wallClock: () => number;
  /** Sub-hour series replayed from `{BASE}{QUOTE}_5m.csv.gz` / `_1m` where the folder has them (default none). */
  intradayTimeframes?: IntradayTimeframe[];
  /** Days of each sub-hour file kept in memory (the recent part; default 35 for 5m, 10 for 1m). */
  intradayKeepDays?: Partial<Record<IntradayTimeframe, number>>;
}

const DEFAULT_INTRADAY_KEEP_DAYS: Record<IntradayTimeframe, number> = { '5m': 35, '1m': 10 };

/**
 * Shift that moves recorded data onto the replay timeline: the smallest whole number of weeks that puts the
 * end of the data just after `now`. Whole weeks keep candles on UTC day boundaries and weekdays intact (the
 * forecasting features use calendar effects); the last recorded week then plays forward from "now".
 */
export function replayShift(dataEnd: number, now: number): number {
  return Math.max(0, Math.floor((now - dataEnd) / WEEK_MS) + 1) * WEEK_MS;
}

/**
 * Serves recorded candles as if live: time-shifted so the recorded data ends at "now", prices moving inside each
 * candle along a deterministic path, and the series continuing past the file end. Offline demos and tests use it.
 */
export class ReplayMarketDataProvider implements MarketDataProvider {
  readonly source = 'replay' as const;
  readonly exchange = 'replay';
  /** The series that drives each symbol (its hourly file, or daily): prices, and candles of 1h and coarser. */
  private readonly series = new Map<string, ReplaySeries>();
  /** Sub-hour series by symbol (5m, 1m): candles of those timeframes, and the ticker price where they exist. */
  private readonly intraday = new Map<string, Map<IntradayTimeframe, ReplaySeries>>();
  private readonly startedAt: number;

  private constructor(
    private readonly options: ReplayOptions,
    raws: RawSeries[],
  ) {
    this.startedAt = options.wallClock();
    const base = raws.filter((raw) => !isIntradayTimeframe(raw.timeframe));
    // The shift comes from the driving series only, so adding sub-hour files never moves the hourly replay; the
    // sub-hour series take the same shift (their candles line up with the hourly ones).
    const dataEnd = Math.max(...base.map((raw) => raw.candles.at(-1)!.openTime + TIMEFRAME_MS[raw.timeframe]));
    const shift = replayShift(dataEnd, this.startedAt);
    for (const raw of base) this.series.set(raw.symbol, new ReplaySeries(raw, shift));
    for (const raw of raws) {
      if (!isIntradayTimeframe(raw.timeframe) || !this.series.has(raw.symbol)) continue;
      const bySymbol = this.intraday.get(raw.symbol) ?? new Map<IntradayTimeframe, ReplaySeries>();
      bySymbol.set(raw.timeframe, new ReplaySeries(raw, shift));
      this.intraday.set(raw.symbol, bySymbol);
    }
  }

  /**
   * Builds a provider from in-memory series (tests) — the same code path as the CSV folder. Series of a sub-hour
   * timeframe (5m, 1m) are replayed beside the symbol's driving series.
   */
  static fromSeries(raws: RawSeries[], options: Omit<ReplayOptions, 'dir'>): ReplayMarketDataProvider {
    const usable = raws.filter((raw) => raw.candles.length >= 2);
    if (!usable.some((raw) => !isIntradayTimeframe(raw.timeframe))) throw new Error('Replay needs at least one series with 2 or more candles');
    return new ReplayMarketDataProvider({ ...options, dir: '' }, usable);
  }

  static async fromFolder(options: ReplayOptions, symbols?: string[]): Promise<ReplayMarketDataProvider> {
    let files = await listReplayFiles(options.dir);
    if (symbols && symbols.length > 0) files = files.filter((file) => symbols.includes(file.symbol));
    if (files.length === 0) throw new Error(`No candle CSV files (e.g. BTCUSDT_1h.csv) found in ${options.dir}`);
    const tracked = new Set(files.map((file) => file.symbol));
    const intradayFiles = (await listIntradayReplayFiles(options.dir, options.intradayTimeframes ?? [])).filter((file) => tracked.has(file.symbol));
    const keep = { ...DEFAULT_INTRADAY_KEEP_DAYS, ...options.intradayKeepDays };
    const raws = await Promise.all([...files.map((file) => readReplayFile(file)), ...intradayFiles.map((file) => readReplayFile(file, keep[file.timeframe]))]);
    return ReplayMarketDataProvider.fromSeries(raws, options);
  }

  /** Sub-hour timeframes replayed for `symbol` (where the folder has a file). */
  intradayTimeframesOf(symbol: string): IntradayTimeframe[] {
    return [...(this.intraday.get(symbol)?.keys() ?? [])];
  }

  /** The series candles of `timeframe` come from: the driving one for 1h and coarser, else the finest sub-hour one that fits. */
  private seriesFor(symbol: string, timeframe: Timeframe): ReplaySeries | undefined {
    const base = this.series.get(symbol);
    const step = TIMEFRAME_MS[timeframe];
    if (!base || step >= base.stepMs) return base;
    const finer = [...(this.intraday.get(symbol)?.values() ?? [])].filter((s) => s.stepMs <= step).sort((a, b) => b.stepMs - a.stepMs);
    return finer[0];
  }

  /** The finest series of `symbol` that has data at `time`: ticker prices follow the sub-hour candles where replayed. */
  private priceSeries(symbol: string, time: number): ReplaySeries | undefined {
    const finest = [...(this.intraday.get(symbol)?.values() ?? [])].sort((a, b) => a.stepMs - b.stepMs).find((s) => s.firstOpenTime <= time);
    return finest ?? this.series.get(symbol);
  }

  /** Replay clock: starts at the wall-clock time of construction and runs `speed` times faster. */
  now(): number {
    const wall = this.options.wallClock();
    return Math.floor(this.startedAt + (wall - this.startedAt) * this.options.speed);
  }

  async listMarkets(): Promise<MarketInfo[]> {
    return [...this.series.keys()].sort().map((symbol) => ({ symbol, ...splitSymbol(symbol) }));
  }

  /**
   * Tracked by default: every symbol with hourly (or finer) candles. A daily-only file (BNBUSDT_1d.csv in the dev
   * set) cannot feed a live price stream, intraday alerts or hourly forecasts; name it in TRACKED_SYMBOLS to track it.
   */
  async defaultSymbols(): Promise<string[]> {
    return [...this.series.entries()]
      .filter(([, series]) => series.stepMs <= TIMEFRAME_MS['1h'])
      .map(([symbol]) => symbol)
      .sort();
  }

  async fetchCandles(symbol: string, timeframe: Timeframe, since: number, limit: number): Promise<Candle[]> {
    const series = this.seriesFor(symbol, timeframe);
    const step = TIMEFRAME_MS[timeframe];
    if (!series || step < series.stepMs || limit <= 0) return [];
    const now = this.now();
    const start = Math.max(candleOpenTime(since, timeframe), candleOpenTime(series.firstOpenTime, timeframe));
    const result: Candle[] = [];
    // Walk the finest candles forward; aggregate per `timeframe` bucket when coarser.
    let bucket: Candle[] = [];
    let bucketOpen = -1;
    const flush = (): void => {
      if (bucket.length > 0) result.push(...aggregateCandles(bucket, timeframe));
      bucket = [];
    };
    for (let index = series.firstIndexFrom(start); ; index++) {
      const openTime = series.openTimeAt(index);
      if (openTime > now) break;
      const open = candleOpenTime(openTime, timeframe);
      if (open !== bucketOpen) {
        flush();
        if (result.length >= limit) break;
        bucketOpen = open;
      }
      bucket.push(series.candleAsOf(index, now));
    }
    flush();
    return result.slice(0, limit).map(roundCandle);
  }

  async fetchTickers(symbols: string[]): Promise<ProviderTicker[]> {
    const now = this.now();
    const tickers: ProviderTicker[] = [];
    for (const symbol of symbols) {
      const series = this.series.get(symbol);
      const exact = this.priceSeries(symbol, now)?.priceAt(now);
      if (!series || exact === undefined) continue;
      const price = roundPrice(exact);
      const dayAgo = this.priceSeries(symbol, now - DAY_MS)?.priceAt(now - DAY_MS);
      const volume24h = series.volumeOver(now, DAY_MS);
      tickers.push({
        symbol,
        price,
        change24h: dayAgo ? ((exact - dayAgo) / dayAgo) * 100 : 0,
        volume24h: Number(volume24h.toFixed(8)),
        quoteVolume24h: volume24h * exact,
        timestamp: now,
      });
    }
    return tickers;
  }

  async close(): Promise<void> {
    this.series.clear();
    this.intraday.clear();
  }
}
