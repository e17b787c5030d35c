/**
 * A model version's diagnostics for one horizon group, from what training and the out-of-sample backtest computed:
 * the neural members' loss curves, per horizon the error against naive, the calibration curve, coverage by
 * volatility tercile, the members' weights and the guard's decisions, and the per-coin table. Built and stored at
 * registration (ModelLifecycle.train); rebuilt on read, without calibration and the per-coin table, for models
 * registered before they were stored. No framework imports.
 */
import { trainingDiagnostics, type Horizon, type HorizonTrainingDiagnostics, type LossCurve } from '@coincast/ml';
import type { BacktestDiagnostics, CalibrationPoint, HorizonBacktest } from './model-backtest';
import { GROUP_HORIZONS, type HorizonGroup } from './slots';

export interface HorizonDiagnostics {
  horizon: Horizon;
  scored: number;
  relMae: number | null;
  relPinball: number | null;
  coverage80: number | null;
  naiveCoverage80: number | null;
  calibration: CalibrationPoint[];
  terciles: Array<{ coverage80: number; naiveCoverage80: number; origins: number }>;
  /** Members' validation errors and weights, the guard's decisions (null for models without them). */
  training: HorizonTrainingDiagnostics | null;
}

export interface ModelDiagnostics {
  group: string;
  /** False when rebuilt for a model registered before diagnostics were stored (no calibration, no per-coin table). */
  complete: boolean;
  window: { from: string; to: string; fittedUntil: string | null } | null;
  lossCurves: LossCurve[];
  horizons: HorizonDiagnostics[];
  perCoin: BacktestDiagnostics['perCoin'];
}

interface StoredBacktestShape {
  from?: string;
  to?: string;
  fittedUntil?: string;
  horizons?: Partial<Record<Horizon, Partial<HorizonBacktest>>>;
}

/** Diagnostics of `group` from the artifact's metadata, the stored backtest and (at registration) the backtest's extras. */
export function buildDiagnostics(
  group: HorizonGroup | string,
  metadata: Record<string, unknown> | null,
  backtest: Record<string, unknown>,
  extra: BacktestDiagnostics | null,
): ModelDiagnostics {
  const bt = backtest as StoredBacktestShape;
  // Groups without a trained ensemble's weights (e.g. sub-hour ones) get the backtest figures only.
  const horizons: readonly Horizon[] = (GROUP_HORIZONS as Partial<Record<string, readonly Horizon[]>>)[group] ?? [];
  const training = trainingDiagnostics(metadata ?? {}, horizons);
  const trainingOf = new Map(training.horizons.map((h) => [h.horizon, h]));
  const out: HorizonDiagnostics[] = [];
  for (const h of horizons) {
    const b = bt.horizons?.[h];
    const e = extra?.horizons[h];
    const t = trainingOf.get(h) ?? null;
    if (!b && !e && !t) continue;
    out.push({
      horizon: h,
      scored: b?.scored ?? e?.scored ?? 0,
      relMae: e?.relMae ?? null,
      relPinball: b?.relPinball ?? e?.relPinball ?? null,
      coverage80: b?.coverage80 ?? null,
      naiveCoverage80: b?.naiveCoverage80 ?? null,
      calibration: e?.calibration ?? [],
      terciles: b?.terciles ?? [],
      training: t,
    });
  }
  return {
    group,
    complete: extra !== null,
    window: bt.from && bt.to ? { from: bt.from, to: bt.to, fittedUntil: bt.fittedUntil ?? null } : null,
    lossCurves: training.lossCurves,
    horizons: out,
    perCoin: extra?.perCoin ?? [],
  };
}
