/** The sub-hour forecasting path (issue 21): data, baseline, model, artifacts, backtest. */
export {
  loadIntradayCandles,
  loadIntradayHistory,
  loadIntradayHistories,
  listIntradayCoins,
  intradayHistoryUntil,
  parseIntradayCsv,
  intradayFileName,
} from './data';
export type { IntradayLoadOptions, IntradayKeep } from './data';
export { naiveIntradayModel, INTRADAY_NAIVE_TYPE, NAIVE_INTRADAY_WINDOW } from './naive';
export {
  trainIntradayModel,
  intradayModel,
  isIntradayModel,
  intradayGuardDecisions,
  fitIntradayParams,
  intradayLookback,
  INTRADAY_TYPE,
  DEFAULT_INTRADAY_CALIBRATION,
  DEFAULT_INTRADAY_VALIDATION,
  type IntradayModel,
  type IntradayParams,
  type IntradayTrainOptions,
  type IntradayValidation,
} from './model';
export { seasonalSlot, fitIntradaySeasonal, SEASONAL_SLOTS, SLOTS_PER_DAY, type IntradayHar } from './volatility';
export { serializeIntradayModel, deserializeIntradayModel, saveIntradayModelToDir, loadIntradayModelFromDir } from './artifacts';
