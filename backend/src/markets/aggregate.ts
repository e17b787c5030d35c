import { Candle, Timeframe, candleOpenTime } from './candle';

/**
 * Folds consecutive candles (oldest first) into candles of a coarser `timeframe` aligned to UTC
 * (open first, high max, low min, close last, volume sum). Pure.
 */
export function aggregateCandles(candles: readonly Candle[], timeframe: Timeframe): Candle[] {
  const result: Candle[] = [];
  let current: Candle | undefined;
  for (const candle of candles) {
    const bucket = candleOpenTime(candle.openTime, timeframe);
    if (current && current.openTime === bucket) {
      current.high = Math.max(current.high, candle.high);
      current.low = Math.min(current.low, candle.low);
      current.close = candle.close;
      current.volume += candle.volume;
    } else {
      current = { ...candle, openTime: bucket };
      result.push(current);
    }
  }
  return result;
}
