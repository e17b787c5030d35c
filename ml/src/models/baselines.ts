import { HORIZONS } from '../data/horizons';
import { cacheOfLogCloses } from '../data/series-cache';
import { mean, quantileSorted } from '../math';
import type { CoinHistory, ForecastModel, Horizon, QuantileForecast } from '../types';
import { QUANTILE_LEVELS } from '../types';
import { forecastFromLogReturns, originContext, trailingStepReturns, type CloseCache } from './context';

/** Trailing window of origins for the empirical baseline interval: 90 days of hourly origins, 365 daily origins. */
export function naiveWindow(horizon: Horizon): number {
  return HORIZONS[horizon].timeframe === 'hourly' ? 90 * 24 : 365;
}

/**
 * Sorted trailing h-step log returns of a cached series, kept between calls: consecutive origins of a backtest (or
 * of the guard's validation) share all but a few of their window's returns, so the window is moved (returns leaving
 * removed, returns entering inserted, by binary search) instead of sorted again. The multiset is the same, so the
 * sorted array, and every quantile read from it, is the same as sorting the window afresh.
 */
interface SortedWindow {
  /** Base indices a .. e − 1 of the returns in `sorted` (return j = logCloses[j] − logCloses[j − steps]). */
  a: number;
  e: number;
  sorted: Float64Array;
}

/** First index in sorted[0 .. len) whose value is not below v. */
function lowerBound(sorted: Float64Array, len: number, v: number): number {
  let lo = 0;
  let hi = len;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(w: SortedWindow, len: number, v: number): void {
  const at = lowerBound(w.sorted, len, v);
  w.sorted.copyWithin(at + 1, at, len);
  w.sorted[at] = v;
}

function removeSorted(w: SortedWindow, len: number, v: number): boolean {
  const at = lowerBound(w.sorted, len, v);
  if (at >= len || w.sorted[at] !== v) return false;
  w.sorted.copyWithin(at, at + 1, len);
  return true;
}

/** The sorted returns of base indices a .. e − 1, moved from the previous call's window when that is cheaper. */
function slidingSortedReturns(base: Float64Array, store: Map<string, unknown[]>, steps: number, a: number, e: number): Float64Array | undefined {
  const key = `naive-window:${steps}`;
  const len = e - a;
  let w = store.get(key)?.[0] as SortedWindow | undefined;
  const moves = w && a >= w.a && e >= w.e && a < w.e ? a - w.a + (e - w.e) : Infinity;
  if (w && moves <= len / 16 && w.sorted.length >= len) {
    let cur = w.e - w.a;
    let ok = true;
    for (let j = w.a; j < a && ok; j++) ok = removeSorted(w, cur--, base[j]! - base[j - steps]!);
    for (let j = w.e; j < e && ok; j++) {
      const v = base[j]! - base[j - steps]!;
      if (v !== v) ok = false;
      else insertSorted(w, cur++, v);
    }
    if (!ok) {
      store.delete(key);
      return undefined;
    }
    w.a = a;
    w.e = e;
    return w.sorted.subarray(0, len);
  }
  const sorted = new Float64Array(len + 64);
  for (let j = a; j < e; j++) sorted[j - a] = base[j]! - base[j - steps]!;
  const view = sorted.subarray(0, len).sort();
  // NaN (a non-positive close) sorts last; such windows are left to the direct path.
  if (len > 0 && view[len - 1] !== view[len - 1]) return undefined;
  w = { a, e, sorted };
  store.set(key, [w]);
  return view;
}

/** Empirical quantiles of the trailing h-step log returns (the baseline's interval shape). */
export function empiricalReturnQuantiles(logCloses: Float64Array, steps: number, window: number): Record<string, number> {
  const hit = cacheOfLogCloses(logCloses);
  const n = logCloses.length;
  let r: Float64Array | undefined;
  if (hit && n > steps) {
    // trailingStepReturns' window, in the base's indices.
    const start = Math.max(steps, n - window);
    r = slidingSortedReturns(hit.cache.logCloses, hit.cache.extra, steps, hit.start + start, hit.start + n);
  }
  if (!r) r = trailingStepReturns(logCloses, steps, window).sort();
  const out: Record<string, number> = {};
  for (const q of QUANTILE_LEVELS) out[q] = r.length ? quantileSorted(r, Number(q)) : 0;
  return out;
}

type PointRule = (closes: Float64Array, steps: number) => number;

function baseline(type: string, pointLogReturn: PointRule, description: string): ForecastModel {
  return {
    type,
    version: '1',
    metadata: { type, description, intervalWindow: { hourlyOrigins: 90 * 24, dailyOrigins: 365 } },
    lookback: { hourly: 90 * 24 + 25, daily: 365 + 31 },
    predict(history: CoinHistory, horizons: Horizon[]): QuantileForecast[] {
      const out: QuantileForecast[] = [];
      const cache: CloseCache = new Map();
      for (const h of horizons) {
        const ctx = originContext(history, h, cache);
        if (!ctx) continue;
        const eq = empiricalReturnQuantiles(ctx.logCloses, ctx.steps, naiveWindow(h));
        const m = pointLogReturn(ctx.closes, ctx.steps);
        // Interval: last price x exp(empirical quantiles); the median is the point itself.
        const q: Record<string, number> = {};
        for (const k of QUANTILE_LEVELS) q[k] = k === '0.5' ? m : eq[k]! + (m === 0 ? 0 : m - eq['0.5']!);
        out.push(forecastFromLogReturns(ctx, m, q));
      }
      return out;
    },
  };
}

/** The baseline: tomorrow = today. Interval from empirical trailing h-step returns (see naiveWindow). */
export function naiveModel(): ForecastModel {
  return baseline('naive', () => 0, 'last price; interval = last price x exp(empirical 10/90% trailing h-step log returns)');
}

/** Random walk with drift: mean log return over the interval window, times h. */
export function driftModel(): ForecastModel {
  return baseline(
    'drift',
    (closes, steps) => {
      const w = Math.min(closes.length - 1, steps === 1 || steps === 4 || steps === 24 ? 90 * 24 : 365);
      if (w < 2) return 0;
      return (steps * Math.log(closes[closes.length - 1]! / closes[closes.length - 1 - w]!)) / w;
    },
    'mean trailing log return x horizon',
  );
}

/** Holt's linear trend with damping on log prices (ETS(A,Ad,N)) with fixed smoothing constants. */
export function holtDampedForecast(logPrices: ArrayLike<number>, steps: number, alpha = 0.3, beta = 0.05, phi = 0.9): number {
  const n = logPrices.length;
  if (n < 3) return logPrices[n - 1] ?? 0;
  let level = logPrices[0]!;
  let trend = logPrices[1]! - logPrices[0]!;
  for (let t = 1; t < n; t++) {
    const prevLevel = level;
    level = alpha * logPrices[t]! + (1 - alpha) * (level + phi * trend);
    trend = beta * (level - prevLevel) + (1 - beta) * phi * trend;
  }
  let damp = 0;
  let p = 1;
  for (let k = 1; k <= steps; k++) {
    p *= phi;
    damp += p;
  }
  return level + damp * trend;
}

export function etsModel(): ForecastModel {
  return baseline(
    'ets',
    (closes, steps) => {
      const n = Math.min(closes.length, 500);
      const logs = new Float64Array(n);
      for (let i = 0; i < n; i++) logs[i] = Math.log(closes[closes.length - n + i]!);
      return holtDampedForecast(logs, steps) - logs[n - 1]!;
    },
    'Holt damped trend on log prices (alpha 0.3, beta 0.05, phi 0.9)',
  );
}

export { mean };
