/**
 * `cli strategy`: trains the model strictly before --from (like `backtest`), forecasts walk-forward at every decision
 * time in [from, to] and runs the strategies per coin, then the median over coins and an equal-weight portfolio.
 */
import { writeFileSync } from 'node:fs';
import { loadHistories, parseDate } from '../data/candles';
import { HORIZONS } from '../data/horizons';
import { acceptedModelNames, findModelKind } from '../models/registry';
import type { Horizon } from '../types';
import type { StrategyMetrics } from './metrics';
import { modelDecisionPoints, decisionTimes } from './points';
import { medianOverCoins, portfolioOf, runStrategies, verdicts, DEFAULT_REBALANCE_BAND, type SummaryMetrics } from './report';
import { DEFAULT_STRATEGY_SETTINGS, type StrategySettings } from './strategies';
import { DEFAULT_COSTS, type CostModel } from './simulate';

type Flags = Record<string, string | boolean>;

const log = (m: string) => process.stderr.write(`${m}\n`);

function str(flags: Flags, key: string, fallback?: string): string {
  const v = flags[key];
  if (typeof v === 'string') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${key}`);
}

function num(flags: Flags, key: string, fallback: number): number {
  const v = Number(str(flags, key, String(fallback)));
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${key} must be a number ≥ 0`);
  return v;
}

export const STRATEGY_USAGE = `cli strategy --data DIR --from YYYY-MM-DD --to YYYY-MM-DD [--coins BTC,ETH] [--model default|garch|naive] [--horizon 24h|4h|1h]
                     [--fee-bp 10] [--slippage-bp 5] [--target-vol 0.5] [--max-exposure 1] [--up-threshold 0.5] [--band 0.05] [--seed 42] --out report.json`;

const pct = (x: number | null) => (x === null ? '   n/a' : `${(100 * x).toFixed(1)}%`.padStart(7));
const fix = (x: number | null) => (x === null ? '  n/a' : x.toFixed(2).padStart(5));

function row(name: string, label: string, m: StrategyMetrics | SummaryMetrics): string {
  return `${name.padEnd(8)} | ${label.padEnd(19)} | ${pct(m.cagr)} | ${pct(m.volatility)} | ${fix(m.sharpe)} | ${fix(m.sortino)} | ${pct(m.maxDrawdown)} | ${fix(m.turnover).padStart(11)} | ${String(m.trades === null ? 'n/a' : Math.round(m.trades)).padStart(6)} | ${pct(m.exposureShare).padStart(6)} | ${fix(m.averageExposure)}`;
}
const HEADER = 'coin     | strategy            |    CAGR |     vol | Sharpe | Sortino |  max DD | turnover/yr | trades |  in mkt | avg w';

export async function runStrategyCommand(flags: Flags): Promise<number> {
  const started = Date.now();
  const histories = loadHistories(str(flags, 'data'), typeof flags.coins === 'string' ? flags.coins.split(',').map((c) => c.trim().toUpperCase()) : undefined);
  const from = parseDate(str(flags, 'from'));
  const to = parseDate(str(flags, 'to'));
  if (!(from < to)) throw new Error('--from must be before --to');
  const horizon = str(flags, 'horizon', '24h') as Horizon;
  if (!(horizon in HORIZONS) || HORIZONS[horizon].timeframe !== 'hourly') throw new Error('--horizon must be 1h, 4h or 24h (decisions every horizon)');
  const modelName = str(flags, 'model', 'default');
  const kind = findModelKind(modelName);
  if (!kind) throw new Error(`unknown --model ${modelName} (expected one of ${acceptedModelNames().join(', ')})`);
  const stepMs = HORIZONS[horizon].ms;
  const costs: CostModel = { feeBp: num(flags, 'fee-bp', DEFAULT_COSTS.feeBp), slippageBp: num(flags, 'slippage-bp', DEFAULT_COSTS.slippageBp) };
  const settings: StrategySettings = {
    horizonMs: stepMs,
    targetVol: num(flags, 'target-vol', DEFAULT_STRATEGY_SETTINGS.targetVol),
    maxExposure: num(flags, 'max-exposure', DEFAULT_STRATEGY_SETTINGS.maxExposure),
    upThreshold: num(flags, 'up-threshold', DEFAULT_STRATEGY_SETTINGS.upThreshold),
  };
  const band = num(flags, 'band', DEFAULT_REBALANCE_BAND);
  const seed = Number(str(flags, 'seed', '42'));

  log(
    `[strategy] ${histories.length} coins, ${horizon} decisions from ${str(flags, 'from')} to ${str(flags, 'to')}, model ${modelName} trained before ${str(flags, 'from')}`,
  );
  const t0 = Date.now();
  // Fitted once on candles strictly before `from`: every decision in the window is out of sample.
  const model = await kind.train(histories, { until: from, seed, onProgress: (p) => log(`[train] ${p.stage}: ${p.message}`) });
  const trainSeconds = (Date.now() - t0) / 1000;
  const times = decisionTimes(from, to, stepMs);
  const reports = histories.map((h) => {
    const points = modelDecisionPoints(model, h, horizon, times, stepMs);
    log(`[strategy] ${h.coin}: ${points.length} decision points`);
    return runStrategies(h.coin, points, { settings, costs, rebalanceBand: band });
  });
  const usable = reports.filter((r) => r.forecasts > 0);
  const median = medianOverCoins(usable);
  const portfolio = portfolioOf(usable, stepMs);

  log(HEADER);
  for (const r of usable) for (const s of r.results) log(row(r.coin, s.label, s.metrics));
  log('median over coins');
  for (const s of median) log(row('median', s.label, s.metrics));
  log('equal-weight portfolio of the coins');
  for (const s of portfolio) log(row('portf.', s.label, s.metrics));
  const portfolioVerdicts = verdicts(portfolio);
  const perCoinVerdicts = usable.map((r) => ({ coin: r.coin, verdicts: verdicts(r.results) }));
  for (const v of portfolioVerdicts) log(`portfolio: ${v.sentence}`);
  for (const s of portfolioVerdicts.map((v) => v.strategy))
    log(
      `${s}: beats buy-and-hold on CAGR in ${perCoinVerdicts.filter((c) => c.verdicts.find((v) => v.strategy === s)?.beatsOnReturn).length}/${usable.length} coins, on Sharpe in ${perCoinVerdicts.filter((c) => c.verdicts.find((v) => v.strategy === s)?.beatsOnSharpe).length}/${usable.length}`,
    );

  const report = {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    model: { type: model.type, version: model.version, trainedBefore: new Date(from).toISOString(), trainSeconds },
    horizon,
    costs,
    settings: { ...settings, rebalanceBand: band },
    coins: usable.map((r) => ({
      coin: r.coin,
      forecasts: r.forecasts,
      results: r.results.map((s) => ({ strategy: s.strategy, label: s.label, metrics: s.metrics })),
      verdicts: verdicts(r.results),
    })),
    median,
    portfolio: portfolio.map((p) => ({ strategy: p.strategy, label: p.label, metrics: p.metrics })),
    portfolioVerdicts,
    portfolioEquity: Object.fromEntries(portfolio.map((p) => [p.strategy, p.equity])),
    elapsedSeconds: (Date.now() - started) / 1000,
  };
  writeFileSync(str(flags, 'out'), JSON.stringify(report, null, 1));
  log(`[strategy] done in ${report.elapsedSeconds.toFixed(0)} s (training ${trainSeconds.toFixed(0)} s); report in ${str(flags, 'out')}`);
  return 0;
}
