import { existsSync } from 'node:fs';
import path from 'node:path';
import { Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { fitVolParams, volModel } from '@coincast/ml';
import { AppConfig } from '../config/app-config';
import type Redis from 'ioredis';
import * as ccxt from 'ccxt';
import { CACHE, Cache, CLOCK, Clock, REDIS } from '../infra/ports';
import { MetricsModule } from '../metrics/metrics.module';
import { StreamModule } from '../stream/stream.module';
import { StreamPublisher } from '../stream/stream-publisher';
import { MARKET_STREAM } from './market-stream';
import { CcxtMarketDataProvider, DEFAULT_CCXT_OPTIONS } from './ccxt/ccxt-market-data.provider';
import { CcxtLiveTickerSource, exchangeStreamsTickers } from './ccxt/ccxt-live-tickers';
import { LIVE_TICKERS, LiveTickerFeed } from './live-tickers';
import { CandlesRepository } from './candles.repository';
import { candleRetentionDays, intradayTimeframes } from './intraday-config';
import { INGESTION_OPTIONS, IngestionOptions, IngestionService } from './ingestion.service';
import { MARKET_DATA_PROVIDER, MarketDataProvider } from './market-data-provider';
import { MarketDataRouter } from './market-data-router';
import { MARKET_IDS } from './market-id';
import { exchangeSpecs } from './exchanges-config';
import { CatalogueController } from './catalogue.controller';
import { MarketCatalogueService } from './market-catalogue.service';
import { MarketsController } from './markets.controller';
import { TrackedMarketsRepository } from './tracked-markets.repository';
import { TrackedMarkets } from './tracked-markets.service';
import { MarketsService, exchangeStatusCacheKey } from './markets.service';
import { MarketsWorker, POLLER_LEASE } from './markets.worker';
import { InProcessLease, PollerLease, RedisLease } from './poller-lease';
import { ReplayMarketDataProvider } from './replay/replay-market-data.provider';

/**
 * A relative REPLAY_DIR is looked up from where npm was started (INIT_CWD), the process directory, then the
 * repository root — so `REPLAY_DIR=../shared/data/candles npm start` works from the root or the backend folder.
 */
export function resolveReplayDir(dir: string): string {
  if (path.isAbsolute(dir)) return dir;
  // The repository root is 3 levels above both src/markets and dist/markets.
  const bases = [process.env.INIT_CWD, process.cwd(), path.resolve(__dirname, '../../..')];
  const candidates = bases.filter((base): base is string => !!base).map((base) => path.resolve(base, dir));
  return candidates.find((candidate) => existsSync(candidate)) ?? path.resolve(dir);
}

function isCcxtExchange(id: string): boolean {
  const ExchangeClass = (ccxt as unknown as Record<string, unknown>)[id];
  return typeof ExchangeClass === 'function' && ExchangeClass.prototype instanceof ccxt.Exchange;
}

/** One provider per configured exchange (EXCHANGES; see exchanges-config.ts). */
export async function createExchangeProviders(config: AppConfig, clock: Clock): Promise<MarketDataProvider[]> {
  const env = config.env;
  const specs = exchangeSpecs(env, isCcxtExchange);
  return Promise.all(
    specs.map(async (spec): Promise<MarketDataProvider> => {
      if (spec.kind === 'replay') {
        const retention = candleRetentionDays(env);
        // Every file of the folder: TRACKED_SYMBOLS only seeds the catalogue, and an admin may add any replayed pair.
        return ReplayMarketDataProvider.fromFolder({
          dir: resolveReplayDir(env.REPLAY_DIR),
          speed: env.REPLAY_SPEED,
          wallClock: () => clock.now().getTime(),
          intradayTimeframes: intradayTimeframes(env),
          // What the backfill can ask for, plus a week (the replay starts up to a week before the data ends).
          intradayKeepDays: { '5m': retention['5m'] + 8, '1m': retention['1m'] + 8 },
        });
      }
      return new CcxtMarketDataProvider({
        ...DEFAULT_CCXT_OPTIONS,
        exchangeId: spec.id,
        timeoutMs: env.MARKET_TIMEOUT_MS,
        publicApiUrl: spec.publicApiUrl,
        clock: () => clock.now().getTime(),
      });
    }),
  );
}

/**
 * The install's MarketDataProvider: a router over every configured exchange (market ids pick the exchange). Health
 * changes are logged (a refused region with its advice) and shared through the cache.
 */
export async function createMarketDataProvider(config: AppConfig, clock: Clock, cache: Cache): Promise<MarketDataRouter> {
  const logger = new Logger('Exchanges');
  const providers = await createExchangeProviders(config, clock);
  return new MarketDataRouter(providers, (status) => {
    if (status.state === 'refused' || status.state === 'unreachable') logger.warn(`${status.exchange}: ${status.message}`);
    else if (status.state === 'ok') logger.log(`${status.exchange} answers`);
    void cache.set(exchangeStatusCacheKey(status.exchange), status, 24 * 3600).catch(() => undefined);
  });
}

/**
 * The exchanges' ticker streams (one per ccxt exchange that can stream), empty where tickers are only polled:
 * replay, MARKET_STREAM=poll, exchanges ccxt cannot stream, or (auto) a REST mirror without a websocket URL. Only
 * worker roles consume them.
 */
export function createLiveTickerFeeds(config: AppConfig): LiveTickerFeed[] {
  const env = config.env;
  if (!config.runsWorker || env.MARKET_STREAM === 'poll') return [];
  const feeds: LiveTickerFeed[] = [];
  for (const spec of exchangeSpecs(env, isCcxtExchange)) {
    if (spec.kind !== 'ccxt') continue;
    if (!exchangeStreamsTickers(spec.id)) {
      if (env.MARKET_STREAM === 'websocket') throw new Error(`MARKET_STREAM=websocket, but ccxt cannot stream tickers from ${spec.id}: use MARKET_STREAM=poll`);
      continue;
    }
    if (env.MARKET_STREAM === 'auto' && spec.publicApiUrl && !spec.wsUrl) continue;
    const source = new CcxtLiveTickerSource({ exchangeId: spec.id, timeoutMs: env.MARKET_TIMEOUT_MS, publicApiUrl: spec.publicApiUrl, wsUrl: spec.wsUrl });
    // Live while a batch arrived within three poll periods (at least 5 s): a silent stream hands back to polling.
    feeds.push(new LiveTickerFeed(source, { staleAfterMs: Math.max(3 * env.TICKER_POLL_MS, 5_000), initialBackoffMs: 500, maxBackoffMs: 30_000 }));
  }
  return feeds;
}

/** Hourly candles the default forecasting model reads per forecast (ml's volatility model's lookback, ~439 days). */
export function modelLookbackHours(): number {
  return volModel(fitVolParams([], 0)).lookback.hourly;
}

/**
 * Days of hourly history the forecasting model needs stored: its lookback plus the out-of-sample backtest window
 * (the backtest copy is fitted before the window and still needs its lookback there), plus a week of margin.
 */
export function forecastHistoryDays(backtestDays: number): number {
  return Math.ceil(modelLookbackHours() / 24) + backtestDays + 7;
}

/** What a shorter hourly backfill costs the forecasts (logged at start when BACKFILL_DAYS_1H is below the lookback). */
export function shortBackfillWarning(days: number, backtestDays: number): string | undefined {
  const lookbackDays = Math.ceil(modelLookbackHours() / 24);
  if (days >= lookbackDays) return undefined;
  return (
    `BACKFILL_DAYS_1H=${days} is below the forecasting model's lookback (${lookbackDays} days of hourly candles; ` +
    `${forecastHistoryDays(backtestDays)} with its out-of-sample backtest): the model is fitted on less history than it ` +
    `uses, its long calibration windows (1 year of 24h outcomes) are cut short, and its backtest may find too few ` +
    `origins to beat the naive baseline, in which case the naive baseline keeps serving. Raise it (or leave it unset) for the real model.`
  );
}

export function ingestionOptions(config: AppConfig): IngestionOptions {
  const env = config.env;
  const hourlyDays = env.BACKFILL_DAYS_1H ?? (env.MARKET_SOURCE === 'replay' ? forecastHistoryDays(env.FORECAST_BACKTEST_DAYS) : 730);
  const warning = shortBackfillWarning(hourlyDays, env.FORECAST_BACKTEST_DAYS);
  if (warning && env.NODE_ENV !== 'test') new Logger('Ingestion').warn(warning);
  const retention = candleRetentionDays(env);
  return {
    timeframes: ['1h', '1d', ...intradayTimeframes(env)],
    backfillDays: {
      '1h': hourlyDays,
      '1d': env.BACKFILL_DAYS_1D,
      // Never deeper than the retention: the prune job would delete it again within the hour.
      '5m': Math.min(env.BACKFILL_DAYS_5M ?? retention['5m'], retention['5m']),
      '1m': Math.min(env.BACKFILL_DAYS_1M ?? retention['1m'], retention['1m']),
    },
    pageSize: 1_000,
    concurrency: 2,
  };
}

@Module({
  imports: [StreamModule, MetricsModule],
  controllers: [MarketsController, CatalogueController],
  providers: [
    { provide: MARKET_STREAM, useExisting: StreamPublisher },
    { provide: MarketDataRouter, inject: [AppConfig, CLOCK, CACHE], useFactory: createMarketDataProvider },
    { provide: MARKET_DATA_PROVIDER, useExisting: MarketDataRouter },
    { provide: MARKET_IDS, inject: [MarketDataRouter], useFactory: (router: MarketDataRouter) => router.ids },
    { provide: INGESTION_OPTIONS, inject: [AppConfig], useFactory: ingestionOptions },
    { provide: LIVE_TICKERS, inject: [AppConfig], useFactory: createLiveTickerFeeds },
    {
      provide: POLLER_LEASE,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null): PollerLease =>
        redis ? new RedisLease(redis, `${config.redisPrefix}markets:ticker-poller`, Math.max(3 * config.env.TICKER_POLL_MS, 3_000)) : new InProcessLease(),
    },
    CandlesRepository,
    TrackedMarketsRepository,
    TrackedMarkets,
    MarketCatalogueService,
    IngestionService,
    MarketsService,
    MarketsWorker,
  ],
  exports: [MarketsService, TrackedMarkets, CandlesRepository, MARKET_DATA_PROVIDER, MarketDataRouter, MARKET_IDS],
})
export class MarketsModule implements OnApplicationShutdown {
  constructor(
    @Inject(MARKET_DATA_PROVIDER) private readonly provider: MarketDataProvider,
    @Inject(LIVE_TICKERS) private readonly liveTickers: LiveTickerFeed[],
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.liveTickers.map((feed) => feed.stop()));
    await this.provider.close();
  }
}
