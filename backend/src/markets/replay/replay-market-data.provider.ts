import { aggregateCandles } from '../aggregate';
import { Candle, TIMEFRAME_MS, Timeframe, candleOpenTime } from '../candle';
import { MarketDataProvider, MarketInfo, ProviderTicker } from '../market-data-provider';
import { splitSymbol } from '../symbols';
import { listReplayFiles, readReplayFile } from './replay-csv';
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
}

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
  private readonly series = new Map<string, ReplaySeries>();
  private readonly startedAt: number;

  private constructor(
    private readonly options: ReplayOptions,
    raws: RawSeries[],
  ) {
    this.startedAt = options.wallClock();
    const dataEnd = Math.max(...raws.map((raw) => raw.candles.at(-1)!.openTime + TIMEFRAME_MS[raw.timeframe]));
    const shift = replayShift(dataEnd, this.startedAt);
    for (const raw of raws) this.series.set(raw.symbol, new ReplaySeries(raw, shift));
  }

  /** Builds a provider from in-memory series (tests) — the same code path as the CSV folder. */
  static fromSeries(raws: RawSeries[], options: Omit<ReplayOptions, 'dir'>): ReplayMarketDataProvider {
    const usable = raws.filter((raw) => raw.candles.length >= 2);
    if (usable.length === 0) throw new Error('Replay needs at least one series with 2 or more candles');
    return new ReplayMarketDataProvider({ ...options, dir: '' }, usable);
  }

  static async fromFolder(options: ReplayOptions, symbols?: string[]): Promise<ReplayMarketDataProvider> {
    let files = await listReplayFiles(options.dir);
    if (symbols && symbols.length > 0) files = files.filter((file) => symbols.includes(file.symbol));
    if (files.length === 0) throw new Error(`No candle CSV files (e.g. BTCUSDT_1h.csv) found in ${options.dir}`);
    const raws = await Promise.all(files.map((file) => readReplayFile(file)));
    return ReplayMarketDataProvider.fromSeries(raws, options);
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
    const series = this.series.get(symbol);
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
      const exact = series?.priceAt(now);
      if (!series || exact === undefined) continue;
      const price = roundPrice(exact);
      const dayAgo = series.priceAt(now - DAY_MS);
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
  }
}
