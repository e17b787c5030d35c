/**
 * Sub-hour candles: loading the gzip-compressed 5-minute / 1-minute CSVs of the data folder, histories with the
 * `fiveMinute` / `minute` series filled, and cutting a history at an origin (every series, like historyUntil).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { historyUntil, lastClosedIndex, loadCoinHistory, normaliseCandles, parseCandlesCsv } from '../data/candles';
import { intradaySeriesMs, type IntradaySeries } from '../data/horizons';
import type { Candle, CoinHistory } from '../types';

/** `YYYY-MM-DDTHH:MM:SSZ` (the data folder's format) without Date.parse; anything else goes through Date.parse. */
function parseIsoUtc(ts: string): number {
  if (ts.length === 20 && ts.charCodeAt(10) === 84 /* T */ && ts.charCodeAt(19) === 90 /* Z */) {
    const n = (a: number, b: number) => Number(ts.slice(a, b));
    return Date.UTC(n(0, 4), n(5, 7) - 1, n(8, 10), n(11, 13), n(14, 16), n(17, 19));
  }
  return /^\d+$/.test(ts) ? Number(ts) : Date.parse(ts);
}

/**
 * Fast parser for the candle CSV format (`timestamp,open,high,low,close,volume`, header first): the sub-hour files hold
 * ~250,000 (5m) to ~1,000,000 (1m) rows per coin, too many for the generic CSV parser. Any other column layout goes
 * through parseCandlesCsv. Sorted, de-duplicated; rows with a non-positive close are dropped (a gap stays a gap).
 */
export function parseIntradayCsv(text: string): Candle[] {
  const firstNl = text.indexOf('\n');
  const header = (firstNl < 0 ? text : text.slice(0, firstNl)).trim();
  if (header !== 'timestamp,open,high,low,close,volume') return parseCandlesCsv(text);
  const out: Candle[] = [];
  let pos = firstNl + 1;
  let line = 2;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const row = text.slice(pos, end).trim();
    pos = end + 1;
    if (row) {
      const f = row.split(',');
      const c: Candle = { openTime: parseIsoUtc(f[0]!), open: Number(f[1]), high: Number(f[2]), low: Number(f[3]), close: Number(f[4]), volume: Number(f[5]) };
      if (!Number.isFinite(c.openTime) || !(c.close > 0)) throw new Error(`bad candle row ${line}: ${row}`);
      out.push(c);
    }
    line++;
  }
  for (let i = 1; i < out.length; i++) if (out[i]!.openTime <= out[i - 1]!.openTime) return normaliseCandles(out);
  return out;
}

/** File name of a coin's sub-hour candles in the data folder. */
export function intradayFileName(coin: string, series: IntradaySeries): string {
  return `${coin}USDT_${series}.csv.gz`;
}

/**
 * `{COIN}USDT_5m.csv.gz` / `{COIN}USDT_1m.csv.gz` from a directory (gzip, read with zlib; a plain `.csv` of the same
 * name is read when no `.gz` exists). Returns [] when the coin has no file for that series.
 */
export function loadIntradayCandles(dir: string, coin: string, series: IntradaySeries): Candle[] {
  const gz = join(dir, intradayFileName(coin, series));
  if (existsSync(gz)) return parseIntradayCsv(gunzipSync(readFileSync(gz)).toString('utf8'));
  const plain = join(dir, `${coin}USDT_${series}.csv`);
  return existsSync(plain) ? parseIntradayCsv(readFileSync(plain, 'utf8')) : [];
}

/** Coins that have a file for the series in the directory. */
export function listIntradayCoins(dir: string, series: IntradaySeries = '5m'): string[] {
  const re = new RegExp(`^([A-Z0-9]+)USDT_${series}\\.csv(\\.gz)?$`);
  return [
    ...new Set(
      readdirSync(dir)
        .map((f) => re.exec(f)?.[1])
        .filter((c): c is string => !!c),
    ),
  ].sort();
}

export interface IntradayLoadOptions {
  /** Which sub-hour series to load (default both; a coin without a 1m file gets no `minute`). */
  series?: IntradaySeries[];
  /** Also load the hourly/daily files (default false: intraday models do not read them). */
  hourly?: boolean;
}

/** A coin's history with `fiveMinute` and/or `minute` filled (hourly/daily empty unless `hourly: true`). */
export function loadIntradayHistory(dir: string, coin: string, opts: IntradayLoadOptions = {}): CoinHistory {
  const series = opts.series ?? ['5m', '1m'];
  const base: CoinHistory = opts.hourly ? loadCoinHistory(dir, coin) : { coin, hourly: [], daily: [] };
  const out: CoinHistory = { ...base };
  if (series.includes('5m')) out.fiveMinute = loadIntradayCandles(dir, coin, '5m');
  if (series.includes('1m')) {
    const m = loadIntradayCandles(dir, coin, '1m');
    if (m.length) out.minute = m;
  }
  return out;
}

/** Histories of the given coins (default: every coin with a 5m file). */
export function loadIntradayHistories(dir: string, coins?: string[], opts: IntradayLoadOptions = {}): CoinHistory[] {
  return (coins && coins.length ? coins : listIntradayCoins(dir, '5m')).map((c) => loadIntradayHistory(dir, c, opts));
}

export interface IntradayKeep {
  hourly?: number;
  daily?: number;
  fiveMinute?: number;
  minute?: number;
}

/**
 * The part of a history known at time t (candles closed at or before t) in every series, optionally only the
 * trailing `keep` candles of each. Series absent from the history stay absent.
 */
export function intradayHistoryUntil(h: CoinHistory, t: number, keep?: IntradayKeep): CoinHistory {
  const base = historyUntil(h, t, keep ? { hourly: keep.hourly ?? 0, daily: keep.daily ?? 0 } : undefined);
  const out: CoinHistory = base;
  const cut = (c: Candle[], series: IntradaySeries, k: number | undefined) => {
    const i = lastClosedIndex(c, t, intradaySeriesMs(series));
    return c.slice(k !== undefined ? Math.max(0, i + 1 - k) : 0, i + 1);
  };
  if (h.fiveMinute) out.fiveMinute = cut(h.fiveMinute, '5m', keep?.fiveMinute);
  if (h.minute) out.minute = cut(h.minute, '1m', keep?.minute);
  return out;
}
