import { Inject, Injectable } from '@nestjs/common';
import type { CoinHistory } from '@coincast/ml';
import { CandlesRepository } from '../markets/candles.repository';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { MarketsService } from '../markets/markets.service';
import type { ForecastMarketData } from './forecast-ports';
import { readHistories } from './history-reader';

const HOUR_MS = 3_600_000;

/**
 * ForecastMarketData over the market-data domain: its tracked symbols and clock (the replay clock when replaying),
 * and the stored candles, read through the markets domain's candle reader (CandlesRepository; no SQL here).
 * Only CLOSED candles are read (fetched after their close time, see CandlesRepository.upsert): a forecast never
 * starts from, and a score never uses, the still-forming candle of the current hour or day.
 */
@Injectable()
export class MarketsForecastData implements ForecastMarketData {
  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly markets: MarketsService,
    private readonly candleReader: CandlesRepository,
  ) {}

  now(): number {
    return this.provider.now();
  }

  /** Tracked markets whose backfill is over: a market an admin just added enters the first slot after its history landed. */
  trackedSymbols(): Promise<string[]> {
    return this.markets.ingestedSymbols();
  }

  async history(symbol: string, until: number, lookback: { hourly: number; daily: number }): Promise<CoinHistory> {
    return (await this.histories([symbol], until, lookback)).get(symbol)!;
  }

  /** Where the candles live, for a forecasting thread that reads them itself. */
  get exchange(): string {
    return this.provider.exchange;
  }

  histories(symbols: readonly string[], until: number, lookback: { hourly: number; daily: number }): Promise<Map<string, CoinHistory>> {
    return readHistories(this.candleReader, symbols, until, lookback);
  }

  async candlesReadyUntil(): Promise<number | undefined> {
    const symbols = await this.markets.ingestedSymbols();
    const last = await this.candleReader.latestClosedOpenTime(symbols, '1h');
    return last === undefined ? undefined : last + HOUR_MS;
  }

  async closesAt(symbol: string, times: number[]): Promise<Map<number, number>> {
    const closes = new Map<number, number>();
    // Daily targets fall back to the daily candle (hourly history is shorter).
    const rows = await this.candleReader.closedClosesAt(symbol, times);
    for (const row of rows.sort((a, b) => (a.timeframe === '1h' ? 1 : 0) - (b.timeframe === '1h' ? 1 : 0))) {
      closes.set(row.closeTime, row.close); // hourly wins (set last)
    }
    return closes;
  }
}
