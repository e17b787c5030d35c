/**
 * Walk-forward simulation of one strategy on one coin. Pure, no look-ahead by construction: the weight held over
 * period i (from decision time t_i to t_{i+1}) is chosen from the forecast available at t_i and the weight the
 * previous periods left (which depends on prices up to t_i only); the period's price return is applied after.
 *
 * Costs: every unit of weight traded (turnover, |new weight − drifted old weight|, 1 = the whole equity) pays
 * fee + slippage, in basis points, out of that period's return: net = weight × return − turnover × cost. Between
 * decisions the position drifts with the price (a 60 % position that rose is more than 60 % of the equity at the
 * next decision), so rebalancing back costs what it would. Weights above 1 (leverage, `maxExposure` > 1) pay no
 * funding in this model.
 */
import { strategyMetrics, type StrategyMetrics } from './metrics';
import type { ForecastQuantiles } from './probability';

export interface DecisionPoint {
  /** Decision time (epoch ms). */
  time: number;
  /** Price at `time`: close of the last candle closed at or before it. */
  price: number;
  /** Forecast for the coming period made at or before `time`; absent: no forecast, the position is left as it is. */
  forecast?: ForecastQuantiles;
}

export interface CostModel {
  /** Exchange fee per unit of turnover, basis points. */
  feeBp: number;
  /** Slippage (spread + impact) per unit of turnover, basis points. */
  slippageBp: number;
}

export const DEFAULT_COSTS: CostModel = { feeBp: 10, slippageBp: 5 };

export interface Strategy {
  name: string;
  /** Words for people. */
  label: string;
  description: string;
  /**
   * Target weight for the coming period from the forecast at the decision; `held` is the weight the previous period
   * left after drifting with the price. Undefined: keep `held`.
   */
  target(forecast: ForecastQuantiles | undefined, held: number): number | undefined;
}

export interface PeriodResult {
  /** Decision time (start of the period). */
  time: number;
  /** Weight held over the period. */
  position: number;
  turnover: number;
  /** Price return of the coin over the period. */
  priceReturn: number;
  /** Return before costs (position × price return). */
  gross: number;
  /** Costs paid (turnover × cost). */
  cost: number;
  /** Return after costs. */
  net: number;
  /** Equity at the end of the period (start = 1). */
  equity: number;
}

export interface SimulationOptions {
  costs?: CostModel;
  /** Length of one period (the decision step) in ms, for annualising. */
  periodMs: number;
  /** A target within this distance of the held weight is not traded (0: always rebalance). */
  rebalanceBand?: number;
}

export interface SimulationResult {
  strategy: string;
  label: string;
  metrics: StrategyMetrics;
  periods: PeriodResult[];
}

export function costPerUnit(costs: CostModel): number {
  return (costs.feeBp + costs.slippageBp) / 10_000;
}

export function simulate(points: readonly DecisionPoint[], strategy: Strategy, options: SimulationOptions): SimulationResult {
  const unitCost = costPerUnit(options.costs ?? DEFAULT_COSTS);
  const band = options.rebalanceBand ?? 0;
  const periods: PeriodResult[] = [];
  let held = 0;
  let equity = 1;
  for (let i = 0; i + 1 < points.length; i++) {
    const p = points[i]!;
    const target = strategy.target(p.forecast, held);
    const weight = target === undefined || !Number.isFinite(target) || Math.abs(target - held) <= band ? held : target;
    const turnover = Math.abs(weight - held);
    const priceReturn = points[i + 1]!.price / p.price - 1;
    const gross = weight * priceReturn;
    const cost = turnover * unitCost;
    const net = gross - cost;
    equity *= 1 + net;
    periods.push({ time: p.time, position: weight, turnover, priceReturn, gross, cost, net, equity });
    // Drift with the price (gross of costs, so that costs never change the positions).
    const grown = 1 + gross;
    held = grown > 0 ? (weight * (1 + priceReturn)) / grown : 0;
  }
  return {
    strategy: strategy.name,
    label: strategy.label,
    metrics: strategyMetrics({
      returns: periods.map((x) => x.net),
      positions: periods.map((x) => x.position),
      turnovers: periods.map((x) => x.turnover),
      costs: periods.map((x) => x.cost),
      periodMs: options.periodMs,
    }),
    periods,
  };
}
