import path from 'node:path';
import { MarketIds } from '../src/markets/market-id';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { existsSync } from 'node:fs';
import { fitVolParams, loadIntradayCandles, loadModelFromDir, volModel, type ForecastModel } from '@coincast/ml';
import {
  forecastThreadCount,
  forecastThreadFile,
  InProcessForecastCompute,
  ThreadPoolForecastCompute,
  type ForecastCompute,
} from '../src/forecasts/forecast-compute';
import { ForecastRunner } from '../src/forecasts/forecast-runner';
import { ForecastsRepository } from '../src/forecasts/forecasts.repository';
import { MarketsIntradayData } from '../src/forecasts/intraday-market-data';
import { guardSummary } from '../src/forecasts/intraday-lifecycle';
import { ML_INTRADAY_MODELS, ML_INTRADAY_TRAINER } from '../src/forecasts/intraday-models';
import { IntradayForecastRunner } from '../src/forecasts/intraday-runner';
import { ModelRegistry } from '../src/forecasts/model-registry.repository';
import { CandlesRepository } from '../src/markets/candles.repository';
import type { MarketDataProvider } from '../src/markets/market-data-provider';
import type { MarketsService } from '../src/markets/markets.service';
import type { IntradayMarketData } from '../src/forecasts/intraday-ports';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const FIVE_MINUTES = 300_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);

/**
 * A sub-hour slot (issue 21): BENCH_COINS markets (default 20) × 5m/15m/30m, naive intraday champion, from the dev
 * set's 5-minute candles (the last BENCH_5M_DAYS days, default 10, stored in the candles table) — the time one
 * 5-minute slot job takes, and whether it delays the hourly slot: the hourly slot of the same markets (champion +
 * naive, on the thread pool reading the candles when dist/ is built, as a worker on PostgreSQL runs it) timed alone,
 * then started together with a sub-hour slot (the two queues' workers in one process). ROUNDS rounds on fresh slots.
 * The sub-hour market data keeps each market's candle window in memory (IntradayCandleCache): the first slot of a
 * process reads the windows in full (reported apart), the measured ones read the candles closed since.
 * Usage: npm run build && npm run bench -w backend -- forecast-subhour-slot
 */
