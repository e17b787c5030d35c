/**
 * The strategy page's report from what the product served: walk-forward decisions at each origin on the horizon's
 * grid, with the forecast served for that origin (out of sample by construction: it was made and stored then) and
 * the stored closes. The simulation and metrics are ml's (the same code as `cli strategy`). Pure.
 */
import {
  DEFAULT_COSTS,
  DEFAULT_REBALANCE_BAND,
  DEFAULT_STRATEGY_SETTINGS,
  defaultStrategies,
  runStrategies,
  verdicts,
  type CostModel,
  type DecisionPoint,
  type SimulationResult,
} from '@coincast/ml';
import type { StrategyEquityPointDto, StrategyHorizon, StrategyReportDto } from './strategy.dto';
import type { ServedForecastPoint } from './strategy-ports';

export const STRATEGY_STEP_MS: Record<StrategyHorizon, number> = { '1h': 3_600_000, '4h': 4 * 3_600_000, '24h': 86_400_000 };
/** Decisions with a served forecast needed before figures are shown: 30 days of daily decisions, 15 days at 4h, a week hourly. */
export const REQUIRED_DECISIONS: Record<StrategyHorizon, number> = { '1h': 168, '4h': 90, '24h': 30 };
/** The page looks back this far. */
export const STRATEGY_WINDOW_DAYS = 365;
const MAX_EQUITY_POINTS = 400;

export interface StrategyInput {
  symbol: string;
  horizon: StrategyHorizon;
  now: number;
  forecasts: readonly ServedForecastPoint[];
  /** Close at each decision time (by time). */
  closes: ReadonlyMap<number, number>;
  costs?: CostModel;
}

const iso = (t: number) => new Date(t).toISOString();

/** Decision times from the first served origin to the last grid time at or before now. */
export function decisionGrid(forecasts: readonly ServedForecastPoint[], now: number, stepMs: number): number[] {
  if (forecasts.length === 0) return [];
  const out: number[] = [];
  for (let t = forecasts[0]!.originTime; t <= now; t += stepMs) out.push(t);
  return out;
}

export function strategyReport(input: StrategyInput): StrategyReportDto {
  const step = STRATEGY_STEP_MS[input.horizon];
  const costs = input.costs ?? DEFAULT_COSTS;
  const settings = { ...DEFAULT_STRATEGY_SETTINGS, horizonMs: step };
  const byOrigin = new Map(input.forecasts.map((f) => [f.originTime, f]));
  const points: DecisionPoint[] = [];
  for (const t of decisionGrid(input.forecasts, input.now, step)) {
    const f = byOrigin.get(t);
    const price = input.closes.get(t) ?? f?.lastPrice;
    // No close and no forecast at t (a gap): the period runs on to the next time with a price.
    if (price === undefined) continue;
    points.push({ time: t, price, ...(f ? { forecast: { lastPrice: f.lastPrice, quantiles: f.quantiles } } : {}) });
  }
  // A last point without a close yet ends nothing: drop trailing points whose price came from the forecast alone.
  while (points.length > 0 && !input.closes.has(points.at(-1)!.time)) points.pop();
  const simulated = points.slice(0, -1).filter((p) => p.forecast).length;
  const required = REQUIRED_DECISIONS[input.horizon];
  // Before there are enough, count every served forecast whose period is over (a close may still be missing).
  const ended = input.forecasts.filter((f) => f.originTime + step <= input.now).length;
  const decisions = simulated >= required ? simulated : Math.max(simulated, ended);
  const base = {
    symbol: input.symbol,
    horizon: input.horizon,
    marketTime: iso(input.now),
    decisions,
    requiredDecisions: required,
    from: points.length > 1 ? iso(points[0]!.time) : null,
    to: points.length > 1 ? iso(points.at(-1)!.time) : null,
    costs: { feeBp: costs.feeBp, slippageBp: costs.slippageBp },
    settings: { targetVol: settings.targetVol, maxExposure: settings.maxExposure, upThreshold: settings.upThreshold, rebalanceBand: DEFAULT_REBALANCE_BAND },
  };
  if (simulated < required) {
    return { ...base, status: 'insufficient', readyAt: iso(input.now + Math.max(1, required - decisions) * step), strategies: [], verdicts: [], equity: [] };
  }
  const run = runStrategies(input.symbol, points, { settings, costs });
  const descriptions = new Map(defaultStrategies(settings).map((s) => [s.name, s.description]));
  return {
    ...base,
    status: 'ready',
    readyAt: null,
    strategies: run.results.map((r) => ({
      key: r.strategy,
      label: r.label,
      description: descriptions.get(r.strategy) ?? '',
      cagr: r.metrics.cagr,
      totalReturn: r.metrics.totalReturn,
      volatility: r.metrics.volatility,
      sharpe: r.metrics.sharpe,
      sortino: r.metrics.sortino,
      maxDrawdown: r.metrics.maxDrawdown,
      turnover: r.metrics.turnover,
      trades: r.metrics.trades,
      exposureShare: r.metrics.exposureShare,
      averageExposure: r.metrics.averageExposure,
      costs: r.metrics.costs,
    })),
    verdicts: verdicts(run.results).map((v) => ({ key: v.strategy, beatsOnReturn: v.beatsOnReturn, beatsOnSharpe: v.beatsOnSharpe, sentence: v.sentence })),
    equity: equityCurves(run.results, points.at(-1)!.time),
  };
}

/** The three curves side by side (start = 1 at the first decision), thinned to at most MAX_EQUITY_POINTS. */
function equityCurves(results: readonly SimulationResult[], end: number): StrategyEquityPointDto[] {
  const of = (key: string) => results.find((r) => r.strategy === key)!.periods;
  const [vol, dir, hold] = [of('vol-target'), of('direction'), of('buy-and-hold')];
  // Equity at the start of each period, then at the end of the last.
  const rows = hold.map((p, i) => ({
    time: p.time,
    volTarget: i === 0 ? 1 : vol[i - 1]!.equity,
    direction: i === 0 ? 1 : dir[i - 1]!.equity,
    buyAndHold: i === 0 ? 1 : hold[i - 1]!.equity,
  }));
  rows.push({ time: end, volTarget: vol.at(-1)!.equity, direction: dir.at(-1)!.equity, buyAndHold: hold.at(-1)!.equity });
  const every = Math.ceil(rows.length / MAX_EQUITY_POINTS);
  return rows.filter((_, i) => i % every === 0 || i === rows.length - 1).map((r) => ({ ...r, time: iso(r.time) }));
}
