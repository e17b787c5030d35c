import type { EnsembleState } from '../models/ensemble';
import type { ForecastModel } from '../types';

/** Ensemble models keep their fitted state here so they can be serialised (not part of the public interface). */
export const ensembleStates = new WeakMap<ForecastModel, EnsembleState>();

export function registerEnsembleState(model: ForecastModel, state: EnsembleState): ForecastModel {
  ensembleStates.set(model, state);
  return model;
}
