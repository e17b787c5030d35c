/**
 * Paired comparison of two forecasters on the same outcomes (Diebold–Mariano with a Newey–West variance), the
 * evidence the lifecycle asks for before it promotes, keeps or rolls back a model. Pure functions.
 *
 * Forecasts made at nearby origins for long horizons share most of their outcome (a 24h forecast made every hour
 * overlaps 23 others), so the loss differentials are first averaged per origin time (over coins and horizons) and
 * their autocorrelation is allowed up to the longest horizon; `effectiveN` counts roughly non-overlapping outcomes.
 */

export interface LossDiff {
  /** Origin time (epoch ms). */
  time: number;
  /** Loss of the candidate minus loss of the reference (negative = candidate better), in scaled units. */
  diff: number;
  /** Losses themselves, for the ratio. */
  loss: number;
  referenceLoss: number;
}

export interface PairedTest {
  /** Scored pairs behind the test. */
  scored: number;
  /** Distinct origin times. */
  times: number;
  /** Roughly the number of independent outcomes: times × origin spacing / longest horizon. */
  effectiveN: number;
  /** Candidate loss / reference loss (below 1: the candidate is better). */
  ratio: number | null;
  /** Diebold–Mariano statistic of the mean differential (negative: candidate better); null with too few times. */
  statistic: number | null;
  lag: number;
}

/** One-sided 5 % critical value of the standard normal. */
export const CRITICAL_VALUE = 1.645;

export function pairedTest(diffs: readonly LossDiff[], longestHorizonMs: number, originStepMs: number): PairedTest {
  const byTime = new Map<number, { sum: number; n: number }>();
  let loss = 0;
  let ref = 0;
  for (const d of diffs) {
    const acc = byTime.get(d.time) ?? { sum: 0, n: 0 };
    acc.sum += d.diff;
    acc.n++;
    byTime.set(d.time, acc);
    loss += d.loss;
    ref += d.referenceLoss;
  }
  const series = [...byTime.entries()].sort((a, b) => a[0] - b[0]).map(([, a]) => a.sum / a.n);
  const n = series.length;
  const lag = Math.max(0, Math.ceil(longestHorizonMs / originStepMs) - 1);
  const effectiveN = (n * originStepMs) / longestHorizonMs;
  const ratio = ref > 0 ? loss / ref : null;
  if (n < 3) return { scored: diffs.length, times: n, effectiveN, ratio, statistic: null, lag };
  const mean = series.reduce((a, b) => a + b, 0) / n;
  const gamma = (k: number) => {
    let s = 0;
    for (let i = k; i < n; i++) s += (series[i]! - mean) * (series[i - k]! - mean);
    return s / n;
  };
  let variance = gamma(0);
  const L = Math.min(lag, n - 1);
  for (let k = 1; k <= L; k++) variance += 2 * (1 - k / (L + 1)) * gamma(k);
  if (!(variance > 0)) return { scored: diffs.length, times: n, effectiveN, ratio, statistic: mean === 0 ? 0 : null, lag };
  return { scored: diffs.length, times: n, effectiveN, ratio, statistic: mean / Math.sqrt(variance / n), lag };
}

/** The candidate is significantly better: enough independent outcomes and a DM statistic below −1.645. */
export function significantlyBetter(test: PairedTest, minIndependent: number): boolean {
  return test.effectiveN >= minIndependent && test.statistic !== null && test.statistic <= -CRITICAL_VALUE && (test.ratio ?? 1) < 1;
}

/** The candidate is significantly worse (the mirror test, for rollbacks). */
export function significantlyWorse(test: PairedTest, minIndependent: number): boolean {
  return test.effectiveN >= minIndependent && test.statistic !== null && test.statistic >= CRITICAL_VALUE && (test.ratio ?? 1) > 1;
}

const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** "pinball ratio 0.962, DM −3.10, 41 independent outcomes (1,230 scored)" */
export function describeTest(test: PairedTest): string {
  return `pinball ratio ${f3(test.ratio)}, DM statistic ${test.statistic === null ? 'n/a' : test.statistic.toFixed(2)}, ${test.effectiveN.toFixed(1)} independent outcomes (${test.scored} scored forecasts)`;
}
