/** Performance figures of a strategy's per-period net returns. Pure. */

export const YEAR_MS = 365 * 86_400_000;

export interface StrategyMetrics {
  /** Periods simulated (decisions). */
  periods: number;
  /** Years the periods span (periods × period length / 365 days). */
  years: number;
  /** Final equity / initial − 1. */
  totalReturn: number;
  /** Compound annual growth rate: equity^(1 / years) − 1 (−1 when the equity was wiped out). */
  cagr: number;
  /** Annualised volatility: sample standard deviation of the period returns × √(periods per year). */
  volatility: number;
  /** Annualised Sharpe ratio at a zero risk-free rate: mean / sd × √(periods per year); null when sd is 0. */
  sharpe: number | null;
  /** Annualised Sortino ratio: mean / downside deviation (√ mean of min(r, 0)²) × √(periods per year); null without a losing period. */
  sortino: number | null;
  /** Largest fall of the equity from a previous peak (0.25 = −25 %), starting equity included. */
  maxDrawdown: number;
  /** Sum of |traded weight| (1 = the whole equity bought or sold once). */
  totalTurnover: number;
  /** Turnover per year. */
  turnover: number;
  /** Periods in which something was traded. */
  trades: number;
  /** Share of periods with a position (0..1). */
  exposureShare: number;
  /** Mean position (weight of equity in the coin). */
  averageExposure: number;
  /** Fees and slippage paid, as a sum of per-period return given up. */
  costs: number;
}

export function annualisationFactor(periodMs: number): number {
  return YEAR_MS / periodMs;
}

/** Equity curve from period returns, starting at 1 (length = returns + 1). */
export function equityCurve(returns: readonly number[]): number[] {
  const out = [1];
  for (const r of returns) out.push(out[out.length - 1]! * (1 + r));
  return out;
}

/** Largest relative fall from a running peak of an equity curve (0.1 = −10 %). */
export function maxDrawdown(equity: readonly number[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const e of equity) {
    if (e > peak) peak = e;
    if (peak > 0) worst = Math.max(worst, 1 - e / peak);
  }
  return worst;
}

export function strategyMetrics(input: {
  returns: readonly number[];
  positions: readonly number[];
  turnovers: readonly number[];
  costs: readonly number[];
  periodMs: number;
}): StrategyMetrics {
  const { returns, positions, turnovers, periodMs } = input;
  const n = returns.length;
  const ppy = annualisationFactor(periodMs);
  const years = n / ppy;
  const equity = equityCurve(returns);
  const final = equity[n]!;
  const mean = n > 0 ? returns.reduce((a, r) => a + r, 0) / n : 0;
  const sd = n > 1 ? Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / (n - 1)) : 0;
  const downside = n > 0 ? Math.sqrt(returns.reduce((a, r) => a + Math.min(r, 0) ** 2, 0) / n) : 0;
  const totalTurnover = turnovers.reduce((a, t) => a + t, 0);
  return {
    periods: n,
    years,
    totalReturn: final - 1,
    cagr: n === 0 ? 0 : final <= 0 ? -1 : final ** (1 / years) - 1,
    volatility: sd * Math.sqrt(ppy),
    sharpe: sd > 0 ? (mean / sd) * Math.sqrt(ppy) : null,
    sortino: downside > 0 ? (mean / downside) * Math.sqrt(ppy) : null,
    maxDrawdown: maxDrawdown(equity),
    totalTurnover,
    turnover: years > 0 ? totalTurnover / years : 0,
    trades: turnovers.filter((t) => t > 1e-12).length,
    exposureShare: n > 0 ? positions.filter((w) => Math.abs(w) > 1e-12).length / n : 0,
    averageExposure: n > 0 ? positions.reduce((a, w) => a + w, 0) / n : 0,
    costs: input.costs.reduce((a, c) => a + c, 0),
  };
}
