/**
 * Model lifecycle decisions: promotion of a challenger, automatic rollback of a champion, drift detection and
 * scheduled retraining. Pure functions over metrics; the service applies the decision and logs its reason.
 */
import type { LiveMetrics } from './forecast-scoring';

export interface Decision {
  act: boolean;
  reason: string;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

export interface PromotionPolicy {
  /** Scored forecasts the challenger needs in the comparison window before it may be promoted. */
  minScored: number;
}

/**
 * A challenger replaces the champion when, over the same window, its live relPinball (pinball loss relative to
 * the naive baseline) is strictly lower than the champion's, measured on at least `minScored` forecasts.
 */
export function decidePromotion(champion: LiveMetrics | null, challenger: LiveMetrics | null, policy: PromotionPolicy): Decision {
  if (!challenger || challenger.n < policy.minScored) {
    return { act: false, reason: `challenger has ${challenger?.n ?? 0} scored forecasts, needs ${policy.minScored}` };
  }
  if (challenger.relPinball === null) return { act: false, reason: 'challenger relPinball undefined (naive loss is zero)' };
  if (!champion || champion.relPinball === null) {
    return { act: true, reason: `champion has no live relPinball; challenger relPinball ${fmt(challenger.relPinball)} over ${challenger.n} forecasts` };
  }
  if (challenger.relPinball < champion.relPinball) {
    return {
      act: true,
      reason: `challenger live relPinball ${fmt(challenger.relPinball)} beats champion ${fmt(champion.relPinball)} over ${challenger.n} scored forecasts`,
    };
  }
  return { act: false, reason: `challenger relPinball ${fmt(challenger.relPinball)} does not beat champion ${fmt(champion.relPinball)}` };
}

export interface RollbackPolicy {
  /** Consecutive complete days the error must stay above the limit. */
  consecutiveDays: number;
  /** Limit = backtest mean + sigmas × backtest std. */
  sigmas: number;
}

export const DEFAULT_ROLLBACK_POLICY: RollbackPolicy = { consecutiveDays: 3, sigmas: 2 };

const DAY_MS = 86_400_000;

/**
 * Rollback when the champion's daily live error exceeded its backtest mean + 2σ on each of the last
 * `consecutiveDays` consecutive UTC days (a missing day breaks the run). `dailyErrors` are complete days only.
 */
export function decideRollback(
  dailyErrors: readonly { day: number; error: number }[],
  backtest: { dailyErrorMean: number; dailyErrorStd: number } | undefined,
  policy: RollbackPolicy = DEFAULT_ROLLBACK_POLICY,
): Decision {
  if (!backtest || !Number.isFinite(backtest.dailyErrorMean) || !Number.isFinite(backtest.dailyErrorStd)) {
    return { act: false, reason: 'no backtest error distribution to compare with' };
  }
  const limit = backtest.dailyErrorMean + policy.sigmas * backtest.dailyErrorStd;
  const recent = [...dailyErrors].sort((a, b) => a.day - b.day).slice(-policy.consecutiveDays);
  if (recent.length < policy.consecutiveDays) return { act: false, reason: `only ${recent.length} days of live errors` };
  for (let i = 1; i < recent.length; i++) {
    if (recent[i]!.day - recent[i - 1]!.day !== DAY_MS) return { act: false, reason: 'live error days are not consecutive' };
  }
  if (recent.every((d) => d.error > limit)) {
    const days = recent.map((d) => `${new Date(d.day).toISOString().slice(0, 10)}=${fmt(d.error)}`).join(', ');
    return { act: true, reason: `live error above backtest mean + ${policy.sigmas}σ (${fmt(limit)}) for ${policy.consecutiveDays} consecutive days: ${days}` };
  }
  return { act: false, reason: `live error within backtest mean + ${policy.sigmas}σ (${fmt(limit)}) on at least one of the last ${policy.consecutiveDays} days` };
}

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const x = [...a].sort((p, q) => p - q);
  const y = [...b].sort((p, q) => p - q);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const v = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i]! <= v) i++;
    while (j < y.length && y[j]! <= v) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

export interface DriftPolicy {
  threshold: number;
  /** Fewer recent returns than this say nothing about drift. */
  minSamples: number;
}

export const DEFAULT_DRIFT_POLICY: DriftPolicy = { threshold: 0.2, minSamples: 48 };

/** Retrain when recent returns are distributed unlike the training window's (KS statistic > threshold). */
export function decideDriftRetrain(recentReturns: readonly number[], trainingReturns: readonly number[], policy: DriftPolicy = DEFAULT_DRIFT_POLICY): Decision & { ks: number } {
  if (recentReturns.length < policy.minSamples || trainingReturns.length < policy.minSamples) {
    return { act: false, ks: 0, reason: `not enough returns for a drift test (${recentReturns.length} recent, ${trainingReturns.length} training)` };
  }
  const ks = ksStatistic(recentReturns, trainingReturns);
  return ks > policy.threshold
    ? { act: true, ks, reason: `drift: KS statistic ${fmt(ks)} of recent vs training returns exceeds ${policy.threshold}` }
    : { act: false, ks, reason: `no drift: KS statistic ${fmt(ks)} ≤ ${policy.threshold}` };
}

/** Scheduled retraining: when the newest model (champion or challenger) is older than the interval. */
export function decideScheduledRetrain(newestTrainedAt: number | undefined, now: number, intervalDays: number): Decision {
  if (intervalDays <= 0) return { act: false, reason: 'scheduled retraining disabled' };
  if (newestTrainedAt === undefined) return { act: true, reason: 'no trained model yet' };
  const ageDays = (now - newestTrainedAt) / DAY_MS;
  return ageDays >= intervalDays
    ? { act: true, reason: `scheduled retraining: newest model is ${ageDays.toFixed(1)} days old (interval ${intervalDays} days)` }
    : { act: false, reason: `newest model is ${ageDays.toFixed(1)} days old (interval ${intervalDays} days)` };
}

/** Log returns of consecutive closes. */
export function logReturns(closes: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < closes.length; i++) if (closes[i - 1]! > 0 && closes[i]! > 0) out.push(Math.log(closes[i]! / closes[i - 1]!));
  return out;
}
