import { deserializeIntradayModel, naiveIntradayModel, trainIntradayModel, type CoinHistory, type IntradayHorizon } from '@coincast/ml';
import type { IntradayModelSource, IntradayTrainer } from './intraday-ports';

/** The sub-hour models from ml: its naive intraday baseline, and trained intraday artifacts (registry name 'intraday'). */
export const ML_INTRADAY_MODELS: IntradayModelSource = {
  naive: () => naiveIntradayModel(),
  fromArtifact: (artifact) => deserializeIntradayModel(artifact),
};

/**
 * ml's `trainIntradayModel` with what the backend stores: the seasonality and HAR fitted on the `trainDays` of
 * 5-minute candles kept (ml's defaults, 365 / 180 days, assume the full dev files), the guard validated on the last
 * `validationDays` with hourly origins.
 */
export function intradayTrainOptions(options: { until: number; trainDays: number; validationDays: number; horizons: readonly IntradayHorizon[] }) {
  return {
    until: options.until,
    horizons: options.horizons,
    seasonalDays: options.trainDays,
    harDays: options.trainDays,
    validation: { '5m': { days: options.validationDays, stepMinutes: 60 } },
  };
}

/** Trains on the calling thread (tests, and where no training thread can start). */
export const ML_INTRADAY_TRAINER: IntradayTrainer = {
  train: (histories: CoinHistory[], options) => trainIntradayModel(histories, intradayTrainOptions(options)),
};
