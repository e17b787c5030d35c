import { randomBytes } from 'node:crypto';
import { etsModel } from '@coincast/ml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/app-config';
import { FORECAST_QUEUE } from '../../src/forecasts/forecast-ports';
import { CandlesNotReadyError } from '../../src/forecasts/forecast-runner';
import { ForecastsWorker } from '../../src/forecasts/forecasts.worker';
import { scoreForecast } from '../../src/forecasts/forecast-scoring';
import { InProcessJobQueue } from '../../src/infra/in-process';
import { jobDispatcher } from '../../src/infra/job-dispatch';
import type { Job, JobQueue } from '../../src/infra/ports';
import { BullJobQueue } from '../../src/infra/redis';
import type { MetricsService } from '../../src/metrics/metrics.service';
import { deleteRedisPrefix } from '../support/test-app';
import { buildRig, createForecastDb, DAY, FixtureMarket, FixtureTrainer, HOUR, waitFor, type ForecastRig } from './forecast-fixtures';
import type { DataSource } from 'typeorm';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const START = Date.UTC(2025, 0, 1);
// Market "now": 20 minutes after the 2025-03-01T12:00 close; 60 days of hourly candles exist before it.
const NOW = Date.UTC(2025, 2, 1, 12, 20);
const useRedis = process.env.CI === 'true' || !!process.env.TEST_DATABASE_URL;

/** Queues shared by "replicas": one in-process queue, or (CI) two BullMQ clients on the same Redis prefix. */
function makeQueues(): { queues: [JobQueue, JobQueue]; close(): Promise<void> } {
  if (!useRedis) {
    const q = new InProcessJobQueue();
    return { queues: [q, q], close: async () => q.close() };
  }
  const prefix = `coincast-test:${randomBytes(4).toString('hex')}:`;
  const url = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const a = new BullJobQueue(url, prefix);
  const b = new BullJobQueue(url, prefix);
  return {
    queues: [a, b],
    close: async () => {
      await a.close();
      await b.close();
      await deleteRedisPrefix(prefix);
    },
  };
}

/** Wires a rig's jobs to a queue as a worker replica would, recording every slot job that ran. */
function startWorker(rig: ForecastRig, queue: JobQueue, runs: string[]): ForecastsWorker {
  const metrics = { observeForecastCycle: () => undefined } as unknown as MetricsService;
  const worker = new ForecastsWorker({} as AppConfig, queue, rig.registry, rig.runner, rig.lifecycle, rig.scheduler, rig.store, rig.market, metrics);
  const dispatch = jobDispatcher(FORECAST_QUEUE, worker.forecastJobs);
  queue.process(FORECAST_QUEUE, async (job: Job<unknown>) => {
    await dispatch(job);
    // Recorded once the slot's rows are stored: a test that waits for N runs may then read the store.
    if (job.name === 'forecast-slot') runs.push(job.id);
  });
  return worker;
}

async function countRows(db: DataSource, where = 'true'): Promise<number> {
  const rows: Array<{ n: string }> = await db.query(`SELECT count(*) AS n FROM forecasts WHERE ${where}`);
  return Number(rows[0]!.n);
}

