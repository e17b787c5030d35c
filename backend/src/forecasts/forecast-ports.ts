/**
 * What the forecasting domain needs from the outside, as small interfaces with DI tokens, so the scheduler,
 * runner and lifecycle are tested with fixtures (in-memory candles, a fast trainer) instead of a live exchange.
 */
import type { CoinHistory, ForecastModel } from '@coincast/ml';

/** Candles and time as the market-data domain sees them. */
export interface ForecastMarketData {
  /** Market "now" in epoch ms (the replay clock may run faster than the wall clock). */
  now(): number;
  trackedSymbols(): Promise<string[]>;
  /** Candles that closed at or before `until`, the latest `lookback` of each timeframe, oldest first. */
  history(symbol: string, until: number, lookback: { hourly: number; daily: number }): Promise<CoinHistory>;
  /** The same for several markets at once (a slot's shard): one read per timeframe, not one per market. */
  histories(symbols: readonly string[], until: number, lookback: { hourly: number; daily: number }): Promise<Map<string, CoinHistory>>;
  /** Close time (epoch ms) of the newest stored hourly candle of any tracked coin; undefined before ingestion. */
  candlesReadyUntil(): Promise<number | undefined>;
  /** Close prices of the candles of `symbol` that close exactly at the given times (epoch ms); missing ones absent. */
  closesAt(symbol: string, times: number[]): Promise<Map<number, number>>;
}
export const FORECAST_MARKET_DATA = Symbol('FORECAST_MARKET_DATA');

/** The payload of the socket `forecast` event (one per symbol and slot, served forecasts only). */
export interface ForecastEvent {
  symbol: string;
  originTime: string;
  forecasts: Array<{
    horizon: string;
    targetTime: string;
    point: number;
    p10: number;
    p90: number;
    quantiles: Record<string, number>;
    modelVersion: string;
    isNaive: boolean;
    pointIsNaive: boolean;
    intervalIsNaive: boolean;
  }>;
}

export interface ForecastPublisher {
  publish(event: ForecastEvent): void;
}
export const FORECAST_PUBLISHER = Symbol('FORECAST_PUBLISHER');

/** Trains a new default model from histories known up to `until` (ml's trainDefaultModel in production). */
export interface ModelTrainer {
  train(histories: CoinHistory[], until: number): Promise<ForecastModel>;
}
export const MODEL_TRAINER = Symbol('MODEL_TRAINER');

/** Tunables of the forecasting service (from env in the app, literal in tests). */
export interface ForecastSettings {
  /** Most slots per group enqueued at start or after downtime (newest first kept). */
  catchUpSlots: { hourly: number; daily: number };
  /** Days between scheduled retrainings (0 = never). */
  retrainIntervalDays: number;
  /** Scored forecasts a challenger needs before promotion. */
  promotionMinScored: number;
  /** Independent outcomes (non-overlapping horizons) the promotion evidence needs per horizon group. */
  promotionMinIndependent: number;
  /** KS statistic above which recent returns count as drifted. */
  driftThreshold: number;
  /** Hourly candles of history handed to the trainer per coin. */
  trainHours: number;
  /** Days of out-of-sample evaluation recorded as a new model's backtest (a copy is fitted before the window). */
  backtestDays: number;
  /** Attempts of a slot job whose candles are not ingested yet. */
  slotAttempts: number;
  slotBackoffMs: number;
  /**
   * Market time after a slot during which a coin whose closed candle is not stored yet makes the slot job retry;
   * after it, that coin is left out of the slot (logged) instead of being forecast from an older candle.
   */
  slotGraceMs: number;
  /** Markets per slot job: a slot of more markets is split into ceil(markets / size) jobs (see shardOf). */
  slotShardSize: number;
  /** Most markets the global models train on; more tracked markets are sampled by volatility (training-sample.ts). */
  trainMaxMarkets: number;
}
export const FORECAST_SETTINGS = Symbol('FORECAST_SETTINGS');

export const DEFAULT_FORECAST_SETTINGS: ForecastSettings = {
  catchUpSlots: { hourly: 24, daily: 3 },
  retrainIntervalDays: 7,
  promotionMinScored: 200,
  promotionMinIndependent: 20,
  driftThreshold: 0.2,
  trainHours: 2 * 365 * 24,
  backtestDays: 45,
  slotAttempts: 8,
  slotBackoffMs: 20_000,
  slotGraceMs: 15 * 60_000,
  slotShardSize: 25,
  trainMaxMarkets: 40,
};

export const FORECAST_QUEUE = 'forecasts';
export const TRAINING_QUEUE = 'forecast-training';
