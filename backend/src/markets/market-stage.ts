/**
 * Stages of a tracked market and the arithmetic of a backfill's progress. Pure: no framework imports.
 *
 * backfilling  an admin added it and its history is being fetched (progress 0…100 %)
 * collecting   ingested by the regular candle sync, but less hourly history is stored than forecasts read
 * forecasting  enough history: the next forecast slot forecasts it
 */
import { TIMEFRAME_MS, Timeframe } from './candle';

export type MarketStage = 'backfilling' | 'collecting' | 'forecasting';
export const MARKET_STAGES: readonly MarketStage[] = ['backfilling', 'collecting', 'forecasting'];

/** Hourly history the forecast slots read at least (ForecastRunner's smallest hourly lookback): 2 days. */
export const FORECAST_MIN_HISTORY_HOURS = 48;
const HOUR_MS = TIMEFRAME_MS['1h'];
const DAY_MS = 86_400_000;

export function marketStage(status: 'backfilling' | 'tracking', firstHourlyOpen: number | undefined, now: number): MarketStage {
  if (status === 'backfilling') return 'backfilling';
  if (firstHourlyOpen === undefined || now - firstHourlyOpen < FORECAST_MIN_HISTORY_HOURS * HOUR_MS) return 'collecting';
  return 'forecasting';
}

/** Days of hourly history stored (0 when none), one decimal. */
export function historyDays(firstHourlyOpen: number | undefined, now: number): number {
  if (firstHourlyOpen === undefined) return 0;
  return Math.max(0, Math.floor(((now - firstHourlyOpen) / DAY_MS) * 10) / 10);
}

/** Candles a full backfill of each timeframe fetches: its depth in days over its step (plus the forming candle). */
export function expectedCandles(timeframes: readonly Timeframe[], backfillDays: Partial<Record<Timeframe, number>>): Map<Timeframe, number> {
  return new Map(timeframes.map((timeframe) => [timeframe, Math.floor(((backfillDays[timeframe] ?? 7) * DAY_MS) / TIMEFRAME_MS[timeframe]) + 1]));
}

export interface SeriesProgress {
  expected: number;
  fetched: number;
  done: boolean;
}

/**
 * Share (0…1) of a backfill done. A finished series counts as fully done even when the exchange had fewer candles
 * than expected (a coin listed after the depth start), and a running one never counts past its expected count, so
 * the share only grows and reaches 1 exactly when every series is done.
 */
export function backfillShare(series: readonly SeriesProgress[]): number {
  const expected = series.reduce((sum, s) => sum + s.expected, 0);
  if (expected === 0) return series.every((s) => s.done) ? 1 : 0;
  const done = series.reduce((sum, s) => sum + (s.done ? s.expected : Math.min(s.fetched, s.expected)), 0);
  const share = done / expected;
  return series.every((s) => s.done) ? 1 : Math.min(share, 0.999);
}

/** Seconds left at the pace so far, null before there is a pace to judge by (under 1 % or no start time). */
export function backfillEtaSeconds(startedAt: number | null, share: number, now: number): number | null {
  if (startedAt === null || share < 0.01) return null;
  if (share >= 1) return 0;
  const elapsed = Math.max(0, now - startedAt);
  return Math.round(((elapsed / share) * (1 - share)) / 1000);
}
