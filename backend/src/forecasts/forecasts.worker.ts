import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JOB_QUEUE, type JobHandlers, type JobOf, type JobQueue } from '../infra/ports';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { MetricsService } from '../metrics/metrics.service';
import { FORECAST_MARKET_DATA, FORECAST_QUEUE, TRAINING_QUEUE, type ForecastMarketData } from './forecast-ports';
import { CandlesNotReadyError, ForecastRunner } from './forecast-runner';
import { ForecastScheduler } from './forecast-scheduler';
import { ForecastsRepository } from './forecasts.repository';
import { ModelLifecycle } from './model-lifecycle';
import { ModelRegistry } from './model-registry.repository';
import { HORIZON_GROUPS } from './slots';
import { windowStart } from './forecast-scoring';

/** How often the cron looks for due slots (wall clock). Cheap: one MAX() per group and idempotent enqueues. */
export const SCHEDULER_TICK_MS = 30_000;
const INITIAL_TRAINING_REASON = 'initial model: the registry has no trained model';

/**
 * Worker side of forecasting. The cron (a PeriodicTriggers trigger) only enqueues slot jobs with deterministic ids; the queue's
 * processors (on every worker replica) run them. At start it registers the naive baseline when the registry is
 * empty, asks for the initial training in the background, and catches up missed slots.
 */
@Injectable()
export class ForecastsWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Forecasts');
  private started = false;
  /** Property-injected so the hand-built workers of the forecasting tests keep their constructor. */
  @Inject(PeriodicTriggers) private readonly triggers!: PeriodicTriggers;

  constructor(
    private readonly config: AppConfig,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly registry: ModelRegistry,
    private readonly runner: ForecastRunner,
    private readonly lifecycle: ModelLifecycle,
    private readonly scheduler: ForecastScheduler,
    private readonly store: ForecastsRepository,
    @Inject(FORECAST_MARKET_DATA) private readonly market: ForecastMarketData,
    private readonly metrics: MetricsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Other domains' tests boot the whole app: forecasting stays off there unless a test turns it on.
    if (!this.config.runsForecasts) return;
    await this.registry.ensureBaseline();
    this.queue.process(FORECAST_QUEUE, this.forecastJobs, { concurrency: 1 });
    this.queue.process(TRAINING_QUEUE, this.trainingJobs, { concurrency: 1 });
    this.started = true;
    // runNow: start-up does not wait on the market source (tracked symbols may need the exchange).
    this.triggers.every('forecasts:scheduler-tick', SCHEDULER_TICK_MS, () => this.tick(), { runNow: true });
  }

  /** The cron side: enqueues due slot jobs (deterministic ids), run by the 'forecasts:scheduler-tick' trigger. */
  async tick(): Promise<void> {
    if (!this.started) return;
    try {
      const enqueued = await this.scheduler.tick();
      // Empty registry: ask for the initial model once candles exist (at most one request per market hour; a job
      // that finds a trained model already there does nothing), while naive forecasts are served.
      if (enqueued.length > 0 && this.config.env.FORECAST_INITIAL_TRAINING && !(await this.registry.hasTrainedModel())) {
        await this.scheduler.requestTraining(INITIAL_TRAINING_REASON, `initial:${new Date(this.market.now()).toISOString().slice(0, 13)}`, { initial: true });
      }
    } catch (error) {
      this.logger.warn(`forecast scheduler tick failed: ${(error as Error).message}`);
    }
  }

  /** The forecasting domain's job handler tables (infra/jobs.ts): one handler per job of each queue. */
  readonly forecastJobs: JobHandlers<typeof FORECAST_QUEUE> = {
    'forecast-slot': (job) => this.runSlotJob(job),
    'model-lifecycle': (job) => this.runLifecycleJob(job),
  };
  readonly trainingJobs: JobHandlers<typeof TRAINING_QUEUE> = {
    'model-train': (job) => this.onTrainingJob(job),
  };
  private async runSlotJob(job: JobOf<'forecast-slot'>): Promise<void> {
    const { group, slot, shard } = job.data;
    const started = performance.now();
    try {
      const result = await this.runner.runSlot(group, slot, shard);
      this.metrics.observeForecastCycle((performance.now() - started) / 1000);
      this.logger.log(`slot ${job.id}: ${result.inserted} forecasts for ${result.symbols} coins`);
    } catch (error) {
      this.metrics.observeForecastCycle((performance.now() - started) / 1000, 'failed');
      if (!(error instanceof CandlesNotReadyError)) throw error;
      this.logger.debug?.(error.message);
      await this.runner.scoreDue();
      throw error; // retried with backoff until the candles are ingested
    }
    await this.runner.scoreDue();
  }

  private async runLifecycleJob(job: JobOf<'model-lifecycle'>): Promise<void> {
    const { day } = job.data;
    for (const group of HORIZON_GROUPS) {
      const outcome = await this.lifecycle.evaluate(group, async (reason) => {
        // Without any trained model this is the initial training: share its job id so it runs once.
        // Without any trained model, the tick's initial training is what is needed (and already asked for).
        if (!(await this.registry.hasTrainedModel())) return;
        await this.registry.log('retrain_requested', reason, group, null);
        await this.scheduler.requestTraining(reason, `auto:${new Date(day).toISOString().slice(0, 10)}`);
      });
      this.logger.log(`lifecycle ${group}: rollback=${outcome.rollback?.act ?? false} retrain=${outcome.retrain.act} (${outcome.retrain.reason})`);
    }
    await this.pruneExpiredForecasts();
  }

  /** Retention (FORECAST_RETENTION_DAYS), run with the daily lifecycle job so one worker does it once a day. */
  async pruneExpiredForecasts(): Promise<number> {
    const days = this.config.env.FORECAST_RETENTION_DAYS;
    if (days === 0) return 0;
    const deleted = await this.store.pruneBefore(windowStart(this.market.now(), days));
    if (deleted > 0) this.logger.log(`retention: deleted ${deleted} forecasts whose target is more than ${days} days old`);
    return deleted;
  }

  async onTrainingJob(job: JobOf<'model-train'>): Promise<void> {
    if (job.data.initial && (await this.registry.hasTrainedModel())) return; // an earlier request got there first
    const records = await this.lifecycle.train(job.data.reason);
    this.logger.log(`trained ${records[0]?.version ?? '?'} (${job.data.reason})`);
    // Give the new model forecasts for the latest slot right away (a champion serves them; a challenger shadows).
    for (const record of records) {
      if (record.horizonGroup === 'intraday') continue; // the sub-hour slots come every 5 minutes anyway
      const last = await this.store.lastSlot(record.horizonGroup);
      if (last !== undefined) await this.runner.runSlot(record.horizonGroup, last).catch(() => undefined);
    }
  }
}
