import type { ForecastModel, Horizon } from '../types';
import { ensembleStateOf, guardDecisionsOf } from './ensemble';
import type { HorizonGuard } from './guard';

/**
 * The statistical guard's decision per horizon of a model (`pointIsNaive`, `intervalIsNaive`, the DM statistics and
 * sample sizes). Undefined for models without a guard (naive, drift, ets, garch-conformal, ensemble artifacts saved
 * before the guard existed). The same object is in `model.metadata.guard`.
 */
export function guardDecisions(model: ForecastModel): Partial<Record<Horizon, HorizonGuard>> | undefined {
  const st = ensembleStateOf(model);
  if (st) return guardDecisionsOf(st);
  const md = model.metadata.guard;
  return md && typeof md === 'object' ? (md as Partial<Record<Horizon, HorizonGuard>>) : undefined;
}
