import { aggregateDaily } from '../src/data/candles';
import { HOUR_MS } from '../src/data/horizons';
import { seededRandom } from '../src/math';
import type { Candle, CoinHistory } from '../src/types';

/** Seeded GARCH(1,1) hourly random walk with plausible OHLCV, for tests that must not depend on the data folder. */
export function syntheticHourly(coin: string, days: number, seed: number, start = Date.UTC(2023, 0, 1)): CoinHistory {
  const rnd = seededRandom(seed);
  const gauss = () => {
    const u = Math.max(rnd(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const hourly: Candle[] = [];
  let price = 100 + seed;
  const lr = 0.01 ** 2;
  let v = lr;
  for (let i = 0; i < days * 24; i++) {
    const r = Math.sqrt(v) * gauss();
    v = 0.05 * lr + 0.1 * r * r + 0.85 * v;
    const open = price;
    const close = price * Math.exp(r);
    const wiggle = Math.abs(gauss()) * Math.sqrt(v) * 0.5;
    hourly.push({
      openTime: start + i * HOUR_MS,
      open,
      high: Math.max(open, close) * Math.exp(wiggle),
      low: Math.min(open, close) * Math.exp(-wiggle),
      close,
      volume: 1000 * (1 + rnd()),
    });
    price = close;
  }
  return { coin, hourly, daily: aggregateDaily(hourly) };
}

/** Copy of a history in which every candle opening at or after `t` is replaced by wild values. */
export function scrambleAfter(h: CoinHistory, t: number): CoinHistory {
  const scr = (c: Candle): Candle =>
    c.openTime >= t ? { ...c, open: c.open * 3, high: c.high * 5, low: c.low * 0.2, close: c.close * 4, volume: c.volume * 9 } : c;
  return { coin: h.coin, hourly: h.hourly.map(scr), daily: h.daily.map(scr) };
}
