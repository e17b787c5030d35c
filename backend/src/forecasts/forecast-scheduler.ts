import type { JobName, LifecycleJob, SlotJob, TrainJob } from '../infra/jobs';
import type { JobQueue } from '../infra/ports';
import { FORECAST_QUEUE, TRAINING_QUEUE, type ForecastMarketData, type ForecastSettings } from './forecast-ports';
import type { ForecastsRepository } from './forecasts.repository';
import { GROUP_STEP_MS, HORIZON_GROUPS, latestSlot, slotShardJobId, slotsToRun, type HorizonGroup } from './slots';

/** The payloads live in the job map (infra/jobs.ts); these names stay for the forecasting code and its tests. */
export type SlotJobData = SlotJob;
export type LifecycleJobData = LifecycleJob;
export type TrainJobData = TrainJob;

export const JOB_SLOT = 'forecast-slot' satisfies JobName;
export const JOB_LIFECYCLE = 'model-lifecycle' satisfies JobName;
export const JOB_TRAIN = 'model-train' satisfies JobName;

/**
 * The cron side of forecasting: it only ENQUEUES. Each due slot (and any slot missed while nothing ran, up to the
 * catch-up limit) becomes a job with a deterministic id such as `forecast:hourly:2025-05-31T23`, so any number of
 * replicas ticking at once leave one job per slot; the job itself is idempotent as well (unique key in the store).
 * A slot of more than `slotShardSize` markets is split into shards (`…T23:2-of-8`), one job each, so several
 * workers share a slot and a retry redoes only its own markets.
 */
export class ForecastScheduler {
  constructor(
    private readonly queue: JobQueue,
    private readonly store: ForecastsRepository,
    private readonly market: ForecastMarketData,
    private readonly settings: ForecastSettings,
  ) {}

  /** Enqueues the due slots of both groups and the day's lifecycle pass; returns the job ids asked for. */
  async tick(): Promise<string[]> {
    // A slot is enqueued once its candle is stored for at least one coin (no job wasted before ingestion catches
    // up); coins still lagging make the job fail and retry with backoff.
    const ready = await this.market.candlesReadyUntil();
    if (ready === undefined) return [];
    const now = Math.min(this.market.now(), ready);
    const ids: string[] = [];
    // Newest first, and the newest slot of every group before any catch-up: after a start or downtime the current
    // forecasts of all five horizons are served before the catch-up history.
    const pending: Array<{ group: HorizonGroup; slot: number; rank: number }> = [];
    for (const group of HORIZON_GROUPS) {
      // While a backfill is still far behind the clock, the newest stored candle is weeks old: a slot there would be
      // served as "the latest forecast" although it is out of date on arrival. Wait until the candles reach the
      // group's catch-up window; ingestion gets there within minutes.
      const catchUp = Math.max(1, this.settings.catchUpSlots[group]);
      if (latestSlot(group, now) < latestSlot(group, this.market.now()) - (catchUp - 1) * GROUP_STEP_MS[group]) continue;
      const lastDone = await this.store.lastSlot(group);
      slotsToRun(group, now, lastDone, this.settings.catchUpSlots[group])
        .reverse()
        .forEach((slot, rank) => pending.push({ group, slot, rank }));
    }
    pending.sort((a, b) => Math.min(a.rank, 1) - Math.min(b.rank, 1));
    const markets = pending.length > 0 ? (await this.market.trackedSymbols()).length : 0;
    const count = Math.max(1, Math.ceil(markets / Math.max(1, this.settings.slotShardSize)));
    for (const { group, slot } of pending) {
      for (let index = 0; index < count; index++) {
        const shard = { index, count };
        const jobId = slotShardJobId(group, slot, shard);
        await this.queue.enqueue(FORECAST_QUEUE, JOB_SLOT, count === 1 ? { group, slot } : { group, slot, shard }, {
          jobId,
          attempts: this.settings.slotAttempts,
          backoffMs: this.settings.slotBackoffMs,
        });
        ids.push(jobId);
      }
    }
    const day = latestSlot('daily', this.market.now());
    const lifecycleId = `forecast:lifecycle:${new Date(day).toISOString().slice(0, 10)}`;
    await this.queue.enqueue(FORECAST_QUEUE, JOB_LIFECYCLE, { day }, { jobId: lifecycleId, attempts: 3, backoffMs: 60_000 });
    ids.push(lifecycleId);
    return ids;
  }

  /** Asks for a training run; `key` makes repeated requests for the same reason collapse into one job. */
  async requestTraining(reason: string, key: string, options: { initial?: boolean } = {}): Promise<string> {
    const jobId = `forecast:train:${key}`;
    await this.queue.enqueue(TRAINING_QUEUE, JOB_TRAIN, { reason, initial: options.initial }, { jobId, attempts: 2, backoffMs: 60_000 });
    return jobId;
  }
}
