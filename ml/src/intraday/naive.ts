/**
 * The sub-hour baseline: the last price, with the interval from the empirical quantiles of the trailing h-step log
 * returns over the previous 7 days of origins (2,016 five-minute or 10,080 one-minute origins; returns across a gap
 * are left out). The same rule as the hourly naive (baselines.ts), on the horizon's own series.
 */
import type { CoinHistory, IntradayForecastModel, IntradayHorizon, QuantileForecast } from '../types';
import { QUANTILE_LEVELS } from '../types';
import {
  contiguousStepReturns,
  empiricalQuantiles,
  intradayContext,
  intradayForecast,
  trimIntraday,
  type IntradayContext,
  type LogCloseCache,
} from './context';
import type { IntradaySeries } from '../data/horizons';

export const INTRADAY_NAIVE_TYPE = 'intraday-naive';

/** Origins in the naive interval's trailing window, per series: 7 days. */
export const NAIVE_INTRADAY_WINDOW: Record<IntradaySeries, number> = { '5m': 7 * 288, '1m': 7 * 1440 };

/** The largest step count of any sub-hour horizon per series (30m = 6 five-minute steps; 1m = 1 step). */
const MAX_STEPS: Record<IntradaySeries, number> = { '5m': 6, '1m': 1 };

export const NAIVE_INTRADAY_LOOKBACK = {
  hourly: 0,
  daily: 0,
  fiveMinute: NAIVE_INTRADAY_WINDOW['5m'] + MAX_STEPS['5m'],
  minute: NAIVE_INTRADAY_WINDOW['1m'] + MAX_STEPS['1m'],
};

/** Naive's log-return quantiles at an origin (median 0). */
export function naiveIntradayLogQuantiles(ctx: IntradayContext): Record<string, number> {
  const eq = empiricalQuantiles(contiguousStepReturns(ctx.candles, ctx.logCloses, ctx.steps, ctx.intervalMs, NAIVE_INTRADAY_WINDOW[ctx.series]));
  const q: Record<string, number> = {};
  for (const k of QUANTILE_LEVELS) q[k] = k === '0.5' ? 0 : eq[k]!;
  return q;
}

export function naiveIntradayModel(): IntradayForecastModel {
  return {
    type: INTRADAY_NAIVE_TYPE,
    version: '1',
    metadata: {
      type: INTRADAY_NAIVE_TYPE,
      description: 'last price; interval = last price x exp(empirical quantiles of the trailing 7 days of h-step log returns)',
      intervalWindow: { ...NAIVE_INTRADAY_WINDOW },
    },
    lookback: NAIVE_INTRADAY_LOOKBACK,
    predict(full: CoinHistory, horizons: IntradayHorizon[]): QuantileForecast<IntradayHorizon>[] {
      const history = trimIntraday(full, NAIVE_INTRADAY_LOOKBACK);
      const cache: LogCloseCache = new Map();
      const out: QuantileForecast<IntradayHorizon>[] = [];
      for (const h of horizons) {
        const ctx = intradayContext(history, h, cache);
        if (ctx) out.push(intradayForecast(ctx, 0, naiveIntradayLogQuantiles(ctx)));
      }
      return out;
    },
  };
}
