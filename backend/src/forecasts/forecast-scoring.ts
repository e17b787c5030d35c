/**
 * Live scoring of stored forecasts and the rolling live metrics built from them. Pure functions: no Nest, no DB.
 *
 * Errors are kept twice: in price units (per-symbol figures the API shows) and scaled by the price at the origin
 * (so metrics that pool many coins are not dominated by the most expensive one).
 */

import { QUANTILE_LEVELS, type QuantileLevel } from '@coincast/ml';

// The quantile levels are the model library's (one definition); re-exported for the forecasts domain.
export { QUANTILE_LEVELS, type QuantileLevel };
export type QuantileValues = Record<QuantileLevel, number>;

export interface ForecastToScore {
  /** Price at the origin (close of the last candle used). */
  lastPrice: number;
  point: number;
  quantiles: QuantileValues;
}

export interface ForecastScore {
  actual: number;
  absError: number;
  /** absError / lastPrice. */
  scaledAbsError: number;
  /** Actual inside the central 80% interval [q0.1, q0.9]. */
  hit80: boolean;
  /** Actual inside the central 90% interval [q0.05, q0.95]. */
  hit90: boolean;
  /** Mean pinball loss over the stored quantile levels, in price units. */
  pinball: number;
  /** pinball / lastPrice. */
  scaledPinball: number;
}

/** Pinball (quantile) loss of predicting `q` for level `level` when `actual` happened. */
export function pinballLoss(q: number, level: number, actual: number): number {
  const diff = actual - q;
  return diff >= 0 ? level * diff : (level - 1) * diff;
}

export function scoreForecast(forecast: ForecastToScore, actual: number): ForecastScore {
  if (!(forecast.lastPrice > 0)) throw new Error('lastPrice must be positive to scale errors');
  const q = forecast.quantiles;
  const absError = Math.abs(forecast.point - actual);
  let pinballSum = 0;
  for (const level of QUANTILE_LEVELS) pinballSum += pinballLoss(q[level], Number(level), actual);
  const pinball = pinballSum / QUANTILE_LEVELS.length;
  return {
    actual,
    absError,
    scaledAbsError: absError / forecast.lastPrice,
    hit80: actual >= q['0.1'] && actual <= q['0.9'],
    hit90: actual >= q['0.05'] && actual <= q['0.95'],
    pinball,
    scaledPinball: pinball / forecast.lastPrice,
  };
}

/** One scored forecast next to the naive forecast made at the same (symbol, horizon, origin). */
export interface ScoredPair {
  absError: number;
  pinball: number;
  hit80: boolean;
  naiveAbsError: number;
  naivePinball: number;
}

export interface LiveMetrics {
  /** Number of scored forecasts with a naive counterpart. */
  n: number;
  mae: number;
  naiveMae: number;
  /** mae / naiveMae: below 1 beats "tomorrow's price is today's price". */
  relMae: number | null;
  /** Share of actuals inside the 80% interval (0..1); 0.8 is calibrated. */
  coverage80: number;
  /** The naive baseline's coverage on the same outcomes (when known). */
  naiveCoverage80?: number;
  pinball: number;
  naivePinball: number;
  relPinball: number | null;
}

/** Aggregates scored pairs; null when there is nothing to aggregate. A zero naive error gives a null ratio. */
export function liveMetrics(pairs: readonly ScoredPair[]): LiveMetrics | null {
  if (pairs.length === 0) return null;
  let abs = 0;
  let naiveAbs = 0;
  let pin = 0;
  let naivePin = 0;
  let hits = 0;
  for (const p of pairs) {
    abs += p.absError;
    naiveAbs += p.naiveAbsError;
    pin += p.pinball;
    naivePin += p.naivePinball;
    if (p.hit80) hits++;
  }
  const n = pairs.length;
  return {
    n,
    mae: abs / n,
    naiveMae: naiveAbs / n,
    relMae: naiveAbs > 0 ? abs / naiveAbs : null,
    coverage80: hits / n,
    pinball: pin / n,
    naivePinball: naivePin / n,
    relPinball: naivePin > 0 ? pin / naivePin : null,
  };
}

/** Sums as a database aggregate returns them (so big windows are aggregated in SQL, finished here). */
export interface MetricSums {
  n: number;
  absError: number;
  naiveAbsError: number;
  pinball: number;
  naivePinball: number;
  hits80: number;
  naiveHits80?: number;
}

export function liveMetricsFromSums(s: MetricSums): LiveMetrics | null {
  if (s.n <= 0) return null;
  return {
    n: s.n,
    mae: s.absError / s.n,
    naiveMae: s.naiveAbsError / s.n,
    relMae: s.naiveAbsError > 0 ? s.absError / s.naiveAbsError : null,
    coverage80: s.hits80 / s.n,
    ...(s.naiveHits80 !== undefined ? { naiveCoverage80: s.naiveHits80 / s.n } : {}),
    pinball: s.pinball / s.n,
    naivePinball: s.naivePinball / s.n,
    relPinball: s.naivePinball > 0 ? s.pinball / s.naivePinball : null,
  };
}

export const LIVE_WINDOWS_DAYS = [7, 30] as const;
const DAY_MS = 86_400_000;

/** Start of a rolling window of `days` ending at `now` (targets at or after it count). */
export function windowStart(now: number, days: number): number {
  return now - days * DAY_MS;
}

/** Mean error per UTC day of the target time, oldest first (the series the rollback rule watches). */
export function dailyMeanErrors(rows: readonly { targetTime: number; error: number }[]): { day: number; error: number; n: number }[] {
  const byDay = new Map<number, { sum: number; n: number }>();
  for (const row of rows) {
    const day = Math.floor(row.targetTime / DAY_MS) * DAY_MS;
    const acc = byDay.get(day) ?? { sum: 0, n: 0 };
    acc.sum += row.error;
    acc.n++;
    byDay.set(day, acc);
  }
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, acc]) => ({ day, error: acc.sum / acc.n, n: acc.n }));
}

export function meanAndStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) return { mean: Number.NaN, std: Number.NaN };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(variance) };
}
