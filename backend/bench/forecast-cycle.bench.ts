import { existsSync } from 'node:fs';
import { fitVolParams, loadModelFromDir, volModel, type ForecastModel } from '@coincast/ml';
import { ForecastRunner } from '../src/forecasts/forecast-runner';
import { ForecastsRepository } from '../src/forecasts/forecasts.repository';
import { ModelRegistry } from '../src/forecasts/model-registry.repository';
import { BENCH_MODEL_DIR, benchHistories, benchMarket } from './forecast-bench-fixture';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/**
 * One forecast cycle as the worker runs it (target < 10 s on 2 cores): 20 coins × 5 horizons (an hourly slot with
 * 1h/4h/24h and a daily slot with 7d/30d), champion + naive baseline, candles read from PostgreSQL, rows inserted,
 * then the scoring pass. Uses the model left by forecast-retrain when present, else fits the volatility model.
 * The store holds 450 days of hourly candles, more than the default model's hourly lookback (~10.5k candles: the 24h
 * interval is calibrated on a year of outcomes), so each cycle reads what a mature deployment reads.
 * Usage: npm run bench -w backend -- forecast-cycle
 */
const HISTORY_DAYS = 450;

async function main(): Promise<void> {
  const bench = await benchMarket(HISTORY_DAYS);
  try {
    let model: ForecastModel;
    if (existsSync(BENCH_MODEL_DIR)) {
      model = loadModelFromDir(BENCH_MODEL_DIR);
      console.log(`[bench] champion: ${model.type} from ${BENCH_MODEL_DIR}`);
    } else {
      model = volModel(fitVolParams(benchHistories(), bench.dataEnd));
      console.log('[bench] champion: vol model (run forecast-retrain first to measure the default ensemble)');
    }
    const registry = new ModelRegistry(bench.db, () => new Date());
    await registry.ensureBaseline();
    await registry.registerChallenger(model, { version: 'bench-1', trainedUntil: bench.dataEnd, backtest: { hourly: {}, daily: {} }, reason: 'benchmark' });
    for (const r of await registry.list()) if (r.version === 'bench-1') await registry.promote(r.id, 'benchmark');
    // A second registry, as on a worker replica that did not train the model: it loads the artifact from the bytea.
    const replica = new ModelRegistry(bench.db, () => new Date());
    const t = Date.now();
    const loaded = await replica.load((await replica.champion('hourly'))!);
    const probe = await bench.market.history(bench.symbols[0]!, bench.dataEnd, model.lookback);
    const same = JSON.stringify(loaded.predict(probe, ['1h', '24h', '7d'])) === JSON.stringify(model.predict(probe, ['1h', '24h', '7d']));
    console.log(`[bench] artifact loaded back from the database in ${Date.now() - t} ms; identical forecasts: ${same}`);
    if (!same) throw new Error('the model loaded from the registry forecasts differently');
    const store = new ForecastsRepository(bench.db);
    const runner = new ForecastRunner(bench.market, replica, store, { publish: () => undefined });

    const lastHourSlot = Math.floor(bench.dataEnd / HOUR) * HOUR;
    const lastDaySlot = Math.floor(bench.dataEnd / DAY) * DAY;
    const cycles: Array<{ ms: number; cpuMs: number; rows: number; scored: number }> = [];
    // Four consecutive cycles at successive slots (each inserts real rows); the first one warms up.
    for (let i = 4; i >= 0; i--) {
      const hourSlot = lastHourSlot - i * HOUR;
      const daySlot = lastDaySlot - i * DAY;
      bench.setNow(hourSlot + 60_000);
      const t = Date.now();
      const cpu0 = process.cpuUsage();
      const hourly = await runner.runSlot('hourly', hourSlot);
      const daily = await runner.runSlot('daily', daySlot);
      const scored = await runner.scoreDue();
      const cpu = process.cpuUsage(cpu0);
      cycles.push({ ms: Date.now() - t, cpuMs: (cpu.user + cpu.system) / 1000, rows: hourly.inserted + daily.inserted, scored });
    }
    const measured = cycles.slice(1);
    const worst = Math.max(...measured.map((c) => c.ms));
    const mean = measured.reduce((s, c) => s + c.ms, 0) / measured.length;
    console.log(
      `[bench] forecast cycle, ${bench.symbols.length} coins × 5 horizons (champion + naive = ${measured[0]!.rows} rows): mean ${mean.toFixed(0)} ms, worst ${worst} ms of ${measured.length} (target < 10 s)`,
    );
    console.log(
      `[bench] per cycle: ${measured.map((c) => `${c.ms} ms wall, ${c.cpuMs.toFixed(0)} ms CPU (node process, without PostgreSQL), ${c.rows} rows, ${c.scored} scored`).join('; ')}`,
    );
    const rerun = Date.now();
    const again = await runner.runSlot('hourly', lastHourSlot);
    console.log(`[bench] rerun of the last hourly slot: ${again.inserted} rows inserted in ${Date.now() - rerun} ms (idempotent)`);
  } finally {
    await bench.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
