/**
 * Research probe for the 7d / 30d intervals (issue 15: both under-cover, 74.9–76.9 %, where naive's own covers
 * 73–76 %). Scores, on three yearly windows (each fitted on data before its start), the interval the default model
 * serves there — the average of the volatility model's and naive's quantiles ("blend", point = naive) — against
 * naive, and the same blend with its quantile offsets from the median widened by a factor f chosen on the three years
 * before the window (by median relPinball over coins; candidates 1.00–1.30). Prints median relPinball / coverage80.
 *
 *   cd ml && npx tsx bench/long-interval-probe.ts [--data ../../shared/data/candles]
 */
import { backtest, fitVolParams, loadHistories, naiveModel, volModel } from '../src/index';
import type { CoinHistory, ForecastModel, Horizon, QuantileForecast } from '../src/types';
import { QUANTILE_LEVELS } from '../src/types';

const dataArg = process.argv.indexOf('--data');
const histories = loadHistories(dataArg >= 0 ? process.argv[dataArg + 1]! : '../../shared/data/candles');
const WINDOWS = [
  ['2024-06-01', '2025-06-01'],
  ['2023-06-01', '2024-06-01'],
  ['2022-06-01', '2023-06-01'],
] as const;
const FACTORS = [1, 1.05, 1.1, 1.15, 1.2, 1.3];
const HORIZONS: Horizon[] = ['7d', '30d'];
const YEAR = 365 * 86_400_000;

/** blend(vol, naive) in log space around naive's point, offsets from the median scaled by f. */
function blended(vol: ForecastModel, f: number): ForecastModel {
  const naive = naiveModel();
  return {
    type: 'blend-probe',
    version: '1',
    metadata: { f },
    lookback: { hourly: Math.max(vol.lookback.hourly, naive.lookback.hourly), daily: Math.max(vol.lookback.daily, naive.lookback.daily) },
    predict(history: CoinHistory, horizons: Horizon[]): QuantileForecast[] {
      const v = vol.predict(history, horizons);
      const n = new Map(naive.predict(history, horizons).map((x) => [x.horizon, x]));
      return v.flatMap((fv) => {
        const fn = n.get(fv.horizon);
        if (!fn) return [];
        const logQ = (x: QuantileForecast, k: string) => Math.log(x.quantiles[k as keyof typeof x.quantiles] / x.lastPrice);
        const quantiles = {} as QuantileForecast['quantiles'];
        for (const k of QUANTILE_LEVELS) {
          const mid = 0.5 * (logQ(fv, k) + logQ(fn, k));
          quantiles[k] = fv.lastPrice * Math.exp(k === '0.5' ? 0 : f * mid);
        }
        return [{ ...fv, point: fv.lastPrice, quantiles }];
      });
    },
  };
}

async function score(model: ForecastModel, from: number, to: number) {
  const report = await backtest({ histories, from, to, horizons: HORIZONS, model });
  return new Map(report.summary.map((s) => [s.horizon, s]));
}

async function main(): Promise<void> {
  for (const [fromDay, toDay] of WINDOWS) {
    const from = Date.parse(`${fromDay}T00:00:00Z`);
    const to = Date.parse(`${toDay}T00:00:00Z`);
    const vol = volModel(fitVolParams(histories, from));
    const lines: string[] = [];
    for (const h of HORIZONS) {
      // Validation: the 3 years before the window (the guard's daily validation length).
      let best = { f: 1, rel: Infinity };
      const valRows: string[] = [];
      for (const f of FACTORS) {
        const s = (await score(blended(vol, f), from - 3 * YEAR, from)).get(h)!;
        valRows.push(`${f}:${s.relPinball.toFixed(3)}/${(100 * s.coverage80).toFixed(0)}%`);
        if (s.relPinball < best.rel) best = { f, rel: s.relPinball };
      }
      const plain = (await score(blended(vol, 1), from, to)).get(h)!;
      const wide = (await score(blended(vol, best.f), from, to)).get(h)!;
      lines.push(
        `${h}: validation ${valRows.join(' ')} -> f ${best.f}; test blend ${plain.relPinball.toFixed(3)} / ${(100 * plain.coverage80).toFixed(1)} %` +
          ` (naive ${(100 * plain.naiveCoverage80).toFixed(1)} %), widened ${wide.relPinball.toFixed(3)} / ${(100 * wide.coverage80).toFixed(1)} %`,
      );
    }
    console.log(`${fromDay}..${toDay}\n  ${lines.join('\n  ')}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
