/**
 * The forecast of a portfolio's value: per-coin forecast quantiles (the marginals) joined by the coins' joint
 * behaviour on history (an empirical copula), then value at risk, expected shortfall and each holding's share.
 *
 * Why a copula of ranks: the served forecasts already say how far each coin may move over the horizon; history says
 * how the coins move together (crypto moves together, most of all in crashes). Scenario s takes the joint ranks of the
 * held coins' h-horizon returns on one historical window and maps each coin's rank through that coin's forecast
 * quantile function, so every scenario has the forecast's spread per coin and history's co-movement across coins.
 * Treating coins as independent would make a diversified portfolio's range far too narrow.
 *
 * Pure: no framework imports; numbers in, numbers out.
 */

/** A forecast marginal as served: quantile levels (ascending, in (0, 1)) and the log return at each. */
export interface Marginal {
  levels: readonly number[];
  logReturns: readonly number[];
}

export interface RiskyHolding {
  asset: string;
  /** Value now, in the portfolio's currency. */
  value: number;
  marginal: Marginal;
}

export interface PortfolioRiskInput {
  /** Cash and stablecoins: counted at their value, without risk. */
  riskless: number;
  holdings: readonly RiskyHolding[];
  /**
   * Joint history: one row per historical window, one h-horizon log return per holding (same order as `holdings`).
   * Fewer rows than MIN_JOINT_OBSERVATIONS: the holdings are taken to move together fully (comonotonic), the
   * cautious choice when co-movement cannot be measured.
   */
  jointHistory: readonly (readonly number[])[];
}

/** Levels of the portfolio value reported: the 80 % and 90 % central ranges and the median. */
export const RANGE_LEVELS = [0.05, 0.1, 0.5, 0.9, 0.95] as const;
/** Value at risk and expected shortfall are at 95 % (the worst 1 in 20 outcomes). */
export const TAIL_LEVEL = 0.95;
export const MIN_JOINT_OBSERVATIONS = 30;
/** Comonotonic fallback: this many evenly spaced ranks. */
const COMONOTONIC_SCENARIOS = 999;

export interface HoldingRisk {
  asset: string;
  value: number;
  /** Euler contribution to the expected shortfall: the holding's mean loss in the portfolio's worst 5 % of scenarios. */
  expectedShortfall: number;
  /** Its share of the portfolio's expected shortfall (the shares of all holdings sum to 1; 0 when there is no risk). */
  share: number;
}

export interface PortfolioRisk {
  value: number;
  /** Portfolio value quantiles at RANGE_LEVELS (keys '0.05', '0.1', '0.5', '0.9', '0.95'). */
  quantiles: Record<string, number>;
  /** Loss (positive = money lost) not exceeded with 95 % probability. */
  valueAtRisk: number;
  /** Mean loss in the worst 5 % of scenarios. */
  expectedShortfall: number;
  holdings: HoldingRisk[];
  scenarios: number;
  /** historical: joint ranks from history; comonotonic: too little shared history, moved together fully; none: at most one coin. */
  dependence: 'historical' | 'comonotonic' | 'none';
}

/**
 * Quantile function of a marginal: linear between the served levels; beyond the outer levels an exponential
 * (Laplace) tail whose scale is fitted on the two outer levels of that side, so tails are fatter than a normal's
 * (what crypto returns show) yet finite for every u in (0, 1).
 */
export function marginalQuantile(m: Marginal, u: number): number {
  const { levels, logReturns: x } = m;
  const n = levels.length;
  if (n === 0) return 0;
  if (n === 1) return x[0]!;
  if (u <= levels[0]!) {
    const scale = Math.max(0, (x[1]! - x[0]!) / Math.log(levels[1]! / levels[0]!));
    return x[0]! - scale * Math.log(levels[0]! / Math.max(u, 1e-12));
  }
  if (u >= levels[n - 1]!) {
    const scale = Math.max(0, (x[n - 1]! - x[n - 2]!) / Math.log((1 - levels[n - 2]!) / (1 - levels[n - 1]!)));
    return x[n - 1]! + scale * Math.log((1 - levels[n - 1]!) / Math.max(1 - u, 1e-12));
  }
  let i = 1;
  while (levels[i]! < u) i++;
  const w = (u - levels[i - 1]!) / (levels[i]! - levels[i - 1]!);
  return x[i - 1]! + w * (x[i]! - x[i - 1]!);
}

/** Empirical quantile (linear between order statistics, R's type 7) of an ascending array. */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Pseudo-observations of one column: rank / (n + 1), ties sharing their mean rank. */
export function pseudoObservations(column: readonly number[]): Float64Array {
  const n = column.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => column[a]! - column[b]!);
  const u = new Float64Array(n);
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && column[order[end]!] === column[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) u[order[k]!] = rank / (n + 1);
    start = end;
  }
  return u;
}

/** Joint uniform scenarios (scenario-major: scenarios × holdings) from the joint history, or comonotonic ones. */
function copulaScenarios(input: PortfolioRiskInput): { u: Float64Array[]; dependence: PortfolioRisk['dependence'] } {
  const k = input.holdings.length;
  const rows = input.jointHistory.filter((row) => row.length === k && row.every(Number.isFinite));
  if (k > 1 && rows.length >= MIN_JOINT_OBSERVATIONS) {
    const columns = Array.from({ length: k }, (_, j) => pseudoObservations(rows.map((row) => row[j]!)));
    return { u: rows.map((_, s) => Float64Array.from(columns, (col) => col[s]!)), dependence: 'historical' };
  }
  const u = Array.from({ length: COMONOTONIC_SCENARIOS }, (_, s) => new Float64Array(k).fill((s + 1) / (COMONOTONIC_SCENARIOS + 1)));
  // One holding needs no co-movement: its ranks are simply evenly spaced.
  return { u, dependence: k <= 1 ? 'none' : 'comonotonic' };
}

