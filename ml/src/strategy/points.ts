/** Decision points from a coin's candles and a fitted model: the forecast at each decision is made from candles closed by then. */
import { forecastAt } from '../data/candles';
import { HOUR_MS } from '../data/horizons';
import type { Candle, CoinHistory, ForecastModel, Horizon } from '../types';
import type { DecisionPoint } from './simulate';

/** Decision times every `stepMs` (aligned to multiples of it since the epoch, i.e. UTC midnights for 24h) in [from, to]. */
export function decisionTimes(from: number, to: number, stepMs: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(from / stepMs) * stepMs; t <= to; t += stepMs) out.push(t);
  return out;
}

/** Index of the last candle closed at or before t (open + interval ≤ t), −1 when none. */
function lastClosed(candles: readonly Candle[], t: number, intervalMs: number): number {
  let lo = 0;
  let hi = candles.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid]!.openTime + intervalMs <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * One point per decision time: the price is the close of the last hourly candle closed at or before it; the
 * forecast is `model`'s at that time (forecastAt cuts the history at t: nothing after it reaches the model), kept
 * only when its origin is within one step before t (after a gap in the candles the position is held instead).
 * Times before the coin's first candle are skipped.
 */
export function modelDecisionPoints(model: ForecastModel, history: CoinHistory, horizon: Horizon, times: readonly number[], stepMs: number): DecisionPoint[] {
  const points: DecisionPoint[] = [];
  for (const [i, t] of times.entries()) {
    const k = lastClosed(history.hourly, t, HOUR_MS);
    if (k < 0) continue;
    const price = history.hourly[k]!.close;
    // The last time only closes the final period: no forecast needed there.
    if (i === times.length - 1) {
      points.push({ time: t, price });
      continue;
    }
    const f = forecastAt(model, history, t, [horizon]).find((x) => x.horizon === horizon);
    const fresh = f && f.originTime <= t && f.originTime > t - stepMs;
    points.push({ time: t, price, ...(fresh ? { forecast: { lastPrice: f.lastPrice, quantiles: f.quantiles } } : {}) });
  }
  return points;
}
