/**
 * The statistical guard: the ensemble leaves naive (for the point, the interval, or a blend of intervals) only when
 * a Diebold–Mariano test on the validation loss differential says the improvement is significant.
 *
 * Losses are taken per coin and origin, divided by that coin's mean naive loss over the validation period (so each
 * coin weighs as it does in relMae / relPinball), then averaged over the coins at each origin time: coins co-move,
 * so one time point is one observation, not sixteen. The resulting series d_t (model − naive, negative = model
 * better) overlaps across origins when the horizon is longer than the origin spacing; its long-run variance is
 * estimated with a Newey–West (Bartlett) HAC estimator at lag max(ceil(h / spacing) − 1, ⌊4 (n/100)^(2/9)⌋): the
 * classic DM lag h − 1 (in origin steps) for the overlap, and at least Newey–West's rule-of-thumb bandwidth, because
 * both sides' intervals come from rolling windows whose estimation errors persist beyond the overlap (with lag h − 1
 * alone the test over-rejected on a simulated random walk). On top of significance the gain must be material: the
 * mean relative loss reduction must reach minRelativeGain (1 %) — a smaller gain is not worth leaving naive for,
 * since the next year is not drawn from the validation year's distribution. Pure functions.
 */

export interface GuardTest {
  /** DM t statistic of mean(d) (negative = model better); null when it cannot be computed (too few points, d ≡ 0). */
  statistic: number | null;
  /** Validation origin times used (each the mean over the coins known at that time). */
  n: number;
  /** n × spacing / horizon: roughly the number of non-overlapping outcomes. */
  effectiveN: number;
  /** HAC lag in origin steps. */
  lag: number;
  /** Mean relative loss differential (≈ relLoss − 1). */
  meanLossDiff: number;
  /** statistic ≤ −criticalValue, meanLossDiff ≤ −minRelativeGain and effectiveN ≥ minEffectiveN. */
  significant: boolean;
}

export interface GuardSettings {
  /** One-sided critical value of the DM statistic (1.96: a 2.5 % one-sided test). */
  criticalValue: number;
  /** Fewest non-overlapping outcomes a decision may rest on. */
  minEffectiveN: number;
  /** Smallest mean relative loss reduction worth leaving naive for (0.01 = 1 %). */
  minRelativeGain: number;
}

export const DEFAULT_GUARD: GuardSettings = { criticalValue: 1.96, minEffectiveN: 30, minRelativeGain: 0.01 };

/** HAC lag: the overlap of h-step outcomes (h − 1 in origin steps), at least Newey–West's rule of thumb. */
export function guardLag(horizonMs: number, spacingMs: number, n: number): number {
  const overlap = Math.max(0, Math.ceil(horizonMs / spacingMs) - 1);
  return Math.max(overlap, Math.floor(4 * (n / 100) ** (2 / 9)));
}

/** Newey–West long-run variance of a series at the given lag (Bartlett weights). */
export function neweyWestVariance(d: ArrayLike<number>, lag: number): number {
  const n = d.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i]!;
  mean /= n;
  const gamma = (k: number) => {
    let s = 0;
    for (let i = k; i < n; i++) s += (d[i]! - mean) * (d[i - k]! - mean);
    return s / n;
  };
  let v = gamma(0);
  for (let k = 1; k <= Math.min(lag, n - 1); k++) v += 2 * (1 - k / (lag + 1)) * gamma(k);
  return v;
}

/** Diebold–Mariano statistic of a loss-differential series (mean / HAC standard error). */
export function dieboldMariano(d: ArrayLike<number>, lag: number): number | null {
  const n = d.length;
  if (n < 10) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += d[i]!;
  mean /= n;
  const v = neweyWestVariance(d, lag);
  if (!(v > 1e-300)) return null;
  return mean / Math.sqrt(v / n);
}

/** One loss pair at a validation origin. */
export interface LossPair {
  coin: string;
  time: number;
  model: number;
  naive: number;
}

