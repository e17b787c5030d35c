import { aggregateDaily, type Candle, type CoinHistory } from '@coincast/ml';
import type { Timeframe } from '../markets/candle';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** What reading histories needs from the candle store (the markets domain's CandlesRepository). */
export interface ClosedCandleReader {
  closedCandlesOfMany(markets: readonly string[], timeframe: Timeframe, lastOpen: number, limit: number): Promise<Map<string, Candle[]>>;
}

/**
 * Each market's history as a model sees it at `until`: the closed hourly and daily candles before it, daily
 * completed from the hourly ones where the daily series lags. Shared by the event loop's reads and the forecasting
 * threads' own reads, so both give a model exactly the same candles.
 */
export async function readHistories(
  reader: ClosedCandleReader,
  symbols: readonly string[],
  until: number,
  lookback: { hourly: number; daily: number },
): Promise<Map<string, CoinHistory>> {
  const [hourly, daily] = await Promise.all([
    reader.closedCandlesOfMany(symbols, '1h', until - HOUR_MS, lookback.hourly),
    reader.closedCandlesOfMany(symbols, '1d', until - DAY_MS, lookback.daily),
  ]);
  return new Map(symbols.map((symbol) => [symbol, withCompletedDays(symbol, hourly.get(symbol) ?? [], daily.get(symbol) ?? [], until, lookback.daily)]));
}

/** Daily candles lag (or are not ingested): complete them with days aggregated from the hourly ones. Pure. */
function withCompletedDays(symbol: string, hourly: Candle[], stored: Candle[], until: number, dailyLookback: number): CoinHistory {
  let daily = stored;
  const lastDaily = daily.at(-1)?.openTime ?? -Infinity;
  // A day counts only once its last hour (23:00 UTC) is among the closed hourly candles: never a partial day.
  const hours = new Set(hourly.map((c) => c.openTime));
  const extra = aggregateDaily(hourly).filter((d) => d.openTime > lastDaily && d.openTime + DAY_MS <= until && hours.has(d.openTime + DAY_MS - HOUR_MS));
  if (extra.length > 0 && dailyLookback > 0) daily = [...daily, ...extra].slice(-dailyLookback);
  return { coin: symbol, hourly, daily };
}
