import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricValue } from './support/clients';
import { ScaleCluster } from './support/cluster';
import { waitFor } from './support/processes';

/**
 * Issue 19: a slot of many markets is split into shard jobs that every worker takes from the shared BullMQ queue.
 * Two workers share the start-up catch-up (48 hourly and 7 daily slots) of 8 markets, 4 shards per slot; one is killed mid-slot and not
 * restarted: the survivor finishes the killed worker's shards (BullMQ's stalled-job check hands them over), every
 * market is forecast in every slot, and no forecast is stored twice.
 */
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'XRP', 'ADA', 'DOGE', 'LTC', 'LINK'].map((coin) => `${coin}/USDT`);

describe('forecast shards across two workers (issue 19)', () => {
  let cluster: ScaleCluster;

  beforeAll(async () => {
    cluster = await ScaleCluster.start({
      apiReplicas: 1,
      workers: 1,
      env: { TRACKED_SYMBOLS: SYMBOLS.join(','), BACKFILL_DAYS_1H: '15', FORECAST_SHARD_SIZE: '2', FORECAST_CATCHUP_HOURS: '336', FORECAST_CATCHUP_DAYS: '7' },
    });
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('killing one of two workers mid-slot: the other completes every shard, each forecast stored once', { timeout: 420_000 }, async () => {
    const count = async () => Number((await cluster.sql<{ n: string }>('SELECT count(*) AS n FROM forecasts'))[0].n);
    // A first forecasting run: nothing stored, no job remembered (the cluster's Redis is private to this suite).
    await cluster.workers[0].stop();
    await cluster.sql('DELETE FROM forecasts');
    await cluster.flushRedis();
    // One after the other (the first to boot checks the migrations), then both take shards of the start-up catch-up:
    // 336 hourly and 7 daily slots, 4 shards each, enough work for the second to join while the first is at it.
    const survivor = await cluster.startWorker({}, 1);
    const doomed = await cluster.startWorker({}, 0);
    const slotJobsOf = async (index: number) =>
      metricValue(await cluster.workerMetrics(index), 'coincast_forecast_cycle_seconds_count', { outcome: 'completed', role: 'worker' }) ?? 0;
    await waitFor('the second worker to run shard jobs', async () => (await slotJobsOf(0)) > 0, 120_000, 50);
    await doomed.kill('SIGKILL');
    const atKill = await count();

    const incomplete = async () =>
      cluster.sql<{ horizon: string; origin_time: Date; symbols: string }>(
        `SELECT horizon, origin_time, count(DISTINCT symbol) AS symbols FROM forecasts
          GROUP BY horizon, origin_time HAVING count(DISTINCT symbol) < $1`,
        [SYMBOLS.length],
      );
    // 336 hourly slots × 3 horizons + 7 daily slots × 2 horizons, every one for all 8 markets (naive baseline).
    const slotsComplete = async () => (await incomplete()).length === 0 && (await count()) >= SYMBOLS.length * (336 * 3 + 7 * 2);
    await waitFor('every shard of every slot done by the surviving worker', slotsComplete, 240_000, 1_000);
    expect(await count()).toBeGreaterThanOrEqual(atKill);
    const duplicates = await cluster.sql(`SELECT symbol, horizon, origin_time, model_version, count(*) FROM forecasts GROUP BY 1, 2, 3, 4 HAVING count(*) > 1`);
    expect(duplicates).toEqual([]);
    // Both ran shard jobs: the survivor its own and those the killed worker left.
    expect(await slotJobsOf(1)).toBeGreaterThan(0);
    expect(survivor.running).toBe(true);
  });
});
