/** What an intraday forecast starts from: the series of a horizon cut at the origin, its log closes and timing. */
import { INTRADAY_HORIZON_SPECS, intradaySeriesMs, type IntradaySeries } from '../data/horizons';
import { quantileSorted } from '../math';
import type { Candle, CoinHistory, IntradayHorizon, QuantileForecast, Quantiles } from '../types';
import { QUANTILE_LEVELS } from '../types';

export interface IntradayContext {
  horizon: IntradayHorizon;
  series: IntradaySeries;
  steps: number;
  intervalMs: number;
  candles: Candle[];
  logCloses: Float64Array;
  originTime: number;
  targetTime: number;
  lastPrice: number;
}

/** The candles of an intraday series in a history (undefined when the history does not carry it). */
export function seriesOf(history: CoinHistory, series: IntradaySeries): Candle[] | undefined {
  return series === '1m' ? history.minute : history.fiveMinute;
}

/** Log closes per candle array, shared by the horizons of one predict call (the cache lives for one call). */
export type LogCloseCache = Map<Candle[], Float64Array>;

export function logClosesOf(candles: Candle[], cache?: LogCloseCache): Float64Array {
  let r = cache?.get(candles);
  if (!r) {
    r = new Float64Array(candles.length);
    for (let i = 0; i < candles.length; i++) r[i] = Math.log(candles[i]!.close);
    cache?.set(candles, r);
  }
  return r;
}

export function intradayContext(history: CoinHistory, horizon: IntradayHorizon, cache?: LogCloseCache, minCandles = 2): IntradayContext | undefined {
  const spec = INTRADAY_HORIZON_SPECS[horizon];
  if (!spec) return undefined;
  const candles = seriesOf(history, spec.series);
  if (!candles || candles.length < minCandles) return undefined;
  const intervalMs = intradaySeriesMs(spec.series);
  const last = candles[candles.length - 1]!;
  const originTime = last.openTime + intervalMs;
  return {
    horizon,
    series: spec.series,
    steps: spec.steps,
    intervalMs,
    candles,
    logCloses: logClosesOf(candles, cache),
    originTime,
    targetTime: originTime + spec.ms,
    lastPrice: last.close,
  };
}

/**
 * The trailing h-step log returns ending at the last `window` candles, only where the h steps are contiguous
 * (candle i − steps opened exactly steps intervals before candle i): a return across a gap is not an h-step return.
 */
export function contiguousStepReturns(candles: Candle[], logCloses: Float64Array, steps: number, intervalMs: number, window: number): Float64Array {
  const n = candles.length;
  const start = Math.max(steps, n - window);
  const out = new Float64Array(Math.max(0, n - start));
  let m = 0;
  const span = steps * intervalMs;
  for (let j = start; j < n; j++) if (candles[j]!.openTime - candles[j - steps]!.openTime === span) out[m++] = logCloses[j]! - logCloses[j - steps]!;
  return out.subarray(0, m);
}

/** Empirical quantiles (all QUANTILE_LEVELS) of a set of log returns; zeros when it is empty. */
export function empiricalQuantiles(returns: Float64Array): Record<string, number> {
  const r = Float64Array.from(returns).sort();
  const out: Record<string, number> = {};
  for (const q of QUANTILE_LEVELS) out[q] = r.length ? quantileSorted(r, Number(q)) : 0;
  return out;
}

/** A forecast from log-return quantiles relative to the last price (monotone by construction). */
export function intradayForecast(ctx: IntradayContext, pointLogReturn: number, logQ: Record<string, number>): QuantileForecast<IntradayHorizon> {
  const quantiles = {} as Quantiles;
  let prev = -Infinity;
  for (const q of QUANTILE_LEVELS) {
    const v = Math.max(prev, logQ[q]!);
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

/** The trailing `keep` candles of each intraday series (models trim to their lookback first). */
export function trimIntraday(history: CoinHistory, lookback: { fiveMinute?: number; minute?: number }): CoinHistory {
  const cut = (c: Candle[] | undefined, k: number | undefined) => (c && k !== undefined && c.length > k ? c.slice(c.length - k) : c);
  const fiveMinute = cut(history.fiveMinute, lookback.fiveMinute);
  const minute = cut(history.minute, lookback.minute);
  if (fiveMinute === history.fiveMinute && minute === history.minute) return history;
  return { ...history, ...(fiveMinute ? { fiveMinute } : {}), ...(minute ? { minute } : {}) };
}
