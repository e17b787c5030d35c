/** Candle timeframes the product ingests and serves: the hourly/daily series, and the sub-hour ones (issue 21). */
export const TIMEFRAMES = ['1m', '5m', '1h', '1d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

/** The sub-hour timeframes: ingested only where INTRADAY_TIMEFRAMES asks for them, and kept for a limited time. */
export const INTRADAY_TIMEFRAMES = ['1m', '5m'] as const satisfies readonly Timeframe[];
export type IntradayTimeframe = (typeof INTRADAY_TIMEFRAMES)[number];

/** The forming candles streamed on every tick (`candle` socket events). */
export const STREAMED_TIMEFRAMES = ['1h', '1d'] as const satisfies readonly Timeframe[];

export const TIMEFRAME_MS: Record<Timeframe, number> = {
  '1m': 60_000,
  '5m': 300_000,
  '1h': 3_600_000,
  '1d': 86_400_000,
};

export function isTimeframe(value: string): value is Timeframe {
  return (TIMEFRAMES as readonly string[]).includes(value);
}

export function isIntradayTimeframe(value: string): value is IntradayTimeframe {
  return (INTRADAY_TIMEFRAMES as readonly string[]).includes(value);
}

/** One OHLCV candle (`openTime` epoch ms UTC, volume in base-asset units): the ml library's type, not a copy. */
export type { Candle } from '@coincast/ml';

/** Start of the candle of `timeframe` that contains `time` (candles are aligned to the UTC epoch). */
export function candleOpenTime(time: number, timeframe: Timeframe): number {
  const size = TIMEFRAME_MS[timeframe];
  return Math.floor(time / size) * size;
}
