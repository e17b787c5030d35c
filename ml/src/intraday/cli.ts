/**
 * `cli backtest --horizons 5m,15m,30m|1m …` (or `cli backtest-intraday …`): the sub-hour backtest beside naive.
 * Called from cli/main.ts when every requested horizon is a sub-hour one.
 */
import { writeFileSync } from 'node:fs';
import { parseDate } from '../data/candles';
import { INTRADAY_HORIZON_SPECS, isIntradayHorizon, parseIntradayHorizons } from '../data/horizons';
import { trainIntradayModelByName, isIntradayModelName, INTRADAY_MODEL_NAMES } from '../models/registry';
import { saveIntradayModelToDir } from './artifacts';
import { backtestIntraday } from './backtest';
import { loadIntradayHistories } from './data';
import type { IntradayForecastModel } from '../types';

type Flags = Record<string, string | boolean>;
const log = (m: string) => process.stderr.write(`${m}\n`);

/** True when `--horizons` names sub-hour horizons only. */
export function wantsIntradayBacktest(command: string, flags: Flags): boolean {
  if (command === 'backtest-intraday') return true;
  const h = flags.horizons;
  return command === 'backtest' && typeof h === 'string' && h.split(',').every((x) => isIntradayHorizon(x.trim()));
}

function str(flags: Flags, key: string, fallback?: string): string {
  const v = flags[key];
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${key}`);
}

export async function runIntradayBacktestCli(flags: Flags): Promise<number> {
  const horizons = parseIntradayHorizons(str(flags, 'horizons', '5m,15m,30m'));
  const modelName = str(flags, 'model', 'intraday');
  if (!isIntradayModelName(modelName))
    throw new Error(`--model ${modelName} does not serve sub-hour horizons (expected one of ${INTRADAY_MODEL_NAMES.join(', ')})`);
  const coins = typeof flags.coins === 'string' ? flags.coins.split(',').map((x) => x.trim().toUpperCase()) : undefined;
  // The 5m series is always loaded: the seasonality profile (used at 1m too) is fitted on it.
  const series = [...new Set(['5m' as const, ...horizons.map((h) => INTRADAY_HORIZON_SPECS[h].series)])];
  const t0 = Date.now();
  const histories = loadIntradayHistories(str(flags, 'data'), coins, { series });
  log(`[backtest-intraday] loaded ${histories.length} coins (${series.join(', ')}) in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  const from = parseDate(str(flags, 'from'));
  const to = parseDate(str(flags, 'to'));
  const step = Number(str(flags, 'origin-step-minutes', '60'));
  log(`[backtest-intraday] ${horizons.join(',')} from ${str(flags, 'from')} to ${str(flags, 'to')}, model ${modelName}, origins every ${step} min`);
  let trained: IntradayForecastModel | undefined;
  const report = await backtestIntraday({
    histories,
    from,
    to,
    horizons,
    originStepMinutes: step,
    keepSeriesFor: [str(flags, 'chart-coin', histories[0]?.coin ?? 'BTC')],
    train: async (h, until) =>
      (trained = await trainIntradayModelByName(modelName, h, {
        until,
        intradayHorizons: horizons,
        onProgress: (p) => log(`[train ${new Date(until).toISOString().slice(0, 10)}] ${p.stage}: ${p.message}`),
      })),
    onProgress: (p) => log(`[backtest-intraday] ${p.message} origins ${p.originsDone}/${p.originsTotal} ETA ${p.etaSeconds.toFixed(0)} s`),
  });
  writeFileSync(str(flags, 'out'), JSON.stringify(report, null, 1));
  if (typeof flags['save-model'] === 'string' && trained) {
    // The artifact carries the backtest figures it earned.
    saveIntradayModelToDir(trained, flags['save-model'], { backtest: { from: report.from, to: report.to, summary: report.summary } });
    log(`[backtest-intraday] saved the trained model to ${flags['save-model']}`);
  }
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const guard = report.model.metadata.guard as
    Record<string, { intervalSource: string; statistic: number | null; interval: { effectiveN: number } }> | undefined;
  log('horizon | coins | origins | relMae | relPinball | coverage80 | naive cov80 | pinball7 x1e4 (model / naive) | guard (interval, DM, eff. n)');
  for (const s of report.summary) {
    const g = guard?.[s.horizon];
    const rows = report.results.filter((r) => r.horizon === s.horizon);
    const p7 = (k: 'model' | 'naive') => (1e4 * rows.map((r) => r[k].pinball7).sort((a, b) => a - b)[Math.floor(rows.length / 2)]!).toFixed(3);
    log(
      `${s.horizon.padEnd(7)} | ${String(s.coins).padStart(5)} | ${String(s.origins).padStart(7)} | ${s.relMae.toFixed(3)} | ${s.relPinball.toFixed(4)} | ${pct(s.coverage80)} | ${pct(s.naiveCoverage80)} | ${p7('model')} / ${p7('naive')} | ${g ? `${g.intervalSource}, ${g.statistic?.toFixed(1) ?? '-'}, ${g.interval.effectiveN.toFixed(0)}` : '-'}`,
    );
  }
  log(`[backtest-intraday] done in ${report.elapsedSeconds.toFixed(0)} s (training ${report.trainSeconds.toFixed(0)} s)`);
  return 0;
}
