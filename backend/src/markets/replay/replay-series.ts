import { Candle, TIMEFRAME_MS, Timeframe } from '../candle';
import { partialCandle, priceAt, stringHash } from './intra-candle-path';

/** Raw candles of one symbol at its finest available timeframe, oldest first, as read from CSV. */
export interface RawSeries {
  symbol: string;
  timeframe: Timeframe;
  candles: Candle[];
}

/**
 * One symbol's candles on the replay timeline: shifted by `shiftMs` (so the data ends around "now") and
 * continued past the end of the file by replaying the last `loopLength` candles again, scaled so the price is
 * continuous — the replay never runs dry, and stays deterministic. Pure, no framework imports.
 */
export class ReplaySeries {
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly stepMs: number;
  private readonly candles: Candle[];
  private readonly loopStart: number;
  /** Price ratio of one loop: end close / close just before the loop start. */
  private readonly loopRatio: number;
  private readonly seed: number;

  constructor(
    raw: RawSeries,
    readonly shiftMs: number,
    loopLength?: number,
  ) {
    if (raw.candles.length < 2) throw new Error(`Replay series ${raw.symbol} needs at least 2 candles`);
    this.symbol = raw.symbol;
    this.timeframe = raw.timeframe;
    this.stepMs = TIMEFRAME_MS[raw.timeframe];
    this.candles = raw.candles;
    const n = raw.candles.length;
    const defaultLoop = Math.round((365 * 86_400_000) / this.stepMs);
    this.loopStart = Math.max(1, n - (loopLength ?? defaultLoop));
    this.loopRatio = raw.candles[n - 1]!.close / raw.candles[this.loopStart - 1]!.close;
    this.seed = stringHash(raw.symbol);
  }

  get recordedLength(): number {
    return this.candles.length;
  }

  /** Shifted open time of the first candle. */
  get firstOpenTime(): number {
    return this.candles[0]!.openTime + this.shiftMs;
  }

  /** Shifted open time of candle `index` (indexes past the file continue one step apart). */
  openTimeAt(index: number): number {
    const n = this.candles.length;
    if (index < n) return this.candles[index]!.openTime + this.shiftMs;
    return this.candles[n - 1]!.openTime + this.shiftMs + (index - n + 1) * this.stepMs;
  }

  /** Complete candle `index` on the replay timeline. */
  candleAt(index: number): Candle {
    const n = this.candles.length;
    if (index < n) {
      const c = this.candles[index]!;
      return { ...c, openTime: c.openTime + this.shiftMs };
    }
    const loopLength = n - this.loopStart;
    const offset = index - n;
    const cycle = Math.floor(offset / loopLength) + 1;
    const source = this.candles[this.loopStart + (offset % loopLength)]!;
    const scale = this.loopRatio ** cycle;
    return {
      openTime: this.openTimeAt(index),
      open: source.open * scale,
      high: source.high * scale,
      low: source.low * scale,
      close: source.close * scale,
      volume: source.volume,
    };
  }

  /** Index of the last candle opening at or before `time`, or -1 when `time` precedes the series. */
  indexAt(time: number): number {
    const n = this.candles.length;
    const lastOpen = this.openTimeAt(n - 1);
    if (time >= lastOpen) return n - 1 + Math.floor((time - lastOpen) / this.stepMs);
    let lo = 0;
    let hi = n - 1;
    if (time < this.openTimeAt(0)) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.openTimeAt(mid) <= time) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Index of the first candle opening at or after `time`. */
  firstIndexFrom(time: number): number {
    const at = this.indexAt(time);
    if (at < 0) return 0;
    return this.openTimeAt(at) === time ? at : at + 1;
  }

  /** Fraction of candle `index` elapsed at `time`; 1 when the candle is complete (or sits before a data gap). */
  private fractionAt(index: number, time: number): number {
    return Math.min(1, (time - this.openTimeAt(index)) / this.stepMs);
  }

  /** The candle `index` as seen at `time`: partial when still open. */
  candleAsOf(index: number, time: number): Candle {
    return partialCandle(this.candleAt(index), this.fractionAt(index, time), this.seed);
  }

  /** Replayed price at `time`, moving inside the candle along its deterministic path. */
  priceAt(time: number): number | undefined {
    const index = this.indexAt(time);
    if (index < 0) return undefined;
    return priceAt(this.candleAt(index), this.fractionAt(index, time), this.seed);
  }

  /** Base-asset volume traded in (time − windowMs, time], counting partial candles pro rata. */
  volumeOver(time: number, windowMs: number): number {
    const start = time - windowMs;
    let total = 0;
    for (let index = Math.max(0, this.indexAt(start)); index <= this.indexAt(time); index++) {
      const open = this.openTimeAt(index);
      const overlap = Math.min(time, open + this.stepMs) - Math.max(start, open);
      if (overlap > 0) total += this.candleAt(index).volume * (overlap / this.stepMs);
    }
    return total;
  }
}
