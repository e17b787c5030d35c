/**
 * CLI: `npm run cli -w ml -- <backtest|train|predict> [flags]`. Thin layer over the library; progress to stderr.
 */
import { writeFileSync } from 'node:fs';
import { loadModelFromDir, saveModelToDir } from '../artifacts/artifacts';
import { loadHistories, parseDate } from '../data/candles';
import { parseHorizons } from '../data/horizons';
import { backtest } from '../evaluate/backtest';
import { renderHtmlReport } from '../evaluate/report-html';
import { acceptedModelNames, describeModels, findModelKind } from '../models/registry';
import { runIntradayBacktestCli, wantsIntradayBacktest } from '../intraday/cli';
import { runStrategyCommand, STRATEGY_USAGE } from '../strategy/cli';
import type { CoinHistory, ForecastModel } from '../types';
import { ALL_HORIZONS } from '../types';

export type Flags = Record<string, string | boolean>;

export function parseFlags(argv: string[]): { command: string; flags: Flags } {
  const [command = 'help', ...rest] = argv;
  const flags: Flags = {};
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--')) throw new Error(`unexpected argument "${a}"`);
    const key = a.slice(2);
    const next = rest[i + 1];
    if (next === undefined || next.startsWith('--')) flags[key] = true;
    else {
      flags[key] = next;
      i++;
    }
  }
  return { command, flags };
}

