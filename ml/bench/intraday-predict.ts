/**
 * Sub-hour slot bench: one predict for 20 markets × 4 horizons (1m, 5m, 15m, 30m) with histories cut to the model's
 * lookback, as the backend's 5-minute slot calls it. 20 markets = the 17 coins with 5m candles + BTC/ETH/SOL
 * re-labelled; every market gets a 1-minute series (its own where the data folder has one, else BTC's re-labelled),
 * so each call computes all four horizons. The model's parameters are fitted on the data before `--at` and every
 * horizon is set to serve the blend of the model's and naive's intervals (the costliest path: both are computed).
 *
 *   cd ml && npx tsx bench/intraday-predict.ts [--data ../../shared/data/candles] [--at 2025-05-20] [--rounds 5]
 */
import { parseDate } from '../src/data/candles';
import { intradayHistoryUntil, listIntradayCoins, loadIntradayHistories } from '../src/intraday/data';
import { fitIntradayParams, intradayModel } from '../src/intraday/model';
import type { HorizonGuard } from '../src/models/guard';
import type { CoinHistory } from '../src/types';
import { INTRADAY_HORIZONS } from '../src/types';

const arg = (k: string, d: string) => {
  const i = process.argv.indexOf(`--${k}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : d;
};

async function main() {
  const dir = arg('data', '../../shared/data/candles');
  const at = parseDate(arg('at', '2025-05-20'));
  const rounds = Number(arg('rounds', '5'));
  const t0 = Date.now();
  const base = loadIntradayHistories(dir, listIntradayCoins(dir, '5m'));
  const btc1m = base.find((h) => h.coin === 'BTC')!.minute!;
  const markets: CoinHistory[] = [...base, ...['BTC', 'ETH', 'SOL'].map((c) => ({ ...base.find((h) => h.coin === c)!, coin: `${c}2` }))]
    .slice(0, 20)
    .map((h) => ({ ...h, minute: h.minute?.some((c) => c.openTime < at && c.openTime > at - 2 * 86_400_000) ? h.minute : btc1m }));
  console.log(`loaded ${markets.length} markets in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  const t1 = Date.now();
  const params = fitIntradayParams(base, at, { until: at });
  console.log(`fitted the parameters in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  const blend = () => ({ intervalSource: 'blend', intervalIsNaive: false, pointIsNaive: true }) as unknown as HorizonGuard;
  const model = intradayModel({ ...params, guard: Object.fromEntries(INTRADAY_HORIZONS.map((h) => [h, blend()])) });
  const cut = markets.map((h) => intradayHistoryUntil(h, at, model.lookback));
  console.log(`lookback: ${model.lookback.fiveMinute} five-minute and ${model.lookback.minute} one-minute candles per market`);
  const times: number[] = [];
  const cpu: number[] = [];
  let forecasts = 0;
  for (let r = 0; r < rounds; r++) {
    const s = performance.now();
    const c0 = process.cpuUsage();
    forecasts = 0;
    for (const h of cut) forecasts += model.predict(h, [...INTRADAY_HORIZONS]).length;
    const c1 = process.cpuUsage(c0);
    times.push(performance.now() - s);
    cpu.push((c1.user + c1.system) / 1000);
  }
  console.log(
    `predict, ${markets.length} markets x 4 horizons (${forecasts} forecasts): ${times.map((t) => t.toFixed(0)).join(' / ')} ms (rounds; first includes JIT warm-up)`,
  );
  console.log(`worst ${Math.max(...times).toFixed(0)} ms, best ${Math.min(...times).toFixed(0)} ms wall; CPU ${cpu.map((t) => t.toFixed(0)).join(' / ')} ms`);
}

void main();
