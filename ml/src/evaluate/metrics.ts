import type { QuantileForecast } from '../types';

/** One scored forecast: what was predicted at an origin and what happened. */
export interface ScoredForecast {
  forecast: QuantileForecast;
  actual: number;
}

export function mae(pred: number[], actual: number[]): number {
  return avg(pred.map((p, i) => Math.abs(p - actual[i]!)));
}

/** Mean absolute percentage error, in percent. */
export function mape(pred: number[], actual: number[]): number {
  return 100 * avg(pred.map((p, i) => Math.abs(p - actual[i]!) / Math.abs(actual[i]!)));
}

export function rmse(pred: number[], actual: number[]): number {
  return Math.sqrt(avg(pred.map((p, i) => (p - actual[i]!) ** 2)));
}

/**
 * Share of origins where the predicted move (point − last price) has the sign of the actual move.
 * A predicted move of exactly 0 (e.g. naive) counts as half a hit: it is a coin flip, not a skill.
 */
export function directionalAccuracy(pred: number[], actual: number[], last: number[]): number {
  return avg(
    pred.map((p, i) => {
      const dp = Math.sign(p - last[i]!);
      const da = Math.sign(actual[i]! - last[i]!);
      if (dp === 0 || da === 0) return 0.5;
      return dp === da ? 1 : 0;
    }),
  );
}

/** Fraction of actuals inside [lo, hi] (inclusive). */
export function coverage(lo: number[], hi: number[], actual: number[]): number {
  return avg(actual.map((a, i) => (a >= lo[i]! && a <= hi[i]! ? 1 : 0)));
}

/** Pinball (quantile) loss of one quantile forecast q at level tau for outcome y. */
export function pinball(q: number, y: number, tau: number): number {
  const d = y - q;
  return d >= 0 ? tau * d : (tau - 1) * d;
}

/**
 * Mean over origins of the pinball loss averaged over quantiles 0.1/0.5/0.9, each origin's loss divided by the
 * price at that origin (so coins and periods with different price levels are comparable).
 */
export function scaledPinball(forecasts: QuantileForecast[], actual: number[]): number {
  return avg(
    forecasts.map((f, i) => {
      const y = actual[i]!;
      const l =
        (pinball(f.quantiles['0.1'], y, 0.1) + pinball(f.quantiles['0.5'], y, 0.5) + pinball(f.quantiles['0.9'], y, 0.9)) / 3;
      return l / f.lastPrice;
    }),
  );
}

export interface PointAndIntervalMetrics {
  mae: number;
  mape: number;
  rmse: number;
  coverage80: number;
  coverage50: number;
  coverage90: number;
  pinball: number;
  directionalAccuracy: number;
}

export function scoreForecasts(scored: ScoredForecast[]): PointAndIntervalMetrics {
  const f = scored.map((s) => s.forecast);
  const y = scored.map((s) => s.actual);
  const point = f.map((x) => x.point);
  return {
    mae: mae(point, y),
    mape: mape(point, y),
    rmse: rmse(point, y),
    coverage80: coverage(
      f.map((x) => x.quantiles['0.1']),
      f.map((x) => x.quantiles['0.9']),
      y,
    ),
    coverage50: coverage(
      f.map((x) => x.quantiles['0.25']),
      f.map((x) => x.quantiles['0.75']),
      y,
    ),
    coverage90: coverage(
      f.map((x) => x.quantiles['0.05']),
      f.map((x) => x.quantiles['0.95']),
      y,
    ),
    pinball: scaledPinball(f, y),
    directionalAccuracy: directionalAccuracy(
      point,
      y,
      f.map((x) => x.lastPrice),
    ),
  };
}

function avg(xs: number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}
