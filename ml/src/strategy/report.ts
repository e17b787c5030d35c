/** Per-coin strategy runs, the median over coins and an equal-weight portfolio; plain verdicts against buy-and-hold. Pure. */
import { median } from '../math';
import { strategyMetrics, type StrategyMetrics } from './metrics';
import { DEFAULT_COSTS, simulate, type CostModel, type DecisionPoint, type SimulationResult } from './simulate';
import { defaultStrategies, type StrategySettings } from './strategies';

export interface StrategyRunOptions {
  settings: StrategySettings;
  costs?: CostModel;
  /** Targets within this of the held weight are not traded (default 0.05: 5 % of the equity). */
  rebalanceBand?: number;
}

export const DEFAULT_REBALANCE_BAND = 0.05;

export interface CoinStrategyReport {
  coin: string;
  from: number;
  to: number;
  /** Decisions that had a forecast. */
  forecasts: number;
  results: SimulationResult[];
}

/** Runs the default strategies on one coin's decision points. */
export function runStrategies(coin: string, points: readonly DecisionPoint[], options: StrategyRunOptions): CoinStrategyReport {
  const band = options.rebalanceBand ?? DEFAULT_REBALANCE_BAND;
  return {
    coin,
    from: points[0]?.time ?? NaN,
    to: points.at(-1)?.time ?? NaN,
    forecasts: points.slice(0, -1).filter((p) => p.forecast).length,
    results: defaultStrategies(options.settings).map((s) =>
      simulate(points, s, { costs: options.costs ?? DEFAULT_COSTS, periodMs: options.settings.horizonMs, rebalanceBand: s.name === 'buy-and-hold' ? 0 : band }),
    ),
  };
}

/**
 * Equal-weight portfolio of the coins for each strategy: every period each coin present gets the same share of the
 * equity (rebalanced across coins each period, at no extra cost in this model), so the portfolio's return is the
 * mean of the coins' net returns at that time.
 */
export function portfolioOf(
  reports: readonly CoinStrategyReport[],
  periodMs: number,
): { strategy: string; label: string; metrics: StrategyMetrics; equity: { time: number; equity: number }[] }[] {
  const names = reports[0]?.results.map((r) => ({ strategy: r.strategy, label: r.label })) ?? [];
  return names.map(({ strategy, label }) => {
    const byTime = new Map<number, { net: number[]; position: number[]; turnover: number[]; cost: number[] }>();
    for (const report of reports) {
      const result = report.results.find((r) => r.strategy === strategy);
      for (const p of result?.periods ?? []) {
        const slot = byTime.get(p.time) ?? { net: [], position: [], turnover: [], cost: [] };
        slot.net.push(p.net);
        slot.position.push(p.position);
        slot.turnover.push(p.turnover);
        slot.cost.push(p.cost);
        byTime.set(p.time, slot);
      }
    }
    const times = [...byTime.keys()].sort((a, b) => a - b);
    const avg = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const rows = times.map((t) => byTime.get(t)!);
    const returns = rows.map((r) => avg(r.net));
    let e = 1;
    return {
      strategy,
      label,
      metrics: strategyMetrics({
        returns,
        positions: rows.map((r) => avg(r.position)),
        turnovers: rows.map((r) => avg(r.turnover)),
        costs: rows.map((r) => avg(r.cost)),
        periodMs,
      }),
      equity: times.map((time, i) => ({ time, equity: (e *= 1 + returns[i]!) })),
    };
  });
}

const METRIC_KEYS = [
  'cagr',
  'volatility',
  'sharpe',
  'sortino',
  'maxDrawdown',
  'turnover',
  'trades',
  'exposureShare',
  'averageExposure',
  'totalReturn',
] as const;
export type SummaryMetrics = Record<(typeof METRIC_KEYS)[number], number | null>;

/** Median over coins of each metric, per strategy (null Sharpe/Sortino are left out of their medians). */
export function medianOverCoins(reports: readonly CoinStrategyReport[]): { strategy: string; label: string; coins: number; metrics: SummaryMetrics }[] {
  const names = reports[0]?.results.map((r) => ({ strategy: r.strategy, label: r.label })) ?? [];
  return names.map(({ strategy, label }) => {
    const ms = reports.map((r) => r.results.find((x) => x.strategy === strategy)!.metrics);
    const metrics = {} as SummaryMetrics;
    for (const k of METRIC_KEYS) {
      const xs = ms.map((m) => m[k]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      metrics[k] = xs.length ? median(xs) : null;
    }
    return { strategy, label, coins: ms.length, metrics };
  });
}

export interface Verdict {
  strategy: string;
  label: string;
  beatsOnReturn: boolean;
  beatsOnSharpe: boolean;
  sentence: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const ratio = (x: number | null) => (x === null ? 'n/a' : x.toFixed(2));

/**
 * Against buy-and-hold: the strategy beats it on return when its CAGR is higher, on risk-adjusted return when its
 * Sharpe is higher. The sentence says plainly when it does not.
 */
export function verdicts(
  results: readonly { strategy: string; label: string; metrics: Pick<StrategyMetrics, 'cagr' | 'sharpe' | 'maxDrawdown' | 'trades'> }[],
): Verdict[] {
  const hold = results.find((r) => r.strategy === 'buy-and-hold');
  if (!hold) return [];
  return results
    .filter((r) => r !== hold)
    .map((r) => {
      const beatsOnReturn = r.metrics.cagr > hold.metrics.cagr;
      const beatsOnSharpe = (r.metrics.sharpe ?? -Infinity) > (hold.metrics.sharpe ?? -Infinity);
      const figures = `${pct(r.metrics.cagr)} a year against ${pct(hold.metrics.cagr)} for holding (Sharpe ${ratio(r.metrics.sharpe)} against ${ratio(hold.metrics.sharpe)}, worst fall ${pct(r.metrics.maxDrawdown)} against ${pct(hold.metrics.maxDrawdown)})`;
      const sentence =
        r.metrics.trades === 0
          ? `${r.label} never entered the market, so it earned nothing, against ${pct(hold.metrics.cagr)} a year for holding.`
          : beatsOnReturn
            ? `${r.label} earned more than holding: ${figures}.`
            : beatsOnSharpe
              ? `${r.label} earned less than holding but with better return for its risk: ${figures}.`
              : `${r.label} earned less than holding, and less for the risk it took: ${figures}.`;
      return { strategy: r.strategy, label: r.label, beatsOnReturn, beatsOnSharpe, sentence };
    });
}
