/**
 * Probability of a move from a forecast's quantiles: the same reading as the backend's alert engine
 * (backend/src/alerts/engine/forecast-move.ts `probabilityAbove`, used by forecasts.service's `probabilityUp` through
 * forecast-reader's `moveProbability`): linear interpolation of the CDF between the quantiles of the horizon return,
 * flat (clamped) outside the outermost ones. A pure copy here so the strategy backtest in ml and the backend's
 * strategy page read P(up) exactly as the product shows it.
 */
import type { Quantiles } from '../types';
import { QUANTILE_LEVELS } from '../types';

/** What a strategy reads from a forecast: the price at the origin and the price quantiles at the target. */
export interface ForecastQuantiles {
  lastPrice: number;
  quantiles: Quantiles;
}

/** P(return > returnPct) from quantiles of the return in percent, by linear interpolation of the CDF. */
export function probabilityAbove(quantiles: readonly { level: number; value: number }[], returnPct: number): number {
  const sorted = [...quantiles].sort((a, b) => a.value - b.value);
  if (sorted.length === 0) return 0;
  if (returnPct < sorted[0]!.value) return 1 - sorted[0]!.level;
  for (let i = 1; i < sorted.length; i++) {
    const lo = sorted[i - 1]!;
    const hi = sorted[i]!;
    if (returnPct <= hi.value) {
      const span = hi.value - lo.value;
      const cdf = span > 0 ? lo.level + ((returnPct - lo.value) / span) * (hi.level - lo.level) : hi.level;
      return 1 - cdf;
    }
  }
  return 1 - sorted[sorted.length - 1]!.level;
}

/** Probability (0..1) that the price at the target is above the origin price by more than `pct` percent (0: any rise). */
export function probabilityUp(f: ForecastQuantiles, pct = 0): number {
  const quantiles = QUANTILE_LEVELS.map((level) => ({ level: Number(level), value: (f.quantiles[level] / f.lastPrice - 1) * 100 }));
  return probabilityAbove(quantiles, pct);
}
