/**
 * `forecast_move` rules: "the latest forecast for horizon H gives at least P% probability of a move
 * beyond ±X%". Pure: the engine reads the forecast through `ForecastReader` and asks here.
 */

/** What the alert engine needs from the forecasting domain. */
export interface ForecastMoveProbability {
  /** Identifies the forecast, so an every-rule fires at most once per forecast. */
  readonly forecastId: string;
  readonly issuedAt: Date;
  /** Probability (0..1) that the price at the horizon is above +X% of the price at issue time. */
  readonly up: number;
  /** Probability (0..1) that it is below −X%. */
  readonly down: number;
}

export interface ForecastReader {
  /** From the latest forecast of `symbol` for `horizon` (e.g. '1h', '24h'); null when there is none. */
  moveProbability(symbol: string, horizon: string, pct: number): Promise<ForecastMoveProbability | null>;
}

export interface ForecastMoveCondition {
  /** Size of the move, in percent (> 0). */
  readonly pct: number;
  /** Minimum probability, in percent (0 < P ≤ 100). */
  readonly probability: number;
  /** 'above' = an up move only, 'below' = a down move only, undefined = either way. */
  readonly direction?: 'above' | 'below';
}

/** Probability in percent of the move the rule watches (either way = up + down, disjoint events). */
export function forecastMoveProbability(condition: ForecastMoveCondition, forecast: ForecastMoveProbability): number {
  const p = condition.direction === 'above' ? forecast.up : condition.direction === 'below' ? forecast.down : forecast.up + forecast.down;
  return Math.min(1, Math.max(0, p)) * 100;
}

export function forecastMoveTriggers(condition: ForecastMoveCondition, forecast: ForecastMoveProbability): boolean {
  // The epsilon absorbs binary floating-point noise (0.3 + 0.15 is 0.44999…), not model error.
  return forecastMoveProbability(condition, forecast) >= condition.probability - 1e-9;
}

/**
 * Helper for a forecaster that publishes quantiles of the horizon return (in percent): the
 * probability that the return is > `returnPct`, by linear interpolation of the CDF between
 * quantiles, and flat (clamped) outside the outermost quantiles — a conservative reading.
 */
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
