/**
 * Model lifecycle decisions: promotion of a challenger, automatic rollback of a champion, drift detection and
 * scheduled retraining. Pure functions over metrics; the service applies the decision and logs its reason.
 */
import { describeTest, significantlyBetter, significantlyWorse, type PairedTest } from './paired-test';

export interface Decision {
  act: boolean;
  reason: string;
}

const fmt = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : String(x));
const DAY_MS = 86_400_000;

export interface PromotionPolicy {
  /** Independent outcomes (paired-test.ts effectiveN) the evidence needs per horizon group. */
  minIndependent: number;
  /** Scored forecasts the challenger needs in the comparison window besides. */
  minScored: number;
}

/** Figures of a decision, logged with it and shown on the Models page. */
export interface Evidence {
  basis: 'live' | 'backtest';
  /** vs which model (version) the figures are. */
  against: string;
  scored: number;
  effectiveN: number;
  ratio: number | null;
  statistic: number | null;
  /** Independent outcomes the rule needs before the difference counts (fewer: "too few to judge"). */
  needed: number;
  window?: { from: string; to: string };
}

export interface EvidenceDecision extends Decision {
  evidence?: Evidence;
}

const evidenceOf = (test: PairedTest, basis: Evidence['basis'], against: string, needed: number, window?: { from: string; to: string }): Evidence => ({
  basis,
  against,
  scored: test.scored,
  effectiveN: Math.round(test.effectiveN * 10) / 10,
  ratio: test.ratio,
  statistic: test.statistic,
  needed,
  ...(window ? { window } : {}),
});

/** A backtest as stored in the registry (model-backtest.ts), the parts the rules read. */
export interface StoredBacktest {
  from?: string;
  to?: string;
  fittedUntil?: string;
  relPinball?: number | null;
  test?: PairedTest;
}

/**
 * The first trained model replaces the naive baseline only if its out-of-sample backtest beats naive: pinball
 * significantly lower (paired test, one-sided 5 %) on at least `minIndependent` independent outcomes.
 */
export function decideFirstModel(backtest: StoredBacktest, policy: Pick<PromotionPolicy, 'minIndependent'>): EvidenceDecision {
  const window = backtest.from && backtest.to ? { from: backtest.from, to: backtest.to } : undefined;
  if (!backtest.test) return { act: false, reason: 'no out-of-sample backtest to judge the model on: the naive baseline keeps serving' };
  const evidence = evidenceOf(backtest.test, 'backtest', 'naive', policy.minIndependent, window);
  const where = window ? `out-of-sample backtest ${window.from.slice(0, 10)} to ${window.to.slice(0, 10)}` : 'out-of-sample backtest';
  if (significantlyBetter(backtest.test, policy.minIndependent)) {
    return { act: true, reason: `beats the naive baseline on its ${where}: ${describeTest(backtest.test)}`, evidence };
  }
  const why = backtest.test.effectiveN < policy.minIndependent ? `too few independent outcomes (need ${policy.minIndependent})` : 'no significant improvement';
  return {
    act: false,
    reason: `does not beat the naive baseline on its ${where} (${why}): ${describeTest(backtest.test)}; the naive baseline keeps serving`,
    evidence,
  };
}

/**
 * A challenger replaces the champion when its pinball loss is significantly lower on the SAME scored forecasts
 * (same coin, horizon and origin), with at least `minIndependent` independent outcomes. Until a daily group has
 * that many live 7d/30d outcomes it is judged on the out-of-sample backtests instead (the challenger's must beat
 * naive significantly and be better than the champion's).
 */
