/**
 * Research probe (issue 15, 24h calibration by volatility tercile): the finite-sample conformal correction
 * (conformalQuantiles `finiteSample`) at 24h / 7d / 30d, garch-conformal, 16 coins, hourly origins every --step hours.
 *
 *   cd ml && npx tsx bench/finite-sample-probe.ts [--from 2024-06-01 --to 2025-06-01] [--step 6] [--horizons 24h]
 */
import { loadHistories, parseDate } from '../src/data/candles';
import { backtest } from '../src/evaluate/backtest';
import { fitVolParams, volModel } from '../src/models/vol-model';
import type { Horizon } from '../src/types';
import { arg } from './args';

async function main() {
  const from = parseDate(arg('from', '2024-06-01'));
  const to = parseDate(arg('to', '2025-06-01'));
  const horizons = arg('horizons', '24h').split(',') as Horizon[];
  const histories = loadHistories('../../shared/data/candles');
  const base = fitVolParams(histories, from);
  const variants = { served: base, finite: { ...base, finiteSample: Object.fromEntries(horizons.map((h) => [h, true])) } };
  for (const [name, p] of Object.entries(variants)) {
    const r = await backtest({ histories, from, to, horizons, model: volModel(p), originStepHours: Number(arg('step', '6')) });
    for (const s of r.summary)
      console.log(
        `${name.padEnd(7)} ${s.horizon} relPinball ${s.relPinball.toFixed(4)} cov80 ${(100 * s.coverage80).toFixed(1)} terciles ${s.byVolTercile!.model.map((t) => (100 * t.coverage80).toFixed(1)).join('/')}`,
      );
  }
}
void main();
