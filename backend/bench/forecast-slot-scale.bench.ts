import path from 'node:path';
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { fitVolParams, loadModelFromDir, volModel, type ForecastModel } from '@coincast/ml';
import {
  forecastThreadCount,
  forecastThreadFile,
  InProcessForecastCompute,
  ThreadPoolForecastCompute,
  type ForecastCompute,
} from '../src/forecasts/forecast-compute';
import { ForecastRunner } from '../src/forecasts/forecast-runner';
import { ForecastsRepository } from '../src/forecasts/forecasts.repository';
import { ModelRegistry } from '../src/forecasts/model-registry.repository';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const SHARD_SIZE = 25;

/**
 * A forecast slot at scale (issue 19): BENCH_COINS markets (default 200: the dev set's coins stored again under other
 * names) × 5 horizons (an hourly slot with 1h/4h/24h and a daily slot with 7d/30d), champion + naive, split into shards
 * of 25 markets as the scheduler splits it. Four ways, each on fresh slots of the same data:
 *   - one worker forecasting on its event loop (FORECAST_THREADS=0, the code before issue 19);
 *   - one worker with its forecasting thread pool (forecastThreadCount(): cores − 1, at least 1), given the histories;
 *   - the same with the threads reading the candles themselves (what a worker on PostgreSQL does);
 *   - two workers sharing the shards, one reading thread each (what two worker processes on this machine would do).
 * While a slot runs, the event loop's delay (monitorEventLoopDelay) is what an API request or a socket tick in the
 * same process (ROLE=all) would wait.
 * Usage: npm run build && npm run bench -w backend -- forecast-slot-scale   (BENCH_COINS=200, BENCH_HISTORY_DAYS=120)
 */
async function main(): Promise<void> {
  // Threads run the compiled entry, as in production (swc must not run inside worker threads).
  const threadFile = forecastThreadFile(path.resolve(__dirname, '../dist/forecasts'));
  if (!threadFile) throw new Error('backend/dist/forecasts/forecast.thread.js is missing: run `npm run build` first');
  process.env.BENCH_COINS ??= '200';
  const { BENCH_MODEL_DIR, benchHistories, benchMarket } = await import('./forecast-bench-fixture');
  const bench = await benchMarket(Number(process.env.BENCH_HISTORY_DAYS ?? 120));
  const computes: ForecastCompute[] = [];
  try {
    // The default ensemble left by forecast-retrain when present (its neural members are what blocks a loop), else
    // the volatility model (fast to fit, fast to run: a lower bound of the blocking).
    const model: ForecastModel = existsSync(BENCH_MODEL_DIR)
      ? loadModelFromDir(BENCH_MODEL_DIR)
      : volModel(fitVolParams(benchHistories().slice(0, 16), bench.dataEnd));
    console.log(
      `[bench] champion: ${model.type}${existsSync(BENCH_MODEL_DIR) ? ` from ${BENCH_MODEL_DIR}` : ' (run forecast-retrain first to measure the default ensemble)'}`,
    );
    const registry = new ModelRegistry(bench.db, () => new Date());
    await registry.ensureBaseline();
    await registry.registerChallenger(model, { version: 'bench-1', trainedUntil: bench.dataEnd, backtest: { hourly: {}, daily: {} }, reason: 'benchmark' });
    for (const r of await registry.list()) if (r.version === 'bench-1') await registry.promote(r.id, 'benchmark');
    const store = new ForecastsRepository(bench.db);
    const shardCount = Math.ceil(bench.symbols.length / SHARD_SIZE);
    const runnerWith = (compute: ForecastCompute) =>
      new ForecastRunner(bench.market, registry, store, { publish: () => undefined }, () => undefined, { graceMs: DAY }, compute);
    const lastHourSlot = Math.floor(bench.dataEnd / HOUR) * HOUR;
    const lastDaySlot = Math.floor(bench.dataEnd / DAY) * DAY;

    const candleStore = { databaseUrl: (bench.db.options as { url: string }).url, home: bench.market.exchange };
    const modes: Array<{ name: string; workers: number; threads: number; threadsRead?: boolean }> = [
      { name: '1 worker, forecasting on its event loop', workers: 1, threads: 0 },
      { name: '1 worker, thread pool given the histories', workers: 1, threads: -1 },
      { name: '1 worker, thread pool reading the candles itself', workers: 1, threads: -1, threadsRead: true },
      { name: '2 workers sharing the shards, 1 thread each reading the candles', workers: 2, threads: 1, threadsRead: true },
    ];
    let k = modes.length; // each measured mode gets slots of its own (a warm-up uses the oldest)
    for (const mode of [{ name: 'warm-up', workers: 1, threads: 0 } as (typeof modes)[number], ...modes]) {
      const hourSlot = lastHourSlot - k * HOUR;
      const daySlot = lastDaySlot - k * DAY;
      k -= 1;
      bench.setNow(hourSlot + 60_000);
      const runners = Array.from({ length: mode.workers }, () => {
        const threads = mode.threads === -1 ? forecastThreadCount(availableParallelism()) : mode.threads;
        const compute =
          threads === 0 ? new InProcessForecastCompute() : new ThreadPoolForecastCompute(threadFile, threads, mode.threadsRead ? candleStore : undefined);
        computes.push(compute);
        return runnerWith(compute);
      });
      // Shards as queued jobs: each worker takes the next one when it is free.
      const jobs = [...Array(shardCount).keys()].flatMap((index) => [
        { group: 'hourly' as const, slot: hourSlot, shard: { index, count: shardCount } },
        { group: 'daily' as const, slot: daySlot, shard: { index, count: shardCount } },
      ]);
      const delay = monitorEventLoopDelay({ resolution: 5 });
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      delay.enable();
      const t = Date.now();
      let rows = 0;
      await Promise.all(
        runners.map(async (runner) => {
          for (let job = jobs.shift(); job; job = jobs.shift()) {
            const result = await runner.runSlot(job.group, job.slot, job.shard);
            rows += result.inserted;
          }
        }),
      );
      const wall = Date.now() - t;
      delay.disable();
      clearInterval(rssTimer);
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      if (mode.name === 'warm-up') continue;
      console.log(
        `[bench] ${bench.symbols.length} markets × 5 horizons, ${shardCount} shards per slot, ${mode.name}: ${wall} ms wall, ${rows} rows; ` +
          `event-loop delay p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms; peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
      );
    }
    // Sanity: each market has one served row per horizon per measured slot (5 × 3 slots), no more, no less.
    const counts: Array<{ n: string }> = await bench.db.query(`SELECT count(*) AS n FROM forecasts WHERE served GROUP BY symbol`);
    const uniform = counts.length === bench.symbols.length && new Set(counts.map((c) => c.n)).size === 1;
    console.log(`[bench] every market has the same number of served forecasts (each shard ran once, none lost): ${uniform}`);
  } finally {
    for (const compute of computes) await compute.close();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
