import { Logger, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { trainModel } from '@coincast/ml';
import { DataSource } from 'typeorm';
import { FORECAST_READER } from '../alerts/alert-ports';
import { AppConfig } from '../config/app-config';
import { CLOCK, JOB_QUEUE, type Clock, type JobQueue } from '../infra/ports';
import { MarketsModule } from '../markets/markets.module';
import { MetricsModule } from '../metrics/metrics.module';
import { StreamModule } from '../stream/stream.module';
import { StreamPublisher } from '../stream/stream-publisher';
import { StoreForecastReader } from './forecast-reader';
import {
  DEFAULT_FORECAST_SETTINGS,
  FORECAST_MARKET_DATA,
  FORECAST_PUBLISHER,
  FORECAST_SETTINGS,
  MODEL_TRAINER,
  type ForecastMarketData,
  type ForecastPublisher,
  type ForecastSettings,
  type ModelTrainer,
} from './forecast-ports';
import { ForecastRunner } from './forecast-runner';
import { ForecastScheduler } from './forecast-scheduler';
import { createForecastCompute, FORECAST_COMPUTE, forecastThreadCount, type ForecastCompute } from './forecast-compute';
import { MARKET_DATA_PROVIDER, type MarketDataProvider } from '../markets/market-data-provider';
import { ForecastsRepository } from './forecasts.repository';
import { ForecastsController, ModelsController } from './forecasts.controller';
import { ForecastsService } from './forecasts.service';
import { ForecastsWorker } from './forecasts.worker';
import { MarketsForecastData } from './market-data.adapter';
import { ModelLifecycle } from './model-lifecycle';
import { ModelRegistry } from './model-registry.repository';
import { ThreadedIntradayTrainer, ThreadedModelTrainer } from './threaded-trainer';
import { MarketsIntradayData } from './intraday-market-data';
import { DEFAULT_INTRADAY_TRAINING, IntradayModelLifecycle } from './intraday-lifecycle';
import { ML_INTRADAY_MODELS, ML_INTRADAY_TRAINER } from './intraday-models';
import {
  DEFAULT_INTRADAY_SETTINGS,
  INTRADAY_MARKET_DATA,
  INTRADAY_MODEL_SOURCE,
  INTRADAY_SETTINGS,
  INTRADAY_TRAINER,
  type IntradayMarketData,
  type IntradayTrainer,
  type IntradayModelSource,
  type IntradaySettings,
} from './intraday-ports';
import { IntradayForecastRunner } from './intraday-runner';
import { IntradayScheduler } from './intraday-scheduler';
import { IntradayForecastsWorker } from './intraday.worker';

export function forecastSettings(config: AppConfig): ForecastSettings {
  const env = config.env;
  return {
    ...DEFAULT_FORECAST_SETTINGS,
    catchUpSlots: { hourly: env.FORECAST_CATCHUP_HOURS, daily: env.FORECAST_CATCHUP_DAYS },
    retrainIntervalDays: env.FORECAST_RETRAIN_INTERVAL_DAYS,
    promotionMinScored: env.FORECAST_PROMOTION_MIN_SCORED,
    promotionMinIndependent: env.FORECAST_PROMOTION_MIN_INDEPENDENT,
    backtestDays: env.FORECAST_BACKTEST_DAYS,
    driftThreshold: env.FORECAST_DRIFT_KS_THRESHOLD,
    trainHours: env.FORECAST_TRAIN_HOURS,
    slotShardSize: env.FORECAST_SHARD_SIZE,
    trainMaxMarkets: env.FORECAST_TRAIN_MAX_MARKETS,
  };
}

/** ml's default model (ensemble of GARCH+conformal, ridge and small neural nets), or its volatility model alone. */
export function mlTrainer(kind: 'ensemble' | 'vol'): ModelTrainer {
  // 'ensemble' and 'vol' are names (or aliases) in ml's one model registry.
  return { train: (histories, until) => trainModel(kind, histories, { until }) };
}

/**
 * Forecasting: scheduler, jobs, model registry, live scoring, champion/challenger lifecycle, API.
 * Exports FORECAST_READER, which the alerts module imports for forecast_move rules.
 */
@Module({
  imports: [MarketsModule, StreamModule, MetricsModule],
  controllers: [ForecastsController, ModelsController],
  providers: [
    { provide: FORECAST_SETTINGS, inject: [AppConfig], useFactory: forecastSettings },
    { provide: FORECAST_MARKET_DATA, useClass: MarketsForecastData },
    {
      provide: MODEL_TRAINER,
      inject: [AppConfig],
      useFactory: (config: AppConfig): ModelTrainer => {
        const kind = config.env.FORECAST_MODEL;
        const logger = new Logger('ModelTrainer');
        return new ThreadedModelTrainer(kind, mlTrainer(kind), (message) => logger.warn(message));
      },
    },
    {
      provide: FORECAST_PUBLISHER,
      inject: [StreamPublisher],
      useFactory: (stream: StreamPublisher): ForecastPublisher => ({ publish: (event) => stream.toSymbol(event.symbol, 'forecast', event) }),
    },
    ForecastsRepository,
    { provide: ModelRegistry, inject: [getDataSourceToken(), CLOCK], useFactory: (db: DataSource, clock: Clock) => new ModelRegistry(db, () => clock.now()) },
    {
      provide: FORECAST_COMPUTE,
      inject: [AppConfig, MARKET_DATA_PROVIDER],
      useFactory: (config: AppConfig, provider: MarketDataProvider): ForecastCompute => {
        const logger = new Logger('ForecastCompute');
        // Only a process that forecasts starts threads (an api replica never runs a slot). On PostgreSQL the threads
        // read the candles too; the embedded PGlite lives on this thread, so there they only compute.
        const threads = config.runsForecasts ? (config.env.FORECAST_THREADS ?? forecastThreadCount()) : 0;
        const store = config.databaseUrl ? { databaseUrl: config.databaseUrl, home: provider.exchange } : undefined;
        return createForecastCompute(threads, (message) => logger.warn(message), store);
      },
    },
    {
      provide: ForecastRunner,
      inject: [FORECAST_MARKET_DATA, ModelRegistry, ForecastsRepository, FORECAST_PUBLISHER, FORECAST_SETTINGS, FORECAST_COMPUTE],
      useFactory: (
        market: ForecastMarketData,
        registry: ModelRegistry,
        store: ForecastsRepository,
        publisher: ForecastPublisher,
        settings: ForecastSettings,
        compute: ForecastCompute,
      ) => {
        const logger = new Logger('ForecastRunner');
        return new ForecastRunner(market, registry, store, publisher, (message) => logger.warn(message), { graceMs: settings.slotGraceMs }, compute);
      },
    },
    {
      provide: ModelLifecycle,
      inject: [FORECAST_MARKET_DATA, ModelRegistry, ForecastsRepository, MODEL_TRAINER, FORECAST_SETTINGS, CLOCK],
      useFactory: (
        market: ForecastMarketData,
        registry: ModelRegistry,
        store: ForecastsRepository,
        trainer: ModelTrainer,
        settings: ForecastSettings,
        clock: Clock,
      ) => new ModelLifecycle(market, registry, store, trainer, settings, () => clock.now().getTime()),
    },
    {
      provide: ForecastScheduler,
      inject: [JOB_QUEUE, ForecastsRepository, FORECAST_MARKET_DATA, FORECAST_SETTINGS],
      useFactory: (queue: JobQueue, store: ForecastsRepository, market: ForecastMarketData, settings: ForecastSettings) =>
        new ForecastScheduler(queue, store, market, settings),
    },
    // The 5-minute slots of the sub-hour horizons (issue 21): their own market data, models, queue and worker.
    {
      provide: INTRADAY_SETTINGS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): IntradaySettings => ({ ...DEFAULT_INTRADAY_SETTINGS, slotShardSize: config.env.FORECAST_SHARD_SIZE }),
    },
    { provide: INTRADAY_MARKET_DATA, useClass: MarketsIntradayData },
    { provide: INTRADAY_MODEL_SOURCE, useValue: ML_INTRADAY_MODELS },
    {
      provide: IntradayForecastRunner,
      inject: [INTRADAY_MARKET_DATA, ModelRegistry, ForecastsRepository, FORECAST_PUBLISHER, INTRADAY_MODEL_SOURCE, INTRADAY_SETTINGS],
      useFactory: (
        market: IntradayMarketData,
        registry: ModelRegistry,
        store: ForecastsRepository,
        publisher: ForecastPublisher,
        models: IntradayModelSource,
        settings: IntradaySettings,
      ) => {
        const logger = new Logger('IntradayForecastRunner');
        return new IntradayForecastRunner(market, registry, store, publisher, models, (message) => logger.warn(message), { graceMs: settings.slotGraceMs });
      },
    },
    {
      provide: IntradayScheduler,
      inject: [JOB_QUEUE, ForecastsRepository, INTRADAY_MARKET_DATA, INTRADAY_SETTINGS],
      useFactory: (queue: JobQueue, store: ForecastsRepository, market: IntradayMarketData, settings: IntradaySettings) =>
        new IntradayScheduler(queue, store, market, settings),
    },
    {
      provide: INTRADAY_TRAINER,
      useFactory: () => {
        const logger = new Logger('IntradayTraining');
        return new ThreadedIntradayTrainer(ML_INTRADAY_TRAINER, (message) => logger.warn(message));
      },
    },
    {
      provide: IntradayModelLifecycle,
      inject: [INTRADAY_MARKET_DATA, ModelRegistry, INTRADAY_TRAINER, AppConfig],
      useFactory: (market: IntradayMarketData, registry: ModelRegistry, trainer: IntradayTrainer, config: AppConfig) =>
        new IntradayModelLifecycle(market, registry, trainer, {
          ...DEFAULT_INTRADAY_TRAINING,
          trainDays: Math.min(DEFAULT_INTRADAY_TRAINING.trainDays, config.env.CANDLE_RETENTION_DAYS_5M),
          minTrainingDays: Math.min(DEFAULT_INTRADAY_TRAINING.minTrainingDays, config.env.CANDLE_RETENTION_DAYS_5M - 1),
          retrainIntervalDays: config.env.FORECAST_RETRAIN_INTERVAL_DAYS,
        }),
    },
    IntradayForecastsWorker,
    ForecastsService,
    ForecastsWorker,
    StoreForecastReader,
    { provide: FORECAST_READER, useExisting: StoreForecastReader },
  ],
  exports: [FORECAST_READER, ForecastsRepository],
})
export class ForecastsModule {}