function str(flags: Flags, key: string, fallback?: string): string {
  const v = flags[key];
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${key}`);
}

const log = (m: string) => process.stderr.write(`${m}\n`);

/** Every spelling `--model` accepts (the registry's names and aliases). */
export const MODEL_NAMES: readonly string[] = acceptedModelNames();

/** Trainer for a named model (registry name or alias), fitted on candles strictly before `until`. */
export function trainerFor(name: string, seed: number): (h: CoinHistory[], until: number) => Promise<ForecastModel> {
  const kind = findModelKind(name);
  if (!kind) throw new Error(`unknown --model ${name} (expected one of ${MODEL_NAMES.join(', ')})`);
  return (h, until) => kind.train(h, { until, seed, onProgress: (p) => log(`[train ${new Date(until).toISOString().slice(0, 10)}] ${p.stage}: ${p.message}`) });
}

function coinsOf(flags: Flags): string[] | undefined {
  const c = flags.coins;
  return typeof c === 'string' ? c.split(',').map((x) => x.trim().toUpperCase()) : undefined;
}

export async function runCli(argv: string[]): Promise<number> {
  const { command, flags } = parseFlags(argv);
  const seed = Number(str(flags, 'seed', '42'));
  // Sub-hour horizons (issue 21): `backtest --horizons 5m,15m,30m` / `1m`, or `backtest-intraday`.
  if (wantsIntradayBacktest(command, flags)) return runIntradayBacktestCli(flags);
  if (command === 'backtest') {
    const histories = loadHistories(str(flags, 'data'), coinsOf(flags));
    const from = parseDate(str(flags, 'from'));
    const to = parseDate(str(flags, 'to'));
    const horizons = parseHorizons(str(flags, 'horizons', ALL_HORIZONS.join(',')));
    const modelName = str(flags, 'model', 'default');
    const chartCoin = str(flags, 'chart-coin', histories[0]?.coin ?? 'BTC');
    let lastModel: ForecastModel | undefined;
    log(`[backtest] ${histories.length} coins, ${horizons.join(',')} from ${str(flags, 'from')} to ${str(flags, 'to')}, model ${modelName}`);
    const report = await backtest({
      histories,
      from,
      to,
      horizons,
      train: async (h, until) => (lastModel = await trainerFor(modelName, seed)(h, until)),
      retrainDays: Number(str(flags, 'retrain-days', '0')),
      originStepHours: Number(str(flags, 'origin-step-hours', '1')),
      keepSeriesFor: [chartCoin],
      onProgress: (p) =>
        log(`[backtest] ${p.message} origins ${p.originsDone}/${p.originsTotal} ETA ${Number.isFinite(p.etaSeconds) ? p.etaSeconds.toFixed(0) : '?'} s`),
    });
    writeFileSync(str(flags, 'out'), JSON.stringify(report, null, 1));
    if (typeof flags['save-model'] === 'string' && lastModel) {
      // The artifact carries the backtest figures it earned (model registry / champion-challenger use them).
      saveModelToDir(lastModel, flags['save-model'], {
        backtest: { from: report.from, to: report.to, retrainDays: report.retrainDays, summary: report.summary },
      });
      log(`[backtest] saved the last trained model to ${flags['save-model']}`);
    }
    if (typeof flags.html === 'string') writeFileSync(flags.html, renderHtmlReport(report, chartCoin));
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    log('horizon | coins | relMae | relPinball | coverage80 | naive cov80 | MAPE% | naive MAPE% | dir.acc');
    for (const s of report.summary)
      log(
        `${s.horizon.padEnd(7)} | ${String(s.coins).padStart(5)} | ${s.relMae.toFixed(3)} | ${s.relPinball.toFixed(3)} | ${pct(s.coverage80)} | ${pct(s.naiveCoverage80)} | ${s.mape.toFixed(2)} | ${s.naiveMape.toFixed(2)} | ${s.directionalAccuracy.toFixed(3)}`,
      );
    log('coverage80 / pinball per tercile of trailing-24h realised vol at the origin (median over coins; calm | mid | volatile)');
    log('horizon | model cov80 calm/mid/vol | naive cov80 calm/mid/vol | model pinball calm/mid/vol | naive pinball calm/mid/vol');
    for (const s of report.summary) {
      const t = s.byVolTercile;
      if (!t) continue;
      const cov = (xs: { coverage80: number }[]) => xs.map((x) => pct(x.coverage80)).join(' / ');
      const pin = (xs: { pinball: number }[]) => xs.map((x) => (1e4 * x.pinball).toFixed(2)).join(' / ');
      log(`${s.horizon.padEnd(7)} | ${cov(t.model)} | ${cov(t.naive)} | ${pin(t.model)} | ${pin(t.naive)}  (pinball x 1e4)`);
    }
    log(`[backtest] done in ${report.elapsedSeconds.toFixed(0)} s`);
    return 0;
  }
  if (command === 'strategy') return runStrategyCommand(flags);
  if (command === 'train') {
    const histories = loadHistories(str(flags, 'data'), coinsOf(flags));
    const until = parseDate(str(flags, 'until'));
    const model = await trainerFor(str(flags, 'model', 'default'), seed)(histories, until);
    saveModelToDir(model, str(flags, 'out'));
    log(`[train] saved ${model.type} to ${str(flags, 'out')}`);
    return 0;
  }
  if (command === 'predict') {
    const model = loadModelFromDir(str(flags, 'model'));
    const histories = loadHistories(str(flags, 'data'), coinsOf(flags));
    const horizons = parseHorizons(str(flags, 'horizons', ALL_HORIZONS.join(',')));
    const at = typeof flags.at === 'string' ? parseDate(flags.at) : undefined;
    const { historyUntil } = await import('../data/candles');
    const out = histories.map((h) => ({ coin: h.coin, forecasts: model.predict(at ? historyUntil(h, at, model.lookback) : h, horizons) }));
    process.stdout.write(`${JSON.stringify(out, null, 1)}\n`);
    return 0;
  }
  log(`usage: cli backtest --data DIR --from YYYY-MM-DD --to YYYY-MM-DD [--coins BTC,ETH] [--horizons 1h,4h,24h,7d,30d]
                     [--model ${MODEL_NAMES.join('|')}] [--retrain-days K] [--origin-step-hours N] --out report.json [--html report.html] [--chart-coin BTC] [--save-model DIR]
     cli backtest --horizons 5m,15m,30m|1m --data DIR --from YYYY-MM-DD --to YYYY-MM-DD [--coins ...] [--model intraday|intraday-naive]
                  [--origin-step-minutes N] --out report.json [--save-model DIR]      (sub-hour horizons; also: cli backtest-intraday)
     cli train --data DIR --until YYYY-MM-DD --out DIR [--model NAME] [--coins ...] [--seed N]
     cli predict --model DIR --data DIR [--coins ...] [--horizons ...] [--at YYYY-MM-DD]
     ${STRATEGY_USAGE}
models:
${describeModels()
  .map((m) => `  ${[m.name, ...m.aliases].join(' | ')}: ${m.description}`)
  .join('\n')}`);
  return command === 'help' ? 0 : 1;
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      log(`error: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
