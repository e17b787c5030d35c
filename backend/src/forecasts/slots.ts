/**
 * Forecast time slots. An hourly slot is the close of an hourly candle (1h/4h/24h are forecast from it), a daily
 * slot the close of a daily candle at 00:00 UTC (7d/30d). The slot's job id is deterministic, so every replica's
 * cron enqueues the same id and the queue keeps one job. Pure functions.
 */
import type { Horizon } from '@coincast/ml';

export type HorizonGroup = 'hourly' | 'daily';
export const HORIZON_GROUPS: readonly HorizonGroup[] = ['hourly', 'daily'];

export const GROUP_HORIZONS: Record<HorizonGroup, Horizon[]> = {
  hourly: ['1h', '4h', '24h'],
  daily: ['7d', '30d'],
};

export const GROUP_STEP_MS: Record<HorizonGroup, number> = { hourly: 3_600_000, daily: 86_400_000 };

export const HORIZON_MS: Record<Horizon, number> = {
  '1h': 3_600_000,
  '4h': 4 * 3_600_000,
  '24h': 24 * 3_600_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export function horizonGroupOf(horizon: Horizon): HorizonGroup {
  return GROUP_HORIZONS.hourly.includes(horizon) ? 'hourly' : 'daily';
}

export function isHorizon(value: string): value is Horizon {
  return value in HORIZON_MS;
}

/** The most recent slot at or before `now`: the close time of the last candle of the group's timeframe. */
export function latestSlot(group: HorizonGroup, now: number): number {
  const step = GROUP_STEP_MS[group];
  return Math.floor(now / step) * step;
}

/** `forecast:hourly:2025-05-31T23` (slot = 23:00 UTC close) or `forecast:daily:2025-05-31`. */
export function slotJobId(group: HorizonGroup, slot: number): string {
  const iso = new Date(slot).toISOString();
  return `forecast:${group}:${group === 'hourly' ? iso.slice(0, 13) : iso.slice(0, 10)}`;
}

/**
 * Slots to enqueue now: every slot after `lastDone` up to the latest one, at most `maxCatchUp` (the newest ones);
 * with nothing done yet, the latest `maxCatchUp` slots (so a first start also produces a short scored history).
 * Slots before `lastDone` are never returned; `lastDone` itself is re-enqueued harmlessly only if it is the latest.
 */
export function slotsToRun(group: HorizonGroup, now: number, lastDone: number | undefined, maxCatchUp: number): number[] {
  const step = GROUP_STEP_MS[group];
  const latest = latestSlot(group, now);
  const count = Math.max(1, maxCatchUp);
  const first = lastDone === undefined ? latest - (count - 1) * step : Math.max(lastDone + step, latest - (count - 1) * step);
  const slots: number[] = [];
  for (let t = first; t <= latest; t += step) slots.push(t);
  return slots;
}