/**
 * The guard's test for one horizon: relative loss differentials averaged over coins per origin time, DM with HAC at
 * lag ceil(horizonMs / spacingMs) − 1.
 */
export function guardTest(pairs: LossPair[], horizonMs: number, spacingMs: number, settings: GuardSettings = DEFAULT_GUARD): GuardTest {
  const naiveMean = new Map<string, { s: number; n: number }>();
  for (const p of pairs) {
    const e = naiveMean.get(p.coin) ?? { s: 0, n: 0 };
    e.s += p.naive;
    e.n++;
    naiveMean.set(p.coin, e);
  }
  const byTime = new Map<number, { s: number; n: number }>();
  for (const p of pairs) {
    const nm = naiveMean.get(p.coin)!;
    const scale = nm.s / nm.n;
    if (!(scale > 0)) continue;
    const e = byTime.get(p.time) ?? { s: 0, n: 0 };
    e.s += (p.model - p.naive) / scale;
    e.n++;
    byTime.set(p.time, e);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  const d = Float64Array.from(times.map((t) => byTime.get(t)!.s / byTime.get(t)!.n));
  const n = d.length;
  const lag = guardLag(horizonMs, spacingMs, n);
  const effectiveN = Math.min(n, (n * spacingMs) / horizonMs);
  const statistic = dieboldMariano(d, lag);
  let meanLossDiff = 0;
  for (const x of d) meanLossDiff += x;
  meanLossDiff = n ? meanLossDiff / n : 0;
  const significant =
    statistic !== null && statistic <= -settings.criticalValue && meanLossDiff <= -settings.minRelativeGain && effectiveN >= settings.minEffectiveN;
  return { statistic, n, effectiveN, lag, meanLossDiff, significant };
}

/** Pinball loss of a quantile q at level tau for outcome y. */
export function pinballLoss(q: number, y: number, tau: number): number {
  const d = y - q;
  return d >= 0 ? tau * d : (tau - 1) * d;
}

/** What the guard decided for one horizon (stored with the model: metadata.guard[h] and weights[h].guard). */
export interface HorizonGuard {
  /** The served point is exactly the last price (naive's point). */
  pointIsNaive: boolean;
  /** The served quantiles are exactly naive's (empirical trailing h-step returns, see naiveModel). */
  intervalIsNaive: boolean;
  /** 'model': the ensemble's quantiles; 'blend': the average of the ensemble's and naive's log-return quantiles. */
  intervalSource: 'naive' | 'model' | 'blend';
  /** Point test: loss |log return − point log return|, combined point vs naive. */
  point: GuardTest;
  /** Interval test: mean pinball over the six non-median levels (log-return units), chosen interval vs naive's. */
  interval: GuardTest;
  /** Each candidate interval's test against naive's ('model', 'blend'): what the choice was made from. */
  intervalCandidates?: Partial<Record<'model' | 'blend', GuardTest>>;
  /** The interval test's statistic and sample size (convenience copies). */
  statistic: number | null;
  n: number;
  validation: { from: string; to: string; originStepHours: number };
  criticalValue: number;
  minEffectiveN: number;
  minRelativeGain: number;
}

/** A guard for a horizon with no validation evidence: naive everywhere. */
export function naiveGuard(validation: HorizonGuard['validation'], settings: GuardSettings = DEFAULT_GUARD): HorizonGuard {
  const none: GuardTest = { statistic: null, n: 0, effectiveN: 0, lag: 0, meanLossDiff: 0, significant: false };
  return {
    pointIsNaive: true,
    intervalIsNaive: true,
    intervalSource: 'naive',
    point: none,
    interval: none,
    statistic: null,
    n: 0,
    validation,
    criticalValue: settings.criticalValue,
    minEffectiveN: settings.minEffectiveN,
    minRelativeGain: settings.minRelativeGain,
  };
}
