/**
 * Research probe (issue 15, item 3): does a HAR-RV scale (like the 24h one) sharpen 1h/4h intervals?
 * `npx tsx bench/short-har-probe.ts [--from 2024-06-01 --to 2025-06-01] [--step 6]` — garch-conformal with and without
 * HAR scales at 1h/4h, 16 coins, origins every --step hours; prints the median relPinball / coverage80 / terciles.
 */
import { historyUntil, loadHistories, parseDate } from '../src/data/candles';
import { backtest } from '../src/evaluate/backtest';
import { fitVolParams, volModel } from '../src/models/vol-model';
import { fitHar } from '../src/models/volatility';
import type { Horizon } from '../src/types';
import { arg } from './args';

async function main() {
  const from = parseDate(arg('from', '2024-06-01'));
  const to = parseDate(arg('to', '2025-06-01'));
  const step = Number(arg('step', '6'));
  const histories = loadHistories('../../shared/data/candles');
  const base = fitVolParams(histories, from);
  const warm = base.hourly.levelWindow + base.warmup;
  const series = histories.map((h) => {
    const cut = historyUntil(h, from).hourly;
    return cut.slice(Math.max(0, cut.length - 2 * 365 * 24 - warm));
  });
  const harShort: Partial<Record<Horizon, ReturnType<typeof fitHar>>> = {};
  for (const [h, st] of [
    ['1h', 1],
    ['4h', 4],
  ] as const)
    harShort[h] = fitHar(series, base.hourly, st, 2 * 365 * 24, warm);
  const variants = { garch: base, 'har-1h4h': { ...base, harShort: harShort as never } };
  for (const [name, p] of Object.entries(variants)) {
    const r = await backtest({ histories, from, to, horizons: ['1h', '4h'], model: volModel(p), originStepHours: step });
    for (const s of r.summary)
      console.log(
        `${name.padEnd(10)} ${s.horizon} relPinball ${s.relPinball.toFixed(4)} cov80 ${(100 * s.coverage80).toFixed(1)} terciles ${s.byVolTercile!.model.map((t) => (100 * t.coverage80).toFixed(1)).join('/')}`,
      );
  }
}
void main();
