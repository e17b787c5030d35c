/**
 * Forecast time slots. An hourly slot is the close of an hourly candle (1h/4h/24h are forecast from it), a daily
 * slot the close of a daily candle at 00:00 UTC (7d/30d), an intraday slot the close of a 5-minute candle
 * (5m/15m/30m). The slot's job id is deterministic, so every replica's cron enqueues the same id and the queue keeps
 * one job. Pure functions.
 */
import type { AnyHorizon, Horizon, IntradayHorizon } from '@coincast/ml';

/** The groups the trained (hourly-candle) models serve; each has a champion, challengers and a naive baseline. */
export type HorizonGroup = 'hourly' | 'daily';
export const HORIZON_GROUPS: readonly HorizonGroup[] = ['hourly', 'daily'];

/** The sub-hour group (issue 21): its own champion (the intraday model or its naive baseline), every 5 minutes. */
export type IntradayGroup = 'intraday';
export const INTRADAY_GROUP: IntradayGroup = 'intraday';
export type AnyHorizonGroup = HorizonGroup | IntradayGroup;
export const ALL_HORIZON_GROUPS: readonly AnyHorizonGroup[] = ['hourly', 'daily', 'intraday'];

/** The sub-hour horizons a 5-minute slot forecasts (1m needs 1-minute slots; not scheduled yet). */
export const INTRADAY_SLOT_HORIZONS: IntradayHorizon[] = ['5m', '15m', '30m'];

export const INTRADAY_HORIZON_MS: Record<IntradayHorizon, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000 };

export const GROUP_HORIZONS: Record<HorizonGroup, Horizon[]> = {
  hourly: ['1h', '4h', '24h'],
  daily: ['7d', '30d'],
};

export const GROUP_STEP_MS: Record<AnyHorizonGroup, number> = { hourly: 3_600_000, daily: 86_400_000, intraday: 300_000 };

/** The horizons a group's slot forecasts (what its rows are stored under). */
export function horizonsOfGroup(group: AnyHorizonGroup): AnyHorizon[] {
  return group === 'intraday' ? INTRADAY_SLOT_HORIZONS : GROUP_HORIZONS[group];
}

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

export function isIntradayHorizon(value: string): value is IntradayHorizon {
  return value in INTRADAY_HORIZON_MS;
}

/** Any served horizon, hourly, daily or sub-hour (the API and the alerts accept them all). */
export function isServedHorizon(value: string): value is Horizon | IntradayHorizon {
  return isHorizon(value) || (INTRADAY_SLOT_HORIZONS as string[]).includes(value);
}

/** Length of any horizon in ms. */
export function anyHorizonMs(horizon: AnyHorizon): number {
  return isIntradayHorizon(horizon) ? INTRADAY_HORIZON_MS[horizon] : HORIZON_MS[horizon];
}

/** The group whose slots forecast `horizon`. */
export function anyHorizonGroupOf(horizon: AnyHorizon): AnyHorizonGroup {
  return isIntradayHorizon(horizon) ? 'intraday' : horizonGroupOf(horizon);
}

/** The most recent slot at or before `now`: the close time of the last candle of the group's timeframe. */
export function latestSlot(group: AnyHorizonGroup, now: number): number {
  const step = GROUP_STEP_MS[group];
  return Math.floor(now / step) * step;
}

/** `forecast:hourly:2025-05-31T23` (slot = 23:00 UTC close), `forecast:daily:2025-05-31` or `forecast:intraday:2025-05-31T23:05`. */
export function slotJobId(group: AnyHorizonGroup, slot: number): string {
  const iso = new Date(slot).toISOString();
  return `forecast:${group}:${iso.slice(0, group === 'intraday' ? 16 : group === 'hourly' ? 13 : 10)}`;
}

/** The job id of one shard of a slot; a slot of a single shard keeps the slot's own id. */
export function slotShardJobId(group: AnyHorizonGroup, slot: number, shard: { index: number; count: number }): string {
  const id = slotJobId(group, slot);
  return shard.count === 1 ? id : `${id}:${shard.index + 1}-of-${shard.count}`;
}

/**
 * The shard (0 … count-1) a market belongs to: FNV-1a of the symbol, so every worker and every retry splits a slot
 * the same way, and a market added or removed moves no other market to another shard.
 */
export function shardOf(symbol: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < symbol.length; i++) {
    hash ^= symbol.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % count;
}

/**
 * Slots to enqueue now: every slot after `lastDone` up to the latest one, at most `maxCatchUp` (the newest ones);
 * with nothing done yet, the latest `maxCatchUp` slots (so a first start also produces a short scored history).
 * Slots before `lastDone` are never returned; `lastDone` itself is re-enqueued harmlessly only if it is the latest.
 */
export function slotsToRun(group: AnyHorizonGroup, now: number, lastDone: number | undefined, maxCatchUp: number): number[] {
  const step = GROUP_STEP_MS[group];
  const latest = latestSlot(group, now);
  const count = Math.max(1, maxCatchUp);
  const first = lastDone === undefined ? latest - (count - 1) * step : Math.max(lastDone + step, latest - (count - 1) * step);
  const slots: number[] = [];
  for (let t = first; t <= latest; t += step) slots.push(t);
  return slots;
}
