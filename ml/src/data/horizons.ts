import type { Horizon } from '../types';

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
