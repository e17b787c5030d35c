import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Candle, CoinHistory, Horizon, QuantileForecast } from '../types';
import { DAY_MS, HOUR_MS } from './horizons';
import { sliceView } from './series-cache';

/** Parses the CSV format of ../shared/data/candles: header `timestamp,open,high,low,close,volume`, ISO UTC open time. */
export function parseCandlesCsv(text: string): Candle[] {
  const rows = parse(text, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];
  const candles = rows.map((r, i) => {
    const ts = r.timestamp ?? r.openTime ?? r.time;
    const openTime = /^\d+$/.test(ts ?? '') ? Number(ts) : Date.parse(ts ?? '');
    const c: Candle = {
      openTime,
      open: Number(r.open),
      high: Number(r.high),
      low: Number(r.low),
      close: Number(r.close),
      volume: Number(r.volume),
    };
    if (!Number.isFinite(c.openTime) || !(c.close > 0)) throw new Error(`bad candle row ${i + 2}: ${JSON.stringify(r)}`);
    return c;
  });
  return normaliseCandles(candles);
}

export function loadCandlesCsv(path: string): Candle[] {
  return parseCandlesCsv(readFileSync(path, 'utf8'));
}

/** Sorts by open time, drops duplicates (last one wins) and rows with non-positive prices. */
export function normaliseCandles(candles: Candle[]): Candle[] {
  const byTime = new Map<number, Candle>();
  for (const c of candles) if (c.close > 0 && Number.isFinite(c.close)) byTime.set(c.openTime, c);
  return [...byTime.values()].sort((a, b) => a.openTime - b.openTime);
}

export interface Gap {
  /** Open time of the last candle before the gap. */
  after: number;
  missing: number;
}

/** Lists holes in a series with a fixed interval (e.g. exchange outages). */
export function findGaps(candles: Candle[], intervalMs: number): Gap[] {
  const gaps: Gap[] = [];
  for (let i = 1; i < candles.length; i++) {
    const d = candles[i]!.openTime - candles[i - 1]!.openTime;
    if (d > intervalMs) gaps.push({ after: candles[i - 1]!.openTime, missing: Math.round(d / intervalMs) - 1 });
  }
  return gaps;
}

/**
 * UTC-day aggregation of hourly candles (O first, H max, L min, C last, V sum). A day is emitted only when
 * its last hour (23:00) is present, so a partial current day never looks like a finished one.
 */
export function aggregateDaily(hourly: Candle[]): Candle[] {
  const out: Candle[] = [];
  let cur: Candle | undefined;
  let lastHour = -1;
  const flush = () => {
    if (cur && lastHour === 23) out.push(cur);
  };
  for (const h of hourly) {
    const day = Math.floor(h.openTime / DAY_MS) * DAY_MS;
    if (!cur || cur.openTime !== day) {
      flush();
      cur = { openTime: day, open: h.open, high: h.high, low: h.low, close: h.close, volume: h.volume };
    } else {
      cur.high = Math.max(cur.high, h.high);
      cur.low = Math.min(cur.low, h.low);
      cur.close = h.close;
      cur.volume += h.volume;
    }
    lastHour = new Date(h.openTime).getUTCHours();
  }
  flush();
  return out;
}

/** Index of the last candle whose close time (openTime + interval) is <= t, or -1. Binary search. */
export function lastClosedIndex(candles: Candle[], t: number, intervalMs: number): number {
  let lo = 0;
  let hi = candles.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (candles[mid]!.openTime + intervalMs <= t) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}

/** The part of a history known at time t (candles closed at or before t), optionally only the trailing `keep`. */
export function historyUntil(h: CoinHistory, t: number, keep?: { hourly: number; daily: number }): CoinHistory {
  const hi = lastClosedIndex(h.hourly, t, HOUR_MS);
  const di = lastClosedIndex(h.daily, t, DAY_MS);
  const hs = keep ? Math.max(0, hi + 1 - keep.hourly) : 0;
  const ds = keep ? Math.max(0, di + 1 - keep.daily) : 0;
  return { coin: h.coin, hourly: sliceView(h.hourly, hs, hi + 1), daily: sliceView(h.daily, ds, di + 1) };
}

/**
 * The forecast a model makes at origin time t from a history that may hold candles after t (a stored series, a
 * backtest's full arrays): the history is cut to the candles closed at or before t, trailing `model.lookback`, and
 * only that reaches predict. The backtest forecasts through this function.
 */
export function forecastAt(
  model: { lookback: { hourly: number; daily: number }; predict: (h: CoinHistory, hs: Horizon[]) => QuantileForecast[] },
  history: CoinHistory,
  t: number,
  horizons: Horizon[],
): QuantileForecast[] {
  return model.predict(historyUntil(history, t, model.lookback), horizons);
}

/** Loads `{COIN}USDT_1h.csv` and `{COIN}USDT_1d.csv` from a directory; daily is derived from hourly when absent. */
export function loadCoinHistory(dir: string, coin: string): CoinHistory {
  const files = readdirSync(dir);
  const hourlyFile = files.find((f) => f === `${coin}USDT_1h.csv`);
  const dailyFile = files.find((f) => f === `${coin}USDT_1d.csv`);
  const hourly = hourlyFile ? loadCandlesCsv(join(dir, hourlyFile)) : [];
  const daily = dailyFile ? loadCandlesCsv(join(dir, dailyFile)) : aggregateDaily(hourly);
  return { coin, hourly, daily };
}

/** Coins that have both an hourly and a daily file (or hourly only) in the directory. */
export function listCoins(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => /^([A-Z0-9]+)USDT_1h\.csv$/.exec(f)?.[1])
    .filter((c): c is string => !!c)
    .sort();
}

export function loadHistories(dir: string, coins?: string[]): CoinHistory[] {
  return (coins && coins.length ? coins : listCoins(dir)).map((c) => loadCoinHistory(dir, c));
}

export function parseDate(text: string): number {
  const t = Date.parse(/T/.test(text) ? text : `${text}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new Error(`bad date "${text}" (expected YYYY-MM-DD)`);
  return t;
}

export { HOUR_MS, DAY_MS };

/** Close of the candle that closes exactly at time t, or undefined when that candle is missing (gap). */
export function closeAtTime(candles: Candle[], t: number, intervalMs: number): number | undefined {
  const i = lastClosedIndex(candles, t, intervalMs);
  return i >= 0 && candles[i]!.openTime === t - intervalMs ? candles[i]!.close : undefined;
}
