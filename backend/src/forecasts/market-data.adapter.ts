import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { aggregateDaily, type Candle, type CoinHistory } from '@coincast/ml';
import { DataSource } from 'typeorm';
import { CandlesRepository } from '../markets/candles.repository';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { MarketsService } from '../markets/markets.service';
import type { ForecastMarketData } from './forecast-ports';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * ForecastMarketData over the market-data domain: its tracked symbols and clock (the replay clock when replaying),
 * and the stored candles, read through the markets domain's candle reader (CandlesRepository; no SQL here).
 * Only CLOSED candles are read (fetched after their close time, see CandlesRepository.upsert): a forecast never
 * starts from, and a score never uses, the still-forming candle of the current hour or day.
 */
@Injectable()
export class MarketsForecastData implements ForecastMarketData {
  private readonly candleReader: CandlesRepository;

  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly markets: MarketsService,
    @InjectDataSource() db: DataSource,
  ) {
    this.candleReader = new CandlesRepository(db);
  }

  now(): number {
    return this.provider.now();
  }

  trackedSymbols(): Promise<string[]> {
    return this.markets.trackedSymbols();
  }

  async history(symbol: string, until: number, lookback: { hourly: number; daily: number }): Promise<CoinHistory> {
    const hourly = await this.candles(symbol, '1h', until - HOUR_MS, lookback.hourly);
    let daily = await this.candles(symbol, '1d', until - DAY_MS, lookback.daily);
    // Daily candles lag (or are not ingested): complete them with days aggregated from the hourly ones.
    const lastDaily = daily.at(-1)?.openTime ?? -Infinity;
    // A day counts only once its last hour (23:00 UTC) is among the closed hourly candles: never a partial day.
    const hours = new Set(hourly.map((c) => c.openTime));
    const extra = aggregateDaily(hourly).filter((d) => d.openTime > lastDaily && d.openTime + DAY_MS <= until && hours.has(d.openTime + DAY_MS - HOUR_MS));
    if (extra.length > 0 && lookback.daily > 0) daily = [...daily, ...extra].slice(-lookback.daily);
    return { coin: symbol, hourly, daily };
  }

  async candlesReadyUntil(): Promise<number | undefined> {
    const symbols = await this.markets.trackedSymbols();
    const last = await this.candleReader.latestClosedOpenTime(this.provider.exchange, symbols, '1h');
    return last === undefined ? undefined : last + HOUR_MS;
  }

  async closesAt(symbol: string, times: number[]): Promise<Map<number, number>> {
    const closes = new Map<number, number>();
    // Daily targets fall back to the daily candle (hourly history is shorter).
    const rows = await this.candleReader.closedClosesAt(this.provider.exchange, symbol, times);
    for (const row of rows.sort((a, b) => (a.timeframe === '1h' ? 1 : 0) - (b.timeframe === '1h' ? 1 : 0))) {
      closes.set(row.closeTime, row.close); // hourly wins (set last)
    }
    return closes;
  }

  private candles(symbol: string, timeframe: '1h' | '1d', lastOpen: number, limit: number): Promise<Candle[]> {
    return this.candleReader.closedCandles({ exchange: this.provider.exchange, symbol, timeframe }, lastOpen, limit);
  }
}
