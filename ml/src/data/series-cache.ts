/**
 * Per-candle values computed once per candle series instead of once per forecast origin.
 *
 * A walk-forward backtest (and the guard's validation) forecasts from tens of thousands of cuts of the same candle
 * arrays: each cut is `historyUntil` / `trimHistory`, a slice of the full array. Most per-candle quantities (the
 * close, its logarithm, the Garman-Klass variance of a bar, its hour-of-week slot, a trailing 24-bar sum of squared
 * returns) depend on that candle and the ones before it only, not on where the cut starts, so they are computed once
 * over the full ("base") array and every cut reads them as a sub-array. Values are exactly the ones the per-cut
 * computation gives (same operations, same order), so forecasts are bit-identical; only the work is shared.
 *
 * Safety: a slice is registered as a view of its base when it is cut (`sliceView`). Before a view reads the base's
 * cached values, the view's candles are checked to be the very candle objects the cache was built from (a pointer
 * comparison per candle, far cheaper than the logarithms it saves); an array that was appended to or had candles
 * replaced rebuilds its cache, and anything not cut through `sliceView` is computed directly as before. Candle objects
 * are treated as immutable values (nothing in the library writes to them). Values at index i never depend on candles
 * after i, so a base holding candles after the origin leaks nothing (the look-ahead tests pass such histories).
 */
import type { Candle } from '../types';

interface ViewInfo {
  base: Candle[];
  start: number;
}

const views = new WeakMap<Candle[], ViewInfo>();

/** `base.slice(start, end)`, remembered as a view of `base` (or of the base `base` itself is a view of). */
export function sliceView(base: Candle[], start: number, end: number = base.length): Candle[] {
  const s = Math.max(0, Math.min(start, base.length));
  const out = base.slice(s, end);
  const parent = views.get(base);
  views.set(out, parent ? { base: parent.base, start: parent.start + s } : { base, start: s });
  return out;
}

/** Cached per-candle values of one base array. */
export interface SeriesCache {
  /** The candle objects the values were computed from (a copy of the base array at that time). */
  refs: Candle[];
  closes: Float64Array;
  logCloses: Float64Array;
  /** Trailing 24-bar sum of squared log returns ending at each candle (NaN before index 24), built on first use. */
  rv24?: Float64Array;
  /** Values that depend on a configuration as well (volatility filter inputs), keyed by the caller. */
  extra: Map<string, unknown[]>;
}

const caches = new WeakMap<Candle[], SeriesCache>();
/** logCloses sub-array handed out -> the series cache and the start of the view in it. */
const logViews = new WeakMap<Float64Array, { cache: SeriesCache; start: number; candles: Candle[] }>();

function build(base: Candle[]): SeriesCache {
  const n = base.length;
  const closes = new Float64Array(n);
  const logCloses = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    closes[i] = base[i]!.close;
    logCloses[i] = Math.log(closes[i]!);
  }
  const c: SeriesCache = { refs: base.slice(), closes, logCloses, extra: new Map() };
  caches.set(base, c);
  return c;
}

function matches(refs: Candle[], start: number, candles: Candle[]): boolean {
  const n = candles.length;
  if (start + n > refs.length) return false;
  for (let i = 0; i < n; i++) if (candles[i] !== refs[start + i]) return false;
  return true;
}

/**
 * The base cache and offset for a view, or undefined when `candles` was not cut through sliceView or the cache
 * cannot be made to match it.
 */
export function seriesCacheOf(candles: Candle[]): { cache: SeriesCache; start: number } | undefined {
  const v = views.get(candles);
  if (!v) return undefined;
  let cache = caches.get(v.base);
  if (cache && matches(cache.refs, v.start, candles)) return { cache, start: v.start };
  // The base changed since the cache was built (or none yet): rebuild when the view still matches the base.
  if (!matches(v.base, v.start, candles)) return undefined;
  cache = build(v.base);
  return { cache, start: v.start };
}

/**
 * closes and log closes of a candle array: sub-arrays of its base's cached values when it is a view, computed
 * directly otherwise. The arrays are shared: callers must not write to them.
 */
export function closeArraysOf(candles: Candle[]): { closes: Float64Array; logCloses: Float64Array } {
  const hit = seriesCacheOf(candles);
  if (hit) {
    const { cache, start } = hit;
    const end = start + candles.length;
    const logCloses = cache.logCloses.subarray(start, end);
    logViews.set(logCloses, { cache, start, candles });
    return { closes: cache.closes.subarray(start, end), logCloses };
  }
  const closes = new Float64Array(candles.length);
  const logCloses = new Float64Array(candles.length);
  for (let i = 0; i < candles.length; i++) {
    closes[i] = candles[i]!.close;
    logCloses[i] = Math.log(closes[i]!);
  }
  return { closes, logCloses };
}

/**
 * The series cache behind a logCloses array handed out by closeArraysOf (and the candles it belongs to), or
 * undefined for any other array (a sub-array taken from it by the caller included).
 */
export function cacheOfLogCloses(logCloses: Float64Array): { cache: SeriesCache; start: number; candles: Candle[] } | undefined {
  return logViews.get(logCloses);
}

/**
 * Trailing 24-bar sum of squared log returns at index i of the base (i ≥ 24), summed from i − 23 up to i: the same
 * order as a direct loop, so the same bits.
 */
export function rv24Of(cache: SeriesCache): Float64Array {
  if (cache.rv24) return cache.rv24;
  const lc = cache.logCloses;
  const out = new Float64Array(lc.length).fill(NaN);
  for (let i = 24; i < lc.length; i++) {
    let s = 0;
    for (let t = i - 23; t <= i; t++) {
      const r = lc[t]! - lc[t - 1]!;
      s += r * r;
    }
    out[i] = s;
  }
  cache.rv24 = out;
  return out;
}
