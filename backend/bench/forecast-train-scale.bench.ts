import { DEFAULT_FORECAST_SETTINGS } from '../src/forecasts/forecast-ports';
import { mlTrainer } from '../src/forecasts/forecasts.module';
import { ModelLifecycle } from '../src/forecasts/model-lifecycle';
import { ForecastsRepository } from '../src/forecasts/forecasts.repository';
import { ModelRegistry } from '../src/forecasts/model-registry.repository';
import { ThreadedModelTrainer } from '../src/forecasts/threaded-trainer';
import { benchMarket } from './forecast-bench-fixture';

/**
 * Training at scale (issue 19): for 20, 100 and 200 tracked markets (BENCH_TRAIN_MARKETS), the training set as the
 * lifecycle builds it (every market up to FORECAST_TRAIN_MAX_MARKETS = 40, else a sample stratified by volatility),
 * read from PostgreSQL, then one fit in the training thread. Reports wall time and the process's peak RSS (the thread
 * included). FORECAST_MODEL=vol (default here: seconds per fit) or ensemble (the default model: minutes per fit).
 * Usage: npm run bench -w backend -- forecast-train-scale   (BENCH_TRAIN_DAYS=365 of hourly candles per market)
 */
async function main(): Promise<void> {
  const kind = process.env.FORECAST_MODEL === 'ensemble' ? 'ensemble' : 'vol';
  const sizes = (process.env.BENCH_TRAIN_MARKETS ?? '20,100,200').split(',').map(Number);
  const days = Number(process.env.BENCH_TRAIN_DAYS ?? 365);
  for (const markets of sizes) {
    const bench = await benchMarket(days, markets);
    try {
      const settings = { ...DEFAULT_FORECAST_SETTINGS, trainHours: days * 24 };
      const trainer = new ThreadedModelTrainer(kind, mlTrainer(kind), (m) => console.warn(`[bench] ${m}`));
      const lifecycle = new ModelLifecycle(
        bench.market,
        new ModelRegistry(bench.db, () => new Date()),
        new ForecastsRepository(bench.db),
        trainer,
        settings,
        () => Date.now(),
      );
      global.gc?.();
      const rss0 = process.memoryUsage().rss;
      let peak = rss0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      const t0 = Date.now();
      const histories = await lifecycle.histories(await lifecycle.trainingCutoff());
      const readS = (Date.now() - t0) / 1000;
      const t1 = Date.now();
      await trainer.train(histories, await lifecycle.trainingCutoff());
      const trainS = (Date.now() - t1) / 1000;
      clearInterval(timer);
      console.log(
        `[bench] ${markets} markets → trains on ${histories.length} (cap ${settings.trainMaxMarkets}): read ${readS.toFixed(1)} s, fit (${kind}) ${trainS.toFixed(1)} s; ` +
          `peak RSS ${(peak / 2 ** 20).toFixed(0)} MiB (${((peak - rss0) / 2 ** 20).toFixed(0)} MiB above the idle process)`,
      );
    } finally {
      await bench.close();
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
