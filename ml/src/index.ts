export const ML_PACKAGE = '@coincast/ml';
export * from './types';
export { HORIZONS, HOUR_MS, DAY_MS, parseHorizons } from './data/horizons';
export {
  INTRADAY_HORIZON_SPECS,
  MINUTE_MS,
  FIVE_MINUTE_MS,
  intradaySeriesMs,
  isIntradayHorizon,
  parseIntradayHorizons,
  type IntradayHorizonSpec,
  type IntradaySeries,
} from './data/horizons';
export * from './intraday';
export {
  loadCandlesCsv,
  parseCandlesCsv,
  normaliseCandles,
  findGaps,
  aggregateDaily,
  historyUntil,
  forecastAt,
  loadCoinHistory,
  loadHistories,
  listCoins,
  closeAtTime,
} from './data/candles';
export { computeFeatures, FEATURE_NAMES } from './features/features';
export { naiveModel, driftModel, etsModel, empiricalReturnQuantiles } from './models/baselines';
export { volModel, fitVolParams, type VolModelParams } from './models/vol-model';
export { trainDefaultModel, ensembleStateOf, DEFAULT_VALIDATION, type EnsembleModel, type TrainOptions, type ValidationWindow } from './models/ensemble';
export {
  MODEL_NAMES,
  acceptedModelNames,
  describeModels,
  findModelKind,
  modelKind,
  trainModel,
  type ModelKind,
  type ModelName,
  type TrainContext,
  INTRADAY_MODEL_NAMES,
  isIntradayModelName,
  trainIntradayModelByName,
  type IntradayModelName,
} from './models/registry';
export { guardDecisions } from './models/guard-decisions';
export { dieboldMariano, neweyWestVariance, guardTest, DEFAULT_GUARD, type GuardTest, type HorizonGuard, type GuardSettings } from './models/guard';
export { serializeModel, deserializeModel, saveModelToDir, loadModelFromDir, type ModelArtifact } from './artifacts/artifacts';
export { backtest, summarise, type BacktestOptions, type BacktestReport, type BacktestResult, type SummaryRow } from './evaluate/backtest';
export {
  mae,
  mape,
  rmse,
  directionalAccuracy,
  coverage,
  pinball,
  scaledPinball,
  scaledPinball7,
  scoreForecasts,
  trailingRealisedVol,
  volTercileMetrics,
  type TercileMetrics,
} from './evaluate/metrics';
export { renderHtmlReport } from './evaluate/report-html';
export { explainForecast, explainForecasts, type ExplanationTerm, type ExplanationTermKey, type ForecastExplanation } from './explain/explain';
export {
  trainingDiagnostics,
  type TrainingDiagnostics,
  type HorizonTrainingDiagnostics,
  type LossCurve,
  type MemberDiagnostics,
  type GuardStepDiagnostics,
} from './evaluate/diagnostics';
export { setBackendLogger } from './models/tf-backend';
export * from './strategy';
