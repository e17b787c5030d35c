import { Inject, Injectable } from '@nestjs/common';
import type { Candle, CoinHistory } from '@coincast/ml';
import { CandlesRepository } from '../markets/candles.repository';
import { TIMEFRAME_MS } from '../markets/candle';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { MarketsService } from '../markets/markets.service';
import { IntradayCandleCache } from './intraday-candle-cache';
import type { IntradayMarketData } from './intraday-ports';

const FIVE_MINUTES = TIMEFRAME_MS['5m'];
const MINUTE = TIMEFRAME_MS['1m'];

/**
 * IntradayMarketData over the market-data domain: tracked symbols, the provider's clock, and the stored CLOSED
 * 5-minute / 1-minute candles read through the markets domain's candle reader (no SQL here). Each timeframe goes
 * through an IntradayCandleCache: a slot reads only the candles closed since the previous slot, for the whole shard
 * in one query (the LATERAL reader of closedCandlesOfMany); a market's full lookback is read on first use, when a
 * longer one is asked for, and once an hour (staggered) to pick up gaps filled later.
 */
@Injectable()
export class MarketsIntradayData implements IntradayMarketData {
  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    private readonly markets: MarketsService,
    private readonly candles: CandlesRepository,
  ) {}

  private readonly fiveMinuteCache = new IntradayCandleCache((symbols, lastOpen, limit) => this.candles.closedCandlesOfMany(symbols, '5m', lastOpen, limit), {
    stepMs: FIVE_MINUTES,
  });
  private readonly minuteCache = new IntradayCandleCache((symbols, lastOpen, limit) => this.candles.closedCandlesOfMany(symbols, '1m', lastOpen, limit), {
    stepMs: MINUTE,
  });

  now(): number {
    return this.provider.now();
  }

  /** Tracked markets whose backfill is over (as for the hourly slots: a market just added joins once its history landed). */
  trackedSymbols(): Promise<string[]> {
    return this.markets.ingestedSymbols();
  }

  async histories(
    symbols: readonly string[],
    until: number,
    lookback: { fiveMinute: number; minute: number },
    options: { cache?: boolean } = {},
  ): Promise<Map<string, CoinHistory>> {
    const cached = options.cache ?? true;
    const [five, minute] = await Promise.all([
      cached
        ? this.fiveMinuteCache.latest(symbols, until - FIVE_MINUTES, lookback.fiveMinute)
        : this.candles.closedCandlesOfMany(symbols, '5m', until - FIVE_MINUTES, lookback.fiveMinute),
      lookback.minute <= 0
        ? Promise.resolve(new Map<string, Candle[]>())
        : cached
          ? this.minuteCache.latest(symbols, until - MINUTE, lookback.minute)
          : this.candles.closedCandlesOfMany(symbols, '1m', until - MINUTE, lookback.minute),
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
    const symbols = await this.markets.ingestedSymbols();
    const last = await this.candles.latestClosedOpenTime(symbols, '5m');
    return last === undefined ? undefined : last + FIVE_MINUTES;
  }
}
