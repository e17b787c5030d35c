import type { Candle } from '../../../lib/live-stream';

/** Candles as the server may send them: decimals as strings. */
export type WireCandle = { openTime: string } & Record<'open' | 'high' | 'low' | 'close' | 'volume', number | string>;

export function normaliseCandle(candle: WireCandle): Candle {
  return {
    openTime: candle.openTime,
    open: Number(candle.open),
    high: Number(candle.high),
    low: Number(candle.low),
    close: Number(candle.close),
    volume: Number(candle.volume),
  };
}

/** Merges a live candle into a series: replaces the candle with the same open time or appends a newer one. */
export function mergeCandle(candles: readonly Candle[], candle: Candle): Candle[] {
  const last = candles[candles.length - 1];
  if (!last) return [candle];
  const lastTime = Date.parse(last.openTime);
  const time = Date.parse(candle.openTime);
  if (time === lastTime) return [...candles.slice(0, -1), candle];
  if (time > lastTime) return [...candles, candle];
  // An older candle (late delivery): replace in place if present, never reorder.
  return candles.map((existing) => (Date.parse(existing.openTime) === time ? candle : existing));
}
