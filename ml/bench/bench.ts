/**
 * Benchmarks the two figures the backend depends on, on the development candles:
 *  1. a full retrain of the default model for 20 coins (target < 10 min on 2 cores);
 *  2. one forecast cycle: 20 coins x 5 horizons with the trained model (target < 10 s on 2 cores).
 * The dev set has 16 coins; 4 more are the first coins re-labelled (same candles), to reach the backend's 20.
 * Usage: npm run bench -w ml   (COINCAST_CANDLES=/path overrides the data folder)
 */
import { join } from 'node:path';
import { historyUntil, loadHistories } from '../src/data/candles';
import { trainDefaultModel } from '../src/models/ensemble';
import type { CoinHistory } from '../src/types';
import { ALL_HORIZONS } from '../src/types';

async function main(): Promise<void> {
  const dir = process.env.COINCAST_CANDLES ?? join(__dirname, '../../../shared/data/candles');
  const coins = Number(process.env.BENCH_COINS ?? 20);
  const base = loadHistories(dir);
  const histories: CoinHistory[] = [];
  for (let i = 0; histories.length < coins; i++) {
    const h = base[i % base.length]!;
    histories.push(i < base.length ? h : { ...h, coin: `${h.coin}_${Math.floor(i / base.length)}` });
  }
  const last = Math.max(...histories.map((h) => h.hourly[h.hourly.length - 1]!.openTime)) + 3_600_000;
  console.log(`[bench] ${histories.length} coins from ${dir}; data until ${new Date(last).toISOString()}`);

  const t0 = Date.now();
  const model = await trainDefaultModel(histories, { until: last, seed: 42, onProgress: (p) => console.log(`[bench] train ${p.stage}: ${p.message}`) });
  const trainS = (Date.now() - t0) / 1000;
  console.log(`[bench] full retrain, ${histories.length} coins: ${trainS.toFixed(1)} s (target < 600 s)`);

  // One forecast cycle as the backend runs it: every coin, all five horizons, history cut to the model's lookback.
  const cycle = () => {
    const t = Date.now();
    let n = 0;
    for (const h of histories) n += model.predict(historyUntil(h, last, model.lookback), [...ALL_HORIZONS]).length;
    return { seconds: (Date.now() - t) / 1000, forecasts: n };
  };
  cycle(); // warm-up (JIT, tfjs kernels)
  const runs = [cycle(), cycle(), cycle()];
  const worst = Math.max(...runs.map((r) => r.seconds));
  console.log(
    `[bench] forecast cycle, ${runs[0]!.forecasts} forecasts (${histories.length} coins x 5 horizons): worst of 3 ${(worst * 1000).toFixed(0)} ms (target < 10 s)`,
  );
  const full = Date.now();
  for (const h of histories) model.predict(h, [...ALL_HORIZONS]);
  console.log(`[bench] same cycle passing the full history arrays (no cut): ${Date.now() - full} ms`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
