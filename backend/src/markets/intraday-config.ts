import type { Env } from '../config/env.schema';
import { INTRADAY_TIMEFRAMES, TIMEFRAME_MS, type IntradayTimeframe } from './candle';

/** The sub-hour timeframes this deployment ingests: INTRADAY_TIMEFRAMES, else 5m (none under NODE_ENV=test). 5m first. */
export function intradayTimeframes(env: Env): IntradayTimeframe[] {
  const configured = env.INTRADAY_TIMEFRAMES ?? (env.NODE_ENV === 'test' ? [] : ['5m']);
  return INTRADAY_TIMEFRAMES.filter((tf) => configured.includes(tf)).sort((a, b) => TIMEFRAME_MS[b] - TIMEFRAME_MS[a]);
}

/** Days each sub-hour timeframe is kept (CANDLE_RETENTION_DAYS_5M / _1M). */
export function candleRetentionDays(env: Env): Record<IntradayTimeframe, number> {
  return { '5m': env.CANDLE_RETENTION_DAYS_5M, '1m': env.CANDLE_RETENTION_DAYS_1M };
}
