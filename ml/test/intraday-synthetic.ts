import { FIVE_MINUTE_MS, MINUTE_MS } from '../src/data/horizons';
import { seededRandom } from '../src/math';
import type { Candle, CoinHistory } from '../src/types';

export interface SyntheticIntradayOptions {
  /** Volatility multiplier by time (planted intraday seasonality); default flat. */
  seasonal?: (openTime: number) => number;
  /** GARCH(1,1) volatility clustering on the 1-minute returns (default off: constant volatility). */
  garch?: boolean;
  /** Keep 1-minute candles for the last `minuteDays` days (default none). */
  minuteDays?: number;
  start?: number;
  /** Per-minute log-return sd (default 0.0006). */
  sigma?: number;
}

/**
 * Seeded 1-minute random walk aggregated to 5-minute candles (O first, H max, L min, C last, V sum), with optional
 * planted seasonality and volatility clustering. Tests use it instead of the data folder.
 */
export function syntheticIntraday(coin: string, days: number, seed: number, opts: SyntheticIntradayOptions = {}): CoinHistory {
  const rnd = seededRandom(seed);
  const g = () => Math.sqrt(-2 * Math.log(Math.max(rnd(), 1e-12))) * Math.cos(2 * Math.PI * rnd());
  const start = opts.start ?? Date.UTC(2024, 0, 1);
  const sigma = opts.sigma ?? 0.0006;
  const minuteFrom = start + (days - (opts.minuteDays ?? 0)) * 1440 * MINUTE_MS;
  const minute: Candle[] = [];
  const fiveMinute: Candle[] = [];
  let p = 100 + seed;
  let v = 1;
  let cur: Candle | undefined;
  for (let i = 0; i < days * 1440; i++) {
    const t = start + i * MINUTE_MS;
    const s = (opts.seasonal?.(t) ?? 1) * sigma * Math.sqrt(v);
    const e = g();
    const o = p;
    p = p * Math.exp(s * e);
    if (opts.garch) v = 0.02 + 0.06 * e * e + 0.92 * v;
    const w = Math.abs(g()) * s * 0.5;
    const c: Candle = { openTime: t, open: o, high: Math.max(o, p) * Math.exp(w), low: Math.min(o, p) * Math.exp(-w), close: p, volume: 10 * (1 + rnd()) };
    if (t >= minuteFrom) minute.push(c);
    const bucket = Math.floor(t / FIVE_MINUTE_MS) * FIVE_MINUTE_MS;
    if (!cur || cur.openTime !== bucket) {
      if (cur) fiveMinute.push(cur);
      cur = { ...c, openTime: bucket };
    } else {
      cur.high = Math.max(cur.high, c.high);
      cur.low = Math.min(cur.low, c.low);
      cur.close = c.close;
      cur.volume += c.volume;
    }
  }
  if (cur) fiveMinute.push(cur);
  return { coin, hourly: [], daily: [], fiveMinute, ...(minute.length ? { minute } : {}) };
}

/** Copy of a history whose sub-hour candles opening at or after `t` are replaced by wild values. */
export function scrambleIntradayAfter(h: CoinHistory, t: number): CoinHistory {
  const scr = (c: Candle): Candle =>
    c.openTime >= t ? { ...c, open: c.open * 3, high: c.high * 5, low: c.low * 0.2, close: c.close * 4, volume: c.volume * 9 } : c;
  return { ...h, ...(h.fiveMinute ? { fiveMinute: h.fiveMinute.map(scr) } : {}), ...(h.minute ? { minute: h.minute.map(scr) } : {}) };
}

/** Planted pattern: volatility × 2.5 from 13:30 to 15:00 UTC on weekdays, × 0.5 on Saturdays and Sundays. */
export function plantedSeasonal(t: number): number {
  const d = new Date(t);
  const dow = d.getUTCDay();
  if (dow === 0 || dow === 6) return 0.5;
  const m = d.getUTCHours() * 60 + d.getUTCMinutes();
  return m >= 13 * 60 + 30 && m < 15 * 60 ? 2.5 : 1;
}
