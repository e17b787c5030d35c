/**
 * The market overview's arithmetic: pure functions over closed hourly candles and served 24h forecasts, no
 * framework imports.
 */

const HOUR = 3_600_000;

export interface HourlyCandle {
  openTime: number;
  close: number;
}

export interface ForecastRange {
  originTime: number;
  lastPrice: number;
  q10: number;
  q90: number;
}

export type MoverWindow = '1h' | '24h' | '7d';
export const MOVER_WINDOWS: Record<MoverWindow, number> = { '1h': 1, '24h': 24, '7d': 24 * 7 };

/** How far from the exact hour a reference candle may be (a missing candle or two) before a change is unknown. */
const REFERENCE_SLACK_HOURS = 2;

/**
 * Percent change of the last close over `hours`: against the close of the candle that opened `hours` before the
 * last one (or the nearest older one within two hours). Null without enough history.
 */
export function percentChange(candles: readonly HourlyCandle[], hours: number): number | null {
  const last = candles.at(-1);
  if (!last) return null;
  const target = last.openTime - hours * HOUR;
  for (let i = candles.length - 2; i >= 0; i--) {
    const candle = candles[i]!;
    if (candle.openTime > target) continue;
    if (candle.openTime < target - REFERENCE_SLACK_HOURS * HOUR || candle.close <= 0) return null;
    return (last.close / candle.close - 1) * 100;
  }
  return null;
}

/** Width of the central 80 % interval (q10 to q90) as a percent of the price it was forecast from. */
export function rangePercent(forecast: ForecastRange): number | null {
  if (!(forecast.lastPrice > 0) || !(forecast.q90 >= forecast.q10)) return null;
  return ((forecast.q90 - forecast.q10) / forecast.lastPrice) * 100;
}

export interface Breadth {
  up: number;
  down: number;
  flat: number;
  /** Markets with a known 24h change. */
  total: number;
  /** Share of `total` that rose (0..1); null when none is known. */
  upShare: number | null;
}

/** How many markets rose, fell or stayed flat (a change under 0.01 % either way) over 24 hours. */
export function breadth(changes24h: ReadonlyArray<number | null>): Breadth {
  const known = changes24h.filter((change): change is number => change !== null && Number.isFinite(change));
  const up = known.filter((change) => change >= 0.01).length;
  const down = known.filter((change) => change <= -0.01).length;
  return { up, down, flat: known.length - up - down, total: known.length, upShare: known.length > 0 ? up / known.length : null };
}

/**
 * Of two served 24h forecasts, the one made closest to 24 hours before `today` (within ±`slackHours`); undefined
 * when none is.
 */
export function dayBefore<T extends { originTime: number }>(today: number, candidates: readonly T[], slackHours = 3): T | undefined {
  let best: T | undefined;
  for (const candidate of candidates) {
    const distance = Math.abs(candidate.originTime - (today - 24 * HOUR));
    if (distance > slackHours * HOUR) continue;
    if (!best || distance < Math.abs(best.originTime - (today - 24 * HOUR))) best = candidate;
  }
  return best;
}

export const round2 = (value: number) => Math.round(value * 100) / 100;
