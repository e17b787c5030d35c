import { DAY_MS, HORIZONS, HOUR_MS } from '../data/horizons';
import { closeArraysOf, sliceView } from '../data/series-cache';
import type { Candle, CoinHistory, Horizon, QuantileForecast, Quantiles } from '../types';
import { QUANTILE_LEVELS } from '../types';

/** The candle series a horizon is forecast from, cut at the origin, plus the origin's time and price. */
export interface OriginContext {
  horizon: Horizon;
  steps: number;
  candles: Candle[];
  closes: Float64Array;
  /** Natural log of the closes (computed once: most per-origin work is on log returns). */
  logCloses: Float64Array;
  originTime: number;
  targetTime: number;
  lastPrice: number;
}

/**
 * Drops a trailing daily candle that is still forming (its day is not finished according to the hourly series),
 * so that a live caller passing exchange candles gets the same behaviour as the backtest.
 */
export function completeDaily(history: CoinHistory): Candle[] {
  const d = history.daily;
  if (d.length === 0 || history.hourly.length === 0) return d;
  const lastHourClose = history.hourly[history.hourly.length - 1]!.openTime + HOUR_MS;
  return d[d.length - 1]!.openTime + DAY_MS > lastHourClose ? sliceView(d, 0, d.length - 1) : d;
}

/**
 * Close and log-close arrays per candle array, shared by the horizons of one predict call. The cache lives for one
 * call only (callers create it), so a caller mutating its candle arrays between calls never sees stale values. A
 * history cut through historyUntil / trimHistory reads them from its full series' values (data/series-cache.ts:
 * computed once per series, checked against the cut's candles).
 */
export type CloseCache = Map<Candle[], { closes: Float64Array; logCloses: Float64Array }>;
function closeArrays(candles: Candle[], closeCache: CloseCache = new Map()): { closes: Float64Array; logCloses: Float64Array } {
  let r = closeCache.get(candles);
  if (!r) {
    r = closeArraysOf(candles);
    closeCache.set(candles, r);
  }
  return r;
}

export function originContext(history: CoinHistory, horizon: Horizon, cache?: CloseCache, minCandles = 2): OriginContext | undefined {
  const spec = HORIZONS[horizon];
  const candles = spec.timeframe === 'hourly' ? history.hourly : completeDaily(history);
  if (candles.length < minCandles) return undefined;
  const last = candles[candles.length - 1]!;
  const originTime = last.openTime + (spec.timeframe === 'hourly' ? HOUR_MS : DAY_MS);
  const { closes, logCloses } = closeArrays(candles, cache);
  return { horizon, steps: spec.steps, candles, closes, logCloses, originTime, targetTime: originTime + spec.ms, lastPrice: last.close };
}

/** Builds a forecast from log-return quantiles (relative to the last price) and a point log return. */
export function forecastFromLogReturns(ctx: OriginContext, pointLogReturn: number, logReturnQuantiles: Record<string, number>): QuantileForecast {
  const quantiles = {} as Quantiles;
  let prev = -Infinity;
  for (const q of QUANTILE_LEVELS) {
    // Guard monotonicity: crossing quantiles are never a valid distribution.
    const v = Math.max(prev, logReturnQuantiles[q]!);
    quantiles[q] = ctx.lastPrice * Math.exp(v);
    prev = v;
  }
  return {
    horizon: ctx.horizon,
    originTime: ctx.originTime,
    targetTime: ctx.targetTime,
    lastPrice: ctx.lastPrice,
    point: ctx.lastPrice * Math.exp(pointLogReturn),
    quantiles,
  };
}

/** Trailing h-step log returns ending at each of the last `window` candles (all ending at or before the origin). */
export function trailingStepReturns(logCloses: Float64Array, steps: number, window: number): Float64Array {
  const n = logCloses.length;
  const start = Math.max(steps, n - window);
  const out = new Float64Array(Math.max(0, n - start));
  for (let j = start; j < n; j++) out[j - start] = logCloses[j]! - logCloses[j - steps]!;
  return out;
}

export const QUANTILE_PROBS: Record<string, number> = Object.fromEntries(QUANTILE_LEVELS.map((q) => [q, Number(q)]));

/**
 * The trailing `lookback` candles of each series. Models call this first so that a forecast depends only on the
 * candles inside their lookback: a caller passing years of history gets exactly the forecast the backtest scored
 * (which passes a cut history), and pays for no more work than that.
 */
export function trimHistory(history: CoinHistory, lookback: { hourly: number; daily: number }): CoinHistory {
  const { hourly, daily } = history;
  if (hourly.length <= lookback.hourly && daily.length <= lookback.daily) return history;
  return {
    coin: history.coin,
    hourly: hourly.length > lookback.hourly ? sliceView(hourly, hourly.length - lookback.hourly) : hourly,
    daily: daily.length > lookback.daily ? sliceView(daily, daily.length - lookback.daily) : daily,
  };
}
