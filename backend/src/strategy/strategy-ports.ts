/** What the strategy page reads from the other domains (bound in StrategyModule to their exported readers). */
import type { ForecastQuantiles } from '@coincast/ml';

export const STRATEGY_DATA = Symbol('STRATEGY_DATA');

export interface ServedForecastPoint extends ForecastQuantiles {
  originTime: number;
}

export interface StrategyData {
  /** Market time (the replay clock when replaying). */
  now(): number;
  /** The served forecast of each origin on the `everyMs` grid in [from, to], oldest first. */
  servedForecasts(symbol: string, horizon: string, range: { from: number; to: number; everyMs: number }): Promise<ServedForecastPoint[]>;
  /** Closes of the closed candles that close at `times` (hourly, else daily), by close time. */
  closesAt(symbol: string, times: readonly number[]): Promise<Map<number, number>>;
}
