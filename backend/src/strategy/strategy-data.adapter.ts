import { Inject, Injectable } from '@nestjs/common';
import { ForecastsRepository } from '../forecasts/forecasts.repository';
import { CandlesRepository } from '../markets/candles.repository';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import type { ServedForecastPoint, StrategyData } from './strategy-ports';

/** Served forecasts rows the page reads at most (a year of hourly decisions, with room). */
const MAX_FORECASTS = 10_000;

/** StrategyData over the forecasts domain's repository and the markets domain's candle reader (no SQL here). */
@Injectable()
export class StoredStrategyData implements StrategyData {
  constructor(
    private readonly forecasts: ForecastsRepository,
    private readonly candles: CandlesRepository,
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
  ) {}

  now(): number {
    return this.provider.now();
  }

  servedForecasts(symbol: string, horizon: string, range: { from: number; to: number; everyMs: number }): Promise<ServedForecastPoint[]> {
    return this.forecasts.servedSeries(symbol, horizon, { ...range, limit: MAX_FORECASTS });
  }

  async closesAt(symbol: string, times: readonly number[]): Promise<Map<number, number>> {
    const closes = new Map<number, number>();
    const rows = await this.candles.closedClosesAt(symbol, times);
    // Hourly wins where both exist (set last).
    for (const row of rows.sort((a, b) => (a.timeframe === '1h' ? 1 : 0) - (b.timeframe === '1h' ? 1 : 0))) closes.set(row.closeTime, row.close);
    return closes;
  }
}
