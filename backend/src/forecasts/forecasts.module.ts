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
import { ForecastStore } from './forecast.store';
import { ForecastsController, ModelsController } from './forecasts.controller';
import { ForecastsService } from './forecasts.service';
import { ForecastsWorker } from './forecasts.worker';
import { MarketsForecastData } from './market-data.adapter';
import { ModelLifecycle } from './model-lifecycle';
import { ModelRegistry } from './model-registry';
import { ThreadedModelTrainer } from './threaded-trainer';

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
    { provide: ForecastStore, inject: [getDataSourceToken()], useFactory: (db: DataSource) => new ForecastStore(db) },
    { provide: ModelRegistry, inject: [getDataSourceToken(), CLOCK], useFactory: (db: DataSource, clock: Clock) => new ModelRegistry(db, () => clock.now()) },
    {
      provide: ForecastRunner,
      inject: [FORECAST_MARKET_DATA, ModelRegistry, ForecastStore, FORECAST_PUBLISHER, FORECAST_SETTINGS],
      useFactory: (market: ForecastMarketData, registry: ModelRegistry, store: ForecastStore, publisher: ForecastPublisher, settings: ForecastSettings) => {
        const logger = new Logger('ForecastRunner');
        return new ForecastRunner(market, registry, store, publisher, (message) => logger.warn(message), { graceMs: settings.slotGraceMs });
      },
    },
    {
      provide: ModelLifecycle,
      inject: [FORECAST_MARKET_DATA, ModelRegistry, ForecastStore, MODEL_TRAINER, FORECAST_SETTINGS, CLOCK],
      useFactory: (
        market: ForecastMarketData,
        registry: ModelRegistry,
        store: ForecastStore,
        trainer: ModelTrainer,
        settings: ForecastSettings,
        clock: Clock,
      ) => new ModelLifecycle(market, registry, store, trainer, settings, () => clock.now().getTime()),
    },
    {
      provide: ForecastScheduler,
      inject: [JOB_QUEUE, ForecastStore, FORECAST_MARKET_DATA, FORECAST_SETTINGS],
      useFactory: (queue: JobQueue, store: ForecastStore, market: ForecastMarketData, settings: ForecastSettings) =>
        new ForecastScheduler(queue, store, market, settings),
    },
    ForecastsService,
    ForecastsWorker,
    StoreForecastReader,
    { provide: FORECAST_READER, useExisting: StoreForecastReader },
  ],
  exports: [FORECAST_READER, ForecastStore],
})
export class ForecastsModule {}
