import type { JobName } from '../infra/jobs';
import type { JobQueue } from '../infra/ports';
import type { ForecastsRepository } from './forecasts.repository';
import { INTRADAY_QUEUE, type IntradayMarketData, type IntradaySettings } from './intraday-ports';
import { GROUP_STEP_MS, INTRADAY_GROUP, latestSlot, slotShardJobId, slotsToRun } from './slots';

export const JOB_INTRADAY_SLOT = 'forecast-intraday-slot' satisfies JobName;

/**
 * The cron side of the 5-minute slots: it only ENQUEUES, like ForecastScheduler. Each due slot (and the missed
 * ones, up to the catch-up limit, newest first) becomes a job with a deterministic id such as
 * `forecast:intraday:2025-05-31T23:05` (sharded as `…:2-of-8` above the shard size), on the `forecasts-intraday`
 * queue: its own BullMQ worker, so a 5-minute slot never waits behind an hourly slot or the daily lifecycle, and
 * an hourly slot never waits behind it.
 */
export class IntradayScheduler {
  constructor(
    private readonly queue: JobQueue,
    private readonly store: ForecastsRepository,
    private readonly market: IntradayMarketData,
    private readonly settings: IntradaySettings,
  ) {}

  async tick(): Promise<string[]> {
    const ready = await this.market.candlesReadyUntil();
    if (ready === undefined) return [];
    const marketNow = this.market.now();
    const now = Math.min(marketNow, ready);
    const catchUp = Math.max(1, this.settings.catchUpSlots);
    // A backfill still behind the catch-up window would serve an old forecast as the latest: wait for it.
    if (latestSlot(INTRADAY_GROUP, now) < latestSlot(INTRADAY_GROUP, marketNow) - (catchUp - 1) * GROUP_STEP_MS.intraday) return [];
    const slots = slotsToRun(INTRADAY_GROUP, now, await this.store.lastSlot(INTRADAY_GROUP), catchUp).reverse();
    if (slots.length === 0) return [];
    const markets = (await this.market.trackedSymbols()).length;
    const count = Math.max(1, Math.ceil(markets / Math.max(1, this.settings.slotShardSize)));
    const ids: string[] = [];
    for (const slot of slots) {
      for (let index = 0; index < count; index++) {
        const shard = { index, count };
        const jobId = slotShardJobId(INTRADAY_GROUP, slot, shard);
        await this.queue.enqueue(INTRADAY_QUEUE, JOB_INTRADAY_SLOT, count === 1 ? { slot } : { slot, shard }, {
          jobId,
          attempts: this.settings.slotAttempts,
          backoffMs: this.settings.slotBackoffMs,
        });
        ids.push(jobId);
      }
    }
    return ids;
  }
}
