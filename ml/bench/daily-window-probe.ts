/**
 * Research probe for the daily horizons' calibration window: backtests the volatility model (whose intervals the
 * default model uses at 7d/30d, with a naive point) with a 2- and a 4-year 7d conformal window on three yearly
 * windows, each trained on data before its start. Prints median relPinball and coverage80 over coins.
 *
 *   cd ml && npx tsx bench/daily-window-probe.ts [--data ../../shared/data/candles]
 */
import { backtest, fitVolParams, loadHistories, volModel } from '../src/index';

const dataArg = process.argv.indexOf('--data');
const histories = loadHistories(dataArg >= 0 ? process.argv[dataArg + 1]! : '../../shared/data/candles');
const WINDOWS = [
  ['2024-06-01', '2025-06-01'],
  ['2023-06-01', '2024-06-01'],
  ['2022-06-01', '2023-06-01'],
] as const;
const SEVEN_DAY_WINDOWS = [730, 1460]; // daily origins: two and four years

async function main(): Promise<void> {
  for (const window7d of SEVEN_DAY_WINDOWS) {
    for (const [fromDay, toDay] of WINDOWS) {
      const report = await backtest({
        histories,
        from: Date.parse(`${fromDay}T00:00:00Z`),
        to: Date.parse(`${toDay}T00:00:00Z`),
        horizons: ['7d', '30d'],
        train: async (h, until) => {
          const params = fitVolParams(h, until);
          params.calibrationWindow['7d'] = window7d;
          return volModel(params);
        },
      });
      const rows = report.summary.map((s) => `${s.horizon} relPinball ${s.relPinball.toFixed(3)} coverage80 ${(100 * s.coverage80).toFixed(1)} %`);
      console.log(`7d window ${window7d} origins, ${fromDay}..${toDay}: ${rows.join(' | ')}`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