async function main(): Promise<void> {
  const { BENCH_MODEL_DIR, CANDLES_DIR, benchHistories, benchMarket } = await import('./forecast-bench-fixture');
  const bench = await benchMarket(Number(process.env.BENCH_HISTORY_DAYS ?? 120));
  const computes: ForecastCompute[] = [];
  try {
    const repo = new CandlesRepository(bench.db, new MarketIds('bench'));
    // BENCH_SUBHOUR_CHAMPION=trained: ml's trained intraday model (fitted here on the stored 30 days) is the
    // champion, so each slot computes it beside naive over its ~6,000-candle windows (the costliest served path).
    const trained = process.env.BENCH_SUBHOUR_CHAMPION === 'trained';
    const fiveDays = Number(process.env.BENCH_5M_DAYS ?? (trained ? 30 : 10));
    const started = Date.now();
    let rows = 0;
    const files = new Map<string, ReturnType<typeof loadIntradayCandles>>();
    for (const symbol of bench.symbols) {
      const coin = symbol.replace('/USDT', '').replace(/\d+$/, '');
      if (!files.has(coin)) files.set(coin, loadIntradayCandles(CANDLES_DIR, coin, '5m'));
      const candles = files.get(coin)!.filter((c) => c.openTime + FIVE_MINUTES <= bench.dataEnd && c.openTime >= bench.dataEnd - fiveDays * DAY);
      rows += await repo.upsert({ exchange: 'bench', symbol, timeframe: '5m' }, candles, bench.dataEnd);
    }
    console.log(
      `[bench] stored ${rows} five-minute candles (${fiveDays} days) of ${bench.symbols.length} markets in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const model: ForecastModel = existsSync(BENCH_MODEL_DIR)
      ? loadModelFromDir(BENCH_MODEL_DIR)
      : volModel(fitVolParams(benchHistories().slice(0, 16), bench.dataEnd));
    const registry = new ModelRegistry(bench.db, () => new Date());
    await registry.ensureBaseline(['hourly', 'daily', 'intraday']);
    await registry.registerChallenger(model, { version: 'bench-1', trainedUntil: bench.dataEnd, backtest: { hourly: {}, daily: {} }, reason: 'benchmark' });
    for (const r of await registry.list()) if (r.version === 'bench-1') await registry.promote(r.id, 'benchmark');
    const store = new ForecastsRepository(bench.db);
    let championLabel = 'naive intraday champion';
    if (trained) {
      const t = Date.now();
      const rows5m = await new MarketsIntradayData(
        { exchange: 'bench', now: () => bench.dataEnd } as unknown as MarketDataProvider,
        { trackedSymbols: async () => bench.symbols, ingestedSymbols: async () => bench.symbols } as unknown as MarketsService,
        repo,
      ).histories(bench.symbols, bench.dataEnd, { fiveMinute: fiveDays * 288, minute: 0 }, { cache: false });
      const intradayModel = await ML_INTRADAY_TRAINER.train([...rows5m.values()], {
        until: bench.dataEnd,
        trainDays: fiveDays,
        validationDays: 7,
        horizons: ['5m', '15m', '30m'],
      });
      const [record] = await registry.registerChallenger(intradayModel as unknown as ForecastModel, {
        version: 'bench-intraday',
        trainedUntil: bench.dataEnd,
        backtest: { intraday: {} },
        reason: 'benchmark',
        groups: ['intraday'],
      });
      await registry.promote(record!.id, 'benchmark');
      const guard = Object.entries(guardSummary(intradayModel))
        .map(([h, g]) => `${h} ${g.intervalSource}`)
        .join(', ');
      championLabel = `trained intraday champion, lookback ${intradayModel.lookback.fiveMinute} candles, guard: ${guard}`;
      console.log(`[bench] trained the intraday model on ${rows5m.size} markets in ${((Date.now() - t) / 1000).toFixed(1)} s (${guard})`);
    }

    const threadFile = forecastThreadFile(path.resolve(__dirname, '../dist/forecasts'));
    const candleStore = { databaseUrl: (bench.db.options as { url: string }).url, home: bench.market.exchange };
    const compute: ForecastCompute = threadFile
      ? new ThreadPoolForecastCompute(threadFile, forecastThreadCount(), candleStore)
      : new InProcessForecastCompute();
    computes.push(compute);
    console.log(
      `[bench] hourly slot on ${threadFile ? `the thread pool (${forecastThreadCount()} threads, reading the candles)` : 'the event loop (no dist/: run npm run build)'}; champion ${model.type}`,
    );
    const hourly = new ForecastRunner(bench.market, registry, store, { publish: () => undefined }, () => undefined, { graceMs: DAY }, compute);
    let now = bench.dataEnd;
    const provider = { exchange: 'bench', now: () => now } as unknown as MarketDataProvider;
    const markets = { trackedSymbols: async () => bench.symbols, ingestedSymbols: async () => bench.symbols } as unknown as MarketsService;
    const intradayData = new MarketsIntradayData(provider, markets, repo);
    const intraday = new IntradayForecastRunner(intradayData, registry, store, { publish: () => undefined }, ML_INTRADAY_MODELS, () => undefined, {
      graceMs: DAY,
    });
    // The same slot without the candle cache (what the runner did before it): every market's whole window read each slot.
    const uncachedData: IntradayMarketData = {
      now: () => now,
      trackedSymbols: async () => bench.symbols,
      candlesReadyUntil: () => intradayData.candlesReadyUntil(),
      histories: async (symbols, until, lookback) => {
        const five = await repo.closedCandlesOfMany(symbols, '5m', until - FIVE_MINUTES, lookback.fiveMinute);
        return new Map(symbols.map((symbol) => [symbol, { coin: symbol, hourly: [], daily: [], fiveMinute: five.get(symbol) ?? [] }]));
      },
    };
    const uncached = new IntradayForecastRunner(uncachedData, registry, store, { publish: () => undefined }, ML_INTRADAY_MODELS, () => undefined, {
      graceMs: DAY,
    });

    const timed = async <T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> => {
      const t = performance.now();
      const value = await run();
      return { ms: performance.now() - t, value };
    };
    const stats = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      return `median ${s[Math.floor(s.length / 2)]!.toFixed(0)} ms, max ${s.at(-1)!.toFixed(0)} ms`;
    };
    const lastHour = Math.floor(bench.dataEnd / HOUR) * HOUR;
    // Warm-up (model loads, thread start, query plans) on the oldest slots.
    bench.setNow(lastHour - (3 * ROUNDS + 1) * HOUR + 60_000);
    now = bench.dataEnd;
    await hourly.runSlot('hourly', lastHour - (3 * ROUNDS + 1) * HOUR);
    // The first sub-hour slot of a process reads every market's whole lookback (the candle cache is empty); the
    // next ones read the candles closed since (plus the staggered hourly re-read of a few markets).
    const cold = await timed(() => intraday.runSlot(bench.dataEnd - (3 * ROUNDS + 1) * FIVE_MINUTES));
    console.log(`[bench] first sub-hour slot of the process (every market's window read in full): ${cold.ms.toFixed(0)} ms`);

    const alone: number[] = [];
    const subhour: number[] = [];
    const subhourCpu: number[] = [];
    const together: { hourly: number[]; subhour: number[] } = { hourly: [], subhour: [] };
    const delays: number[] = [];
    const before = { alone: [] as number[], subhour: [] as number[], together: [] as number[], paired: [] as number[] };
    let subhourRows = 0;
    // Uncached runs take older slots than the cached runner's (each slot is forecast once).
    const uncachedSlot = (base: number) => bench.dataEnd - (base + 3 * ROUNDS + 4) * FIVE_MINUTES;
    for (let round = 0; round < ROUNDS; round++) {
      const base = 3 * ROUNDS - 3 * round;
      alone.push((await timed(() => hourly.runSlot('hourly', lastHour - base * HOUR))).ms);
      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const cpu = process.cpuUsage();
      const sub = await timed(() => intraday.runSlot(bench.dataEnd - base * FIVE_MINUTES));
      const used = process.cpuUsage(cpu);
      delay.disable();
      delays.push(delay.max / 1e6);
      subhour.push(sub.ms);
      subhourCpu.push((used.user + used.system) / 1000);
      subhourRows += sub.value.inserted;
      const [h, s] = await Promise.all([
        timed(() => hourly.runSlot('hourly', lastHour - (base - 1) * HOUR)),
        timed(() => intraday.runSlot(bench.dataEnd - (base - 1) * FIVE_MINUTES)),
      ]);
      together.hourly.push(h.ms);
      together.subhour.push(s.ms);

      const hourAlone = (await timed(() => hourly.runSlot('hourly', lastHour - (base - 2) * HOUR))).ms;
      before.alone.push(hourAlone);
      before.subhour.push((await timed(() => uncached.runSlot(uncachedSlot(base)))).ms);
      const [bh] = await Promise.all([
        timed(() => hourly.runSlot('hourly', lastHour - (base + 3 * ROUNDS + 4) * HOUR)),
        timed(() => uncached.runSlot(uncachedSlot(base - 1))),
      ]);
      before.together.push(bh.ms);
      before.paired.push(bh.ms - hourAlone);
    }
    console.log(
      `[bench] sub-hour slot, ${bench.symbols.length} markets × 3 horizons (${championLabel}), alone: ${stats(subhour)} (${subhourRows / ROUNDS} rows a slot; ` +
        `CPU of this process ${stats(subhourCpu)}); longest event-loop delay while it runs: ${stats(delays)}`,
    );
    console.log(
      `[bench] without the candle cache (every window read in full each slot): sub-hour slot alone ${stats(before.subhour)}; ` +
        `hourly slot delay from a concurrent one, paired per round: ${stats(before.paired)}`,
    );
    console.log(`[bench] hourly slot, ${bench.symbols.length} markets × 3 horizons, alone: ${stats(alone)}`);
    console.log(
      `[bench] hourly slot started together with a sub-hour slot: ${stats(together.hourly)} (the sub-hour slot beside it: ${stats(together.subhour)})`,
    );
    // Paired per round (alone and together run back to back), so a change in the machine's load between rounds
    // does not show up as a delay.
    const paired = together.hourly.map((ms, i) => ms - alone[i]!);
    const verdict = Math.max(...subhour, ...together.subhour) < 1_000 ? 'under 1 s' : 'OVER 1 s';
    console.log(
      `[bench] target: a sub-hour slot of ${bench.symbols.length} markets < 1 s: ${verdict}; hourly slot delay from a concurrent sub-hour slot, paired per round: ${stats(paired)}`,
    );
  } finally {
    for (const c of computes) await c.close();
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
