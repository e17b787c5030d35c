/**
 * Training diagnostics of a model version, read from its metadata (what training already computed and the artifact
 * stores): the neural members' loss curves, and per horizon the members' validation errors, their weights in the
 * point, the neural tail blend and the guard's decisions. Works on plain metadata JSON, so a registry can build it
 * from a stored artifact without loading the weights. Pure.
 */
import { ALL_HORIZONS, type Horizon, type ModelMetadata } from '../types';
import type { GuardTest, HorizonGuard } from '../models/guard';

export interface LossCurve {
  member: string;
  /** Training loss (pinball) per epoch. */
  loss: number[];
}

export interface MemberDiagnostics {
  member: string;
  /** Weight in the combined point forecast (0 when it did not beat naive on validation). */
  weight: number;
  /** Validation mean absolute error of the standardised return (naive's is `naiveMae` of the horizon). */
  validationMae: number | null;
}

export interface GuardStepDiagnostics {
  /** What was decided: the model's, naive's, or (interval only) the average of both. */
  decision: 'model' | 'naive' | 'blend';
  /** Diebold–Mariano statistic (negative = better than naive); null when it could not be computed. */
  statistic: number | null;
  /** Mean relative loss differential against naive (−0.03 = 3 % lower loss). */
  meanLossDiff: number;
  /** Roughly the number of non-overlapping validation outcomes. */
  effectiveN: number;
  significant: boolean;
}

export interface HorizonTrainingDiagnostics {
  horizon: Horizon;
  validationOrigins: number;
  naiveMae: number | null;
  members: MemberDiagnostics[];
  /** Fraction of the combined members' point kept (0 = naive's point). */
  shrink: number;
  /** The neural member whose tails are blended into the calibrated interval, and its weight. */
  tails: { member: string; weight: number } | null;
  point: GuardStepDiagnostics | null;
  interval: GuardStepDiagnostics | null;
}

export interface TrainingDiagnostics {
  lossCurves: LossCurve[];
  horizons: HorizonTrainingDiagnostics[];
}

interface StoredWeights {
  point?: Record<string, number>;
  shrink?: number;
  quantileMember?: string;
  quantileBlend?: number;
  validation?: { origins?: number; maeNaive?: number; mae?: Record<string, number> };
  guard?: HorizonGuard;
}

const finite = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);

function step(test: GuardTest | undefined, decision: GuardStepDiagnostics['decision']): GuardStepDiagnostics | null {
  if (!test) return null;
  return { decision, statistic: finite(test.statistic), meanLossDiff: test.meanLossDiff, effectiveN: test.effectiveN, significant: test.significant };
}

/** Diagnostics of the horizons in `horizons` (default all) from a model's metadata; empty parts for models without them. */
export function trainingDiagnostics(metadata: ModelMetadata, horizons: readonly Horizon[] = ALL_HORIZONS): TrainingDiagnostics {
  const neural = (metadata.neural ?? {}) as Record<string, { lossHistory?: unknown }>;
  const lossCurves: LossCurve[] = Object.entries(neural)
    .map(([member, v]) => ({ member, loss: Array.isArray(v?.lossHistory) ? (v.lossHistory as unknown[]).map(Number).filter(Number.isFinite) : [] }))
    .filter((c) => c.loss.length > 0);
  const weights = (metadata.weights ?? {}) as Partial<Record<Horizon, StoredWeights>>;
  const guards = (metadata.guard ?? {}) as Partial<Record<Horizon, HorizonGuard>>;
  const out: HorizonTrainingDiagnostics[] = [];
  for (const h of horizons) {
    const w = weights[h];
    if (!w) continue;
    const g = w.guard ?? guards[h];
    const mae = w.validation?.mae ?? {};
    const names = [...new Set([...Object.keys(mae), ...Object.keys(w.point ?? {})])];
    out.push({
      horizon: h,
      validationOrigins: w.validation?.origins ?? 0,
      naiveMae: finite(w.validation?.maeNaive),
      members: names.map((member) => ({ member, weight: w.point?.[member] ?? 0, validationMae: finite(mae[member]) })),
      shrink: w.shrink ?? 0,
      tails: w.quantileMember && (w.quantileBlend ?? 0) > 0 ? { member: w.quantileMember, weight: w.quantileBlend! } : null,
      point: g ? step(g.point, g.pointIsNaive ? 'naive' : 'model') : null,
      interval: g ? step(g.interval, g.intervalSource) : null,
    });
  }
  return { lossCurves, horizons: out };
}