describe('forecast scheduler and runner', () => {
  let db: DataSource;
  let closeDb: () => Promise<void>;
  let closeQueues: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ db, close: closeDb } = await createForecastDb());
  });
  afterAll(async () => closeDb());
  afterEach(async () => {
    await closeQueues?.();
    closeQueues = undefined;
    await db.query('DELETE FROM forecasts');
    await db.query('DELETE FROM model_events');
    await db.query('DELETE FROM forecast_models');
    await db.query('DELETE FROM forecast_model_artifacts');
  });

  it('two schedulers ticking at once produce one run per slot, and every coin gets all horizons', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 60 * 24 + 13, NOW);
    const { queues, close } = makeQueues();
    closeQueues = close;
    const trainer = new FixtureTrainer(() => etsModel());
    const a = buildRig(db, market, queues[0], trainer, { catchUpSlots: { hourly: 3, daily: 2 } });
    const b = buildRig(db, market, queues[1], trainer, { catchUpSlots: { hourly: 3, daily: 2 } });
    await a.registry.ensureBaseline();
    await b.registry.ensureBaseline(); // the second replica finds the champions already there
    const runs: string[] = [];
    startWorker(a, queues[0], runs);
    if (queues[1] !== queues[0]) startWorker(b, queues[1], runs);

    const [idsA, idsB] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(idsA).toEqual(idsB);
    expect(idsA).toContain('forecast:hourly:2025-03-01T12');
    expect(idsA).toContain('forecast:daily:2025-03-01');
    // The newest slot of each group comes before any catch-up slot (all five horizons current first).
    expect(idsA.slice(0, 2)).toEqual(['forecast:hourly:2025-03-01T12', 'forecast:daily:2025-03-01']);
    const slotIds = idsA.filter((id) => id.startsWith('forecast:hourly') || id.startsWith('forecast:daily'));
    expect(slotIds).toHaveLength(5); // 3 hourly + 2 daily catch-up slots
    await waitFor(() => runs.length >= slotIds.length);
    await new Promise((r) => setTimeout(r, 300)); // any duplicate run would show up now
    expect(runs).toHaveLength(slotIds.length);
    expect(new Set(runs).size).toBe(runs.length);

    // Naive only (empty registry): 3 coins × (3 hourly slots × 3 horizons + 2 daily slots × 2 horizons).
    expect(await countRows(db)).toBe(3 * (3 * 3 + 2 * 2));
    const latest = await a.store.latestServed(SYMBOLS);
    for (const symbol of SYMBOLS) {
      expect(
        latest
          .filter((f) => f.symbol === symbol)
          .map((f) => f.horizon)
          .sort(),
      ).toEqual(['1h', '24h', '30d', '4h', '7d']);
    }
    expect(latest.every((f) => f.isNaive)).toBe(true);
    const events = await a.registry.events();
    expect(events.filter((e) => e.kind === 'baseline_serving')).toHaveLength(2); // one per group, not per replica
  });

  it('a slot of many markets fans out into shard jobs that two workers share; each market is forecast once (issue 19)', async () => {
    const symbols = Array.from({ length: 40 }, (_, i) => `C${String(i).padStart(2, '0')}/USDT`);
    const market = new FixtureMarket(symbols, START, 60 * 24 + 13, NOW);
    const { queues, close } = makeQueues();
    closeQueues = close;
    const trainer = new FixtureTrainer(() => etsModel());
    const settings = { catchUpSlots: { hourly: 1, daily: 1 }, slotShardSize: 8 };
    const a = buildRig(db, market, queues[0], trainer, settings);
    const b = buildRig(db, market, queues[1], trainer, settings);
    await a.registry.ensureBaseline();
    const runsA: string[] = [];
    const runsB: string[] = [];
    startWorker(a, queues[0], runsA);
    startWorker(b, queues[1], runsB);

    const [idsA, idsB] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(idsA).toEqual(idsB);
    const hourly = idsA.filter((id) => id.startsWith('forecast:hourly'));
    expect(hourly).toEqual([1, 2, 3, 4, 5].map((i) => `forecast:hourly:2025-03-01T12:${i}-of-5`)); // 40 markets / 8 per job
    const slotIds = idsA.filter((id) => !id.includes('lifecycle'));
    await waitFor(() => runsA.length + runsB.length >= slotIds.length);
    await new Promise((r) => setTimeout(r, 300)); // any duplicate run would show up now
    const runs = [...runsA, ...runsB];
    // Every shard ran exactly once, on either worker (BullMQ spells the ids with '_' for ':').
    expect(runs).toHaveLength(slotIds.length);
    expect(new Set(runs).size).toBe(slotIds.length);
    // Every market has exactly one row per horizon of the slot: 40 × (3 hourly + 2 daily horizons).
    const perMarket: Array<{ symbol: string; n: string }> = await db.query(`SELECT symbol, count(*) AS n FROM forecasts GROUP BY symbol`);
    expect(perMarket).toHaveLength(40);
    expect(perMarket.every((row) => Number(row.n) === 5)).toBe(true);
    // Each market's socket event came once, from whichever worker ran its shard.
    const published = [...a.publisher.events, ...b.publisher.events].filter((event) => event.forecasts.some((f) => f.horizon === '1h'));
    expect(published.map((event) => event.symbol).sort()).toEqual(symbols);
  });

  it('catches up the slots missed during downtime, and only those', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 60 * 24 + 20, NOW);
    const queue = new InProcessJobQueue();
    closeQueues = async () => queue.close();
    const rig = buildRig(db, market, queue, new FixtureTrainer(() => etsModel()), { catchUpSlots: { hourly: 2, daily: 1 } });
    await rig.registry.ensureBaseline();
    const runs: string[] = [];
    startWorker(rig, queue, runs);
    await rig.scheduler.tick();
    await waitFor(() => runs.length === 3);

    // The worker is down for 5 hours; on restart a new scheduler finds the last slot in the store.
    market.clock = NOW + 5 * HOUR;
    const queue2 = new InProcessJobQueue();
    const rig2 = buildRig(db, market, queue2, new FixtureTrainer(() => etsModel()), { catchUpSlots: { hourly: 24, daily: 1 } });
    const runs2: string[] = [];
    startWorker(rig2, queue2, runs2);
    const ids = await rig2.scheduler.tick();
    closeQueues = async () => {
      queue.close();
      queue2.close();
    };
    // Newest first, so the current forecast is served before the catch-up history.
    expect(ids.filter((id) => id.startsWith('forecast:hourly'))).toEqual([17, 16, 15, 14, 13].map((h) => `forecast:hourly:2025-03-01T${h}`));
    expect(ids.some((id) => id.startsWith('forecast:daily'))).toBe(false); // the day's slot is already done
    await waitFor(() => runs2.length === 5);
    for (let h = 11; h <= 17; h++) {
      expect(await countRows(db, `origin_time = '${new Date(Date.UTC(2025, 2, 1, h)).toISOString()}'`)).toBe(SYMBOLS.length * 3);
    }
    // The 1h forecasts made before the downtime have been scored by the catch-up runs.
    expect(await countRows(db, `horizon = '1h' AND actual IS NOT NULL`)).toBeGreaterThanOrEqual(SYMBOLS.length * 6);
    // And a tick right after catching up has nothing new to run.
    expect((await rig2.scheduler.tick()).filter((id) => id.startsWith('forecast:hourly'))).toEqual([]);
  });

  it('enqueues no slot while the backfill is still weeks behind the clock, and the current slot once it has caught up', async () => {
    // Fresh start: ingestion has stored candles only up to 37 days ago so far. A slot there would be served as the
    // newest forecast although it is out of date on arrival (seen on a first replay start).
    const market = new FixtureMarket(SYMBOLS, START, 60 * 24 + 20, NOW);
    for (const symbol of SYMBOLS) market.ingestedUntil.set(symbol, NOW - 37 * DAY);
    const queue = new InProcessJobQueue();
    closeQueues = async () => queue.close();
    const rig = buildRig(db, market, queue, new FixtureTrainer(() => etsModel()), { catchUpSlots: { hourly: 4, daily: 1 } });
    await rig.registry.ensureBaseline();
    expect((await rig.scheduler.tick()).filter((id) => !id.startsWith('forecast:lifecycle'))).toEqual([]);

    for (const symbol of SYMBOLS) market.ingestedUntil.delete(symbol);
    const ids = await rig.scheduler.tick();
    expect(ids[0]).toBe('forecast:hourly:2025-03-01T12');
    expect(ids).toContain('forecast:daily:2025-03-01');
  });

  it('a rerun of a slot changes nothing and publishes nothing', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 60 * 24 + 13, NOW);
    const rig = buildRig(db, market, new InProcessJobQueue(), new FixtureTrainer(() => etsModel()));
    await rig.registry.ensureBaseline();
    const slot = Date.UTC(2025, 2, 1, 12);
    const first = await rig.runner.runSlot('hourly', slot);
    expect(first.inserted).toBe(SYMBOLS.length * 3);
    expect(rig.publisher.events).toHaveLength(SYMBOLS.length);
    expect(rig.publisher.events[0]!.forecasts.map((f) => f.horizon).sort()).toEqual(['1h', '24h', '4h']);
    const before = await db.query(`SELECT * FROM forecasts ORDER BY symbol, horizon`);

    const second = await rig.runner.runSlot('hourly', slot);
    const concurrent = await Promise.all([rig.runner.runSlot('hourly', slot), rig.runner.runSlot('hourly', slot)]);
    expect(second.inserted).toBe(0);
    expect(concurrent.map((r) => r.inserted)).toEqual([0, 0]);
    expect(rig.publisher.events).toHaveLength(SYMBOLS.length);
    expect(await db.query(`SELECT * FROM forecasts ORDER BY symbol, horizon`)).toEqual(before);
  });

  it('waits for the slot candle (retry) and scores forecasts with the actual close', async () => {
    const market = new FixtureMarket(SYMBOLS, START, 60 * 24 + 24, NOW);
    // Grace of an hour: ETH's late candle (20 min after the slot) is waited for, not left out.
    const rig = buildRig(db, market, new InProcessJobQueue(), new FixtureTrainer(() => etsModel()), { slotGraceMs: 3_600_000 });
    await rig.registry.ensureBaseline();
    const slot = Date.UTC(2025, 2, 1, 12);
    market.ingestedUntil.set('ETH/USDT', slot - HOUR); // ETH's 11:00 candle is not ingested yet
    await expect(rig.runner.runSlot('hourly', slot)).rejects.toBeInstanceOf(CandlesNotReadyError);
    expect(await countRows(db)).toBe(2 * 3); // the other coins are stored already
    market.ingestedUntil.delete('ETH/USDT');
    expect((await rig.runner.runSlot('hourly', slot)).inserted).toBe(3); // the retry completes ETH only

    // A coin whose hourly series stopped a day ago is skipped, not retried forever.
    market.clock = slot + HOUR + 60_000;
    market.ingestedUntil.set('ETH/USDT', slot - 24 * HOUR);
    const stale = await rig.runner.runSlot('hourly', slot + HOUR);
    expect(stale.skipped).toEqual(['ETH/USDT']);
    expect(stale.inserted).toBe(2 * 3);
    market.ingestedUntil.delete('ETH/USDT');
    await db.query(`DELETE FROM forecasts WHERE origin_time = $1`, [new Date(slot + HOUR)]);

    // An hour later the 1h forecasts can be scored; 4h and 24h ones cannot yet.
    market.clock = slot + HOUR + 60_000;
    expect(await rig.runner.scoreDue()).toBe(3);
    const [row] = await db.query(`SELECT * FROM forecasts WHERE symbol = 'SOL/USDT' AND horizon = '1h'`);
    const candle = market.series.get('SOL/USDT')!.hourly.find((c) => c.openTime === slot)!;
    expect(row.actual).toBeCloseTo(candle.close, 9);
    const q = { '0.05': row.q05, '0.1': row.q10, '0.25': row.q25, '0.5': row.q50, '0.75': row.q75, '0.9': row.q90, '0.95': row.q95 };
    const expected = scoreForecast({ lastPrice: row.last_price, point: row.point, quantiles: q }, candle.close);
    expect(row.abs_error).toBeCloseTo(expected.absError, 9);
    expect(row.pinball).toBeCloseTo(expected.pinball, 9);
    expect(row.hit80).toBe(expected.hit80);
    expect(await countRows(db, 'actual IS NULL')).toBe(6);
    // Scoring is idempotent too.
    expect(await rig.runner.scoreDue()).toBe(0);

    // A target inside a hole of the data is given up on after two days, so it never blocks the scoring queue.
    const series = market.series.get('BTC/USDT')!;
    series.hourly = series.hourly.filter((c) => c.openTime !== slot + 3 * HOUR); // the 4h target's candle never comes
    market.clock = slot + 24 * HOUR + 60_000;
    expect(await rig.runner.scoreDue()).toBe(5); // the 4h and 24h forecasts of the 3 coins, except BTC's 4h
    expect(await countRows(db, `symbol = 'BTC/USDT' AND horizon = '4h' AND actual IS NULL AND scored_at IS NULL`)).toBe(1);
    market.clock = slot + 4 * HOUR + 3 * DAY;
    await rig.runner.scoreDue();
    expect(await countRows(db, `symbol = 'BTC/USDT' AND horizon = '4h' AND actual IS NULL AND scored_at IS NOT NULL`)).toBe(1);
    expect(await countRows(db, `scored_at IS NULL`)).toBe(0);
  });
});
