import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, type JobHandlers, type JobOf, type JobQueue } from '../infra/ports';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { intradayTimeframes } from '../markets/intraday-config';
import { CandlesNotReadyError, ForecastRunner } from './forecast-runner';
import { windowStart } from './forecast-scoring';
import { ForecastsRepository } from './forecasts.repository';
import { IntradayModelLifecycle } from './intraday-lifecycle';
import {
  INTRADAY_MARKET_DATA,
  INTRADAY_QUEUE,
  INTRADAY_SETTINGS,
  INTRADAY_TRAINING_QUEUE,
  type IntradayMarketData,
  type IntradaySettings,
} from './intraday-ports';
import { IntradayForecastRunner } from './intraday-runner';
import { IntradayScheduler } from './intraday-scheduler';
import { ModelRegistry } from './model-registry.repository';
import { INTRADAY_GROUP, INTRADAY_SLOT_HORIZONS } from './slots';

/** How often the cron looks for a due 5-minute slot (wall clock; a replay at speed 60 has one every 5 seconds). */
export const INTRADAY_TICK_MS = 5_000;
const HOUR_MS = 3_600_000;

/**
 * Worker side of the 5-minute slots (when forecasts run and INTRADAY_TIMEFRAMES has 5m): registers the intraday
 * group's naive baseline as its champion when it has none, processes the `forecasts-intraday` queue (its own worker:
 * never behind an hourly slot job), and runs the trigger that enqueues due slots with deterministic ids. After each
 * slot the due forecasts are scored (live, beside naive, the same scoring as the hourly ones); once an hour the
 * sub-hour forecasts older than their retention are deleted.
 */
@Injectable()
export class IntradayForecastsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('IntradayForecasts');

  constructor(
    private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly registry: ModelRegistry,
    private readonly runner: IntradayForecastRunner,
    private readonly scheduler: IntradayScheduler,
    private readonly scorer: ForecastRunner,
    private readonly store: ForecastsRepository,
    @Inject(INTRADAY_MARKET_DATA) private readonly market: IntradayMarketData,
    @Inject(INTRADAY_SETTINGS) private readonly settings: IntradaySettings,
    private readonly triggers: PeriodicTriggers,
    private readonly lifecycle: IntradayModelLifecycle,
  ) {}

  /** Whether this process runs the 5-minute slots. */
  get enabled(): boolean {
    return this.config.runsForecasts && intradayTimeframes(this.config.env).includes('5m');
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) return;
    await this.registry.ensureBaseline([INTRADAY_GROUP]);
    this.queue.process(INTRADAY_QUEUE, this.jobHandlers, { concurrency: 1 });
    this.queue.process(INTRADAY_TRAINING_QUEUE, this.trainingJobs, { concurrency: 1 });
    this.triggers.every('forecasts:intraday-tick', INTRADAY_TICK_MS, () => this.tick(), { runNow: true });
  }

  readonly jobHandlers: JobHandlers<typeof INTRADAY_QUEUE> = {
    'forecast-intraday-slot': (job) => this.runSlotJob(job),
  };

  readonly trainingJobs: JobHandlers<typeof INTRADAY_TRAINING_QUEUE> = {
    'intraday-model-train': async (job) => {
      const record = await this.lifecycle.train(job.data.reason);
      this.logger.log(`sub-hour model ${record.version}: ${record.status} (${job.data.reason})`);
    },
  };

  /**
   * Once an hour (with the hourly retention pass): enqueues the sub-hour model's training when it is due (none
   * trained yet, or the newest older than FORECAST_RETRAIN_INTERVAL_DAYS) and enough 5-minute candles are stored;
   * one job a day at most (deterministic id). Off with FORECAST_INITIAL_TRAINING=false.
   */
  async requestTrainingIfDue(): Promise<string | null> {
    if (!this.config.env.FORECAST_INITIAL_TRAINING || this.config.env.FORECAST_RETRAIN_INTERVAL_DAYS <= 0) return null;
    const reason = await this.lifecycle.due();
    if (!reason) return null;
    const jobId = `forecast:intraday-train:${new Date(this.market.now()).toISOString().slice(0, 10)}`;
    await this.queue.enqueue(INTRADAY_TRAINING_QUEUE, 'intraday-model-train', { reason }, { jobId });
    return jobId;
  }

  async tick(): Promise<string[]> {
    try {
      return await this.scheduler.tick();
    } catch (error) {
      this.logger.warn(`intraday scheduler tick failed: ${(error as Error).message}`);
      return [];
    }
  }

  private async runSlotJob(job: JobOf<'forecast-intraday-slot'>): Promise<void> {
    const { slot, shard } = job.data;
    try {
      const result = await this.runner.runSlot(slot, shard);
      this.logger.debug?.(`slot ${job.id}: ${result.inserted} sub-hour forecasts for ${result.symbols} coins`);
    } catch (error) {
      if (!(error instanceof CandlesNotReadyError)) throw error;
      this.logger.debug?.(error.message);
      await this.scorer.scoreDue();
      throw error; // retried with backoff until the candles are ingested
    }
    await this.scorer.scoreDue();
    if (slot % HOUR_MS === 0 && (shard?.index ?? 0) === 0) {
      await this.pruneExpired();
      await this.requestTrainingIfDue().catch((error: unknown) => this.logger.warn(`sub-hour training check failed: ${(error as Error).message}`));
    }
  }

  /** Retention of the sub-hour forecasts (INTRADAY_SETTINGS.retentionDays after their target). */
  async pruneExpired(): Promise<number> {
    const deleted = await this.store.pruneHorizonsBefore(windowStart(this.market.now(), this.settings.retentionDays), INTRADAY_SLOT_HORIZONS);
    if (deleted > 0) this.logger.log(`retention: deleted ${deleted} sub-hour forecasts older than ${this.settings.retentionDays} days`);
    return deleted;
  }
}
