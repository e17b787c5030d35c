import type { Horizon, IntradayHorizon } from '../types';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export interface HorizonSpec {
  horizon: Horizon;
  /** Which candle series the horizon is forecast from. */
  timeframe: 'hourly' | 'daily';
  /** Number of candles of that timeframe between origin and target. */
  steps: number;
  ms: number;
}

export const HORIZONS: Record<Horizon, HorizonSpec> = {
  '1h': { horizon: '1h', timeframe: 'hourly', steps: 1, ms: HOUR_MS },
  '4h': { horizon: '4h', timeframe: 'hourly', steps: 4, ms: 4 * HOUR_MS },
  '24h': { horizon: '24h', timeframe: 'hourly', steps: 24, ms: DAY_MS },
  '7d': { horizon: '7d', timeframe: 'daily', steps: 7, ms: 7 * DAY_MS },
  '30d': { horizon: '30d', timeframe: 'daily', steps: 30, ms: 30 * DAY_MS },
};

export function parseHorizons(text: string): Horizon[] {
  return text.split(',').map((h) => {
    const t = h.trim();
    if (!(t in HORIZONS)) throw new Error(`unknown horizon "${t}" (expected one of ${Object.keys(HORIZONS).join(', ')})`);
    return t as Horizon;
  });
}

export function candleMs(timeframe: 'hourly' | 'daily'): number {
  return timeframe === 'hourly' ? HOUR_MS : DAY_MS;
}

// ---- Sub-hour horizons (issue 21) ----

export const MINUTE_MS = 60_000;
export const FIVE_MINUTE_MS = 5 * MINUTE_MS;

/** The candle series a sub-hour horizon is forecast from: '5m' = CoinHistory.fiveMinute, '1m' = CoinHistory.minute. */
export type IntradaySeries = '5m' | '1m';

export interface IntradayHorizonSpec {
  horizon: IntradayHorizon;
  series: IntradaySeries;
  /** Candles of that series between origin and target. */
  steps: number;
  ms: number;
}

export const INTRADAY_HORIZON_SPECS: Record<IntradayHorizon, IntradayHorizonSpec> = {
  '1m': { horizon: '1m', series: '1m', steps: 1, ms: MINUTE_MS },
  '5m': { horizon: '5m', series: '5m', steps: 1, ms: FIVE_MINUTE_MS },
  '15m': { horizon: '15m', series: '5m', steps: 3, ms: 3 * FIVE_MINUTE_MS },
  '30m': { horizon: '30m', series: '5m', steps: 6, ms: 6 * FIVE_MINUTE_MS },
};

/** Candle interval of an intraday series, in ms. */
export function intradaySeriesMs(series: IntradaySeries): number {
  return series === '1m' ? MINUTE_MS : FIVE_MINUTE_MS;
}

export function isIntradayHorizon(h: string): h is IntradayHorizon {
  return h in INTRADAY_HORIZON_SPECS;
}

export function parseIntradayHorizons(text: string): IntradayHorizon[] {
  return text.split(',').map((h) => {
    const t = h.trim();
    if (!isIntradayHorizon(t)) throw new Error(`unknown sub-hour horizon "${t}" (expected one of ${Object.keys(INTRADAY_HORIZON_SPECS).join(', ')})`);
    return t;
  });
}
