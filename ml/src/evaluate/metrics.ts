import { HOUR_MS } from '../data/horizons';
import { lastClosedIndex } from '../data/candles';
import { quantileSorted } from '../math';
import type { Candle, QuantileForecast } from '../types';
import { QUANTILE_LEVELS } from '../types';

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
      const l = (pinball(f.quantiles['0.1'], y, 0.1) + pinball(f.quantiles['0.5'], y, 0.5) + pinball(f.quantiles['0.9'], y, 0.9)) / 3;
      return l / f.lastPrice;
    }),
  );
}

/**
 * The same, over all seven QUANTILE_LEVELS (0.05 … 0.95) instead of three: "pinball7". The backend's live scoring
 * averages the seven stored levels, so its figures compare with this one, not with `scaledPinball` ("pinball3").
 */
export function scaledPinball7(forecasts: QuantileForecast[], actual: number[]): number {
  return avg(
    forecasts.map((f, i) => {
      const y = actual[i]!;
      let l = 0;
      for (const k of QUANTILE_LEVELS) l += pinball(f.quantiles[k], y, Number(k));
      return l / QUANTILE_LEVELS.length / f.lastPrice;
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
  /** "pinball3": mean pinball at 0.1/0.5/0.9 over the origin price (see scaledPinball). */
  pinball: number;
  /** Mean pinball over the seven levels over the origin price (see scaledPinball7). */
  pinball7: number;
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
    pinball7: scaledPinball7(f, y),
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

/**
 * Trailing-24h realised volatility at an origin: sqrt of the sum of squared hourly close-to-close log returns of the
 * hourly candles that close in (originTime − 24 h, originTime]. Undefined when fewer than 20 of those returns exist
 * (gaps, start of the data). Uses only candles closed at the origin.
 */
export function trailingRealisedVol(hourly: Candle[], originTime: number): number | undefined {
  const j = lastClosedIndex(hourly, originTime, HOUR_MS);
  if (j < 1) return undefined;
  let sum = 0;
  let n = 0;
  for (let i = j; i >= 1; i--) {
    const c = hourly[i]!;
    if (c.openTime + HOUR_MS <= originTime - 24 * HOUR_MS) break;
    const p = hourly[i - 1]!;
    if (c.openTime - p.openTime !== HOUR_MS) continue; // a return across a gap is not an hourly return
    const r = Math.log(c.close / p.close);
    sum += r * r;
    n++;
  }
  return n >= 20 ? Math.sqrt((sum * 24) / n) : undefined;
}

export interface TercileMetrics {
  coverage80: number;
  /** pinball3 (0.1/0.5/0.9) over the origin price. */
  pinball: number;
  pinball7: number;
  origins: number;
  /** Range of the trailing-24h realised vol in this tercile. */
  volFrom: number;
  volTo: number;
}

/**
 * Coverage80 and pinball per tercile of a volatility measure (calm → volatile). Terciles are cut at the 1/3 and 2/3
 * quantiles of the given items' vols (callers pass one coin's scored origins); an item at a cut goes to the lower
 * tercile. Items without a finite vol are ignored.
 */
export function volTercileMetrics(items: { forecast: QuantileForecast; actual: number; vol: number }[]): TercileMetrics[] {
  const ok = items.filter((x) => Number.isFinite(x.vol));
  const sorted = Float64Array.from(ok.map((x) => x.vol)).sort();
  const c1 = quantileSorted(sorted, 1 / 3);
  const c2 = quantileSorted(sorted, 2 / 3);
  const groups: (typeof ok)[] = [[], [], []];
  for (const x of ok) groups[x.vol <= c1 ? 0 : x.vol <= c2 ? 1 : 2]!.push(x);
  return groups.map((g) => {
    const f = g.map((x) => x.forecast);
    const y = g.map((x) => x.actual);
    const vols = g.map((x) => x.vol);
    return {
      coverage80: coverage(
        f.map((x) => x.quantiles['0.1']),
        f.map((x) => x.quantiles['0.9']),
        y,
      ),
      pinball: scaledPinball(f, y),
      pinball7: scaledPinball7(f, y),
      origins: g.length,
      volFrom: vols.reduce((a, v) => Math.min(a, v), Infinity),
      volTo: vols.reduce((a, v) => Math.max(a, v), -Infinity),
    };
  });
}
