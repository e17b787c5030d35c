import { Inject, Injectable } from '@nestjs/common';
import type { CoinHistory } from '@coincast/ml';
import { CandlesRepository } from '../markets/candles.repository';
import { TIMEFRAME_MS } from '../markets/candle';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { MarketsService } from '../markets/markets.service';
import type { IntradayMarketData } from './intraday-ports';

const FIVE_MINUTES = TIMEFRAME_MS['5m'];
const MINUTE = TIMEFRAME_MS['1m'];

/**
 * IntradayMarketData over the market-data domain: tracked symbols, the provider's clock, and the stored CLOSED
 * 5-minute / 1-minute candles read through the markets domain's candle reader (no SQL here). A shard's markets are
 * read in one query per timeframe (the LATERAL reader of closedCandlesOfMany).
 */
@Injectable()
export class MarketsIntradayData implements IntradayMarketData {
  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly markets: MarketsService,
    private readonly candles: CandlesRepository,
  ) {}

  now(): number {
    return this.provider.now();
  }

  trackedSymbols(): Promise<string[]> {
    return this.markets.trackedSymbols();
  }

  async histories(symbols: readonly string[], until: number, lookback: { fiveMinute: number; minute: number }): Promise<Map<string, CoinHistory>> {
    const exchange = this.provider.exchange;
    const [five, minute] = await Promise.all([
      this.candles.closedCandlesOfMany(exchange, symbols, '5m', until - FIVE_MINUTES, lookback.fiveMinute),
      lookback.minute > 0 ? this.candles.closedCandlesOfMany(exchange, symbols, '1m', until - MINUTE, lookback.minute) : Promise.resolve(new Map()),
    ]);
    return new Map(
      symbols.map((symbol) => {
        const history: CoinHistory = { coin: symbol, hourly: [], daily: [], fiveMinute: five.get(symbol) ?? [] };
        const minutes = minute.get(symbol);
        if (minutes && minutes.length > 0) history.minute = minutes;
        return [symbol, history];
      }),
    );
  }

  async candlesReadyUntil(): Promise<number | undefined> {
    const symbols = await this.markets.trackedSymbols();
    const last = await this.candles.latestClosedOpenTime(this.provider.exchange, symbols, '5m');
    return last === undefined ? undefined : last + FIVE_MINUTES;
  }
}