/** The portfolio's value distribution at one horizon, its 95 % VaR and ES, and each holding's Euler share of the ES. */
export function portfolioRisk(input: PortfolioRiskInput): PortfolioRisk {
  const holdings = input.holdings.filter((h) => h.value > 0);
  const kept = { ...input, holdings, jointHistory: input.jointHistory.map((row) => row.filter((_, j) => input.holdings[j]!.value > 0)) };
  const value = input.riskless + holdings.reduce((sum, h) => sum + h.value, 0);
  const { u, dependence } = copulaScenarios(kept);
  const n = u.length;
  // Profit and loss per scenario and holding.
  const pnl = u.map((row) => Float64Array.from(holdings, (h, j) => h.value * Math.expm1(marginalQuantile(h.marginal, row[j]!))));
  const total = pnl.map((row) => row.reduce((sum, x) => sum + x, 0));
  const sorted = Float64Array.from(total).sort();
  const quantiles: Record<string, number> = {};
  for (const level of RANGE_LEVELS) quantiles[String(level)] = value + (holdings.length ? sortedQuantile(sorted, level) : 0);
  const valueAtRisk = holdings.length ? Math.max(0, -sortedQuantile(sorted, 1 - TAIL_LEVEL)) : 0;
  // The tail: the worst ceil(5 %) scenarios; ES and its Euler split are means over the same set, so shares sum to 1.
  const tailSize = Math.max(1, Math.ceil(n * (1 - TAIL_LEVEL)));
  const tail = Array.from({ length: n }, (_, s) => s)
    .sort((a, b) => total[a]! - total[b]!)
    .slice(0, tailSize);
  const contribution = holdings.map((_, j) => (holdings.length ? -tail.reduce((sum, s) => sum + pnl[s]![j]!, 0) / tailSize : 0));
  const expectedShortfall = contribution.reduce((sum, c) => sum + c, 0);
  return {
    value,
    quantiles,
    valueAtRisk,
    expectedShortfall: Math.max(0, expectedShortfall),
    holdings: holdings.map((h, j) => ({
      asset: h.asset,
      value: h.value,
      expectedShortfall: contribution[j]!,
      share: expectedShortfall > 0 ? contribution[j]! / expectedShortfall : 0,
    })),
    scenarios: n,
    dependence,
  };
}

/**
 * Overlapping h-step log returns of aligned close series (one series per holding, same timestamps), oldest first:
 * row t is the return from close t to close t + steps. Rows with a missing (non-positive) close are dropped.
 */
export function jointLogReturns(closes: readonly (readonly number[])[], steps: number): number[][] {
  if (closes.length === 0) return [];
  const length = Math.min(...closes.map((c) => c.length));
  const rows: number[][] = [];
  for (let t = 0; t + steps < length; t++) {
    const row = closes.map((c) => Math.log(c[t + steps]! / c[t]!));
    if (row.every(Number.isFinite)) rows.push(row);
  }
  return rows;
}

/** A served price-quantile forecast as a log-return marginal (levels ascending; quantiles made non-decreasing). */
export function marginalFromPriceQuantiles(lastPrice: number, quantiles: Record<string, number>): Marginal {
  const entries = Object.entries(quantiles)
    .map(([level, price]) => [Number(level), price] as const)
    .filter(([level, price]) => level > 0 && level < 1 && price > 0 && Number.isFinite(price))
    .sort((a, b) => a[0] - b[0]);
  const logReturns: number[] = [];
  for (const [, price] of entries) logReturns.push(Math.max(logReturns.at(-1) ?? -Infinity, Math.log(price / lastPrice)));
  return { levels: entries.map(([level]) => level), logReturns };
}

/** An empirical marginal from the coin's own history (when no forecast is served): its h-return quantiles. */
export function marginalFromHistory(logReturns: readonly number[], levels: readonly number[] = [0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95]): Marginal {
  const sorted = Float64Array.from(logReturns).sort();
  return { levels, logReturns: levels.map((level) => sortedQuantile(sorted, level)) };
}

/** The horizons of the portfolio forecast and their length in days (the joint history's return step). */
export const PORTFOLIO_HORIZONS = [
  { horizon: '24h', days: 1 },
  { horizon: '7d', days: 7 },
  { horizon: '30d', days: 30 },
] as const;
export type PortfolioHorizon = (typeof PORTFOLIO_HORIZONS)[number]['horizon'];

/**
 * Days of daily closes the joint history covers: three years hold ~1,000 overlapping windows at every horizon and
 * span calm and stressed markets alike (the 2022 crash is in range for a 2024-25 origin).
 */
export const JOINT_HISTORY_DAYS = 1095;

/**
 * Aligns daily close series (per holding: open time → close) on the days every holding has a close, oldest first,
 * keeping the last `days` of them.
 */
export function alignDailyCloses(series: readonly ReadonlyMap<number, number>[], days = JOINT_HISTORY_DAYS): number[][] {
  if (series.length === 0) return [];
  const shared = [...series[0]!.keys()].filter((t) => series.every((s) => (s.get(t) ?? 0) > 0)).sort((a, b) => a - b);
  const kept = shared.slice(Math.max(0, shared.length - days));
  return series.map((s) => kept.map((t) => s.get(t)!));
}
