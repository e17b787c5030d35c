/** Candle timeframes the product ingests and serves. */
export const TIMEFRAMES = ['1h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

/** One OHLCV candle (`openTime` epoch ms UTC, volume in base-asset units): the ml library's type, not a copy. */
export type { Candle } from '@coincast/ml';

/** Start of the candle of `timeframe` that contains `time` (candles are aligned to the UTC epoch). */
export function candleOpenTime(time: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe];
  return Math.floor(time / size) * size;
}