export function decidePromotion(
  live: PairedTest,
  policy: PromotionPolicy,
  context: { group: 'hourly' | 'daily'; champion: string; championIsNaive: boolean; challengerBacktest?: StoredBacktest; championBacktest?: StoredBacktest },
): EvidenceDecision {
  const enoughLive = live.effectiveN >= policy.minIndependent && live.scored >= policy.minScored;
  if (enoughLive) {
    const evidence = evidenceOf(live, 'live', context.champion, policy.minIndependent);
    return significantlyBetter(live, policy.minIndependent)
      ? { act: true, reason: `significantly lower live pinball than ${context.champion} on the same forecasts: ${describeTest(live)}`, evidence }
      : { act: false, reason: `live pinball not significantly lower than ${context.champion}: ${describeTest(live)}`, evidence };
  }
  if (context.group === 'daily' && context.challengerBacktest?.test) {
    const bt = context.challengerBacktest;
    const first = decideFirstModel(bt, policy);
    const champRel = context.championBacktest?.relPinball;
    const better = context.championIsNaive || typeof champRel !== 'number' || (typeof bt.relPinball === 'number' && bt.relPinball < champRel);
    const waiting = `only ${live.effectiveN.toFixed(1)} of ${policy.minIndependent} independent live 7d/30d outcomes yet, judged on the out-of-sample backtest`;
    if (first.act && better) return { act: true, reason: `${waiting}: ${first.reason}`, evidence: first.evidence };
    const extra =
      first.act && !better ? `; its backtest pinball ratio ${bt.relPinball?.toFixed(3)} is not better than the champion's ${champRel?.toFixed(3)}` : '';
    return { act: false, reason: `${waiting}: ${first.reason.replace('; the naive baseline keeps serving', '')}${extra}`, evidence: first.evidence };
  }
  return {
    act: false,
    reason: `waiting for evidence: ${live.effectiveN.toFixed(1)} of ${policy.minIndependent} independent live outcomes, ${live.scored} of ${policy.minScored} scored forecasts beside ${context.champion}`,
    evidence: evidenceOf(live, 'live', context.champion, policy.minIndependent),
  };
}

export interface RollbackPolicy {
  /** Independent outcomes the "significantly worse than naive" test needs. */
  minIndependent: number;
  /** Scored forecasts the coverage check needs. */
  minScoredForCoverage: number;
  /** Coverage of the 80 % interval below this AND this far below naive's triggers a rollback. */
  coverageFloor: number;
  coverageGapToNaive: number;
}

export const DEFAULT_ROLLBACK_POLICY: RollbackPolicy = { minIndependent: 5, minScoredForCoverage: 100, coverageFloor: 0.7, coverageGapToNaive: 0.1 };

/**
 * Rollback of the champion when its LIVE forecasts are worse than the naive baseline's on the same outcomes:
 * pinball significantly higher, or its 80 % interval covering far less often than 80 % and than naive's. (Not on
 * point error: every model's point here is close to the last price, so point error measures the market.)
 */
export function decideRollback(
  live: PairedTest,
  coverage: { scored: number; coverage80: number | null; naiveCoverage80: number | null },
  policy: RollbackPolicy = DEFAULT_ROLLBACK_POLICY,
): EvidenceDecision {
  const evidence = evidenceOf(live, 'live', 'naive', policy.minIndependent);
  if (significantlyWorse(live, policy.minIndependent)) {
    return { act: true, reason: `live pinball significantly higher than the naive baseline's: ${describeTest(live)}`, evidence };
  }
  const cov = coverage.coverage80;
  const naiveCov = coverage.naiveCoverage80;
  if (
    coverage.scored >= policy.minScoredForCoverage &&
    cov !== null &&
    naiveCov !== null &&
    cov < policy.coverageFloor &&
    cov < naiveCov - policy.coverageGapToNaive
  ) {
    return {
      act: true,
      reason: `live 80 % interval covered ${(cov * 100).toFixed(1)} % of ${coverage.scored} outcomes (naive ${(naiveCov * 100).toFixed(1)} %), below ${policy.coverageFloor * 100} % and ${policy.coverageGapToNaive * 100} points under naive`,
      evidence,
    };
  }
  const covText =
    cov === null ? 'no scored coverage yet' : `80 % coverage ${(cov * 100).toFixed(1)} % (naive ${naiveCov === null ? 'n/a' : (naiveCov * 100).toFixed(1)} %)`;
  return { act: false, reason: `no rollback: live vs naive ${describeTest(live)}; ${covText}`, evidence };
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
export function decideDriftRetrain(
  recentReturns: readonly number[],
  trainingReturns: readonly number[],
  policy: DriftPolicy = DEFAULT_DRIFT_POLICY,
): Decision & { ks: number } {
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
