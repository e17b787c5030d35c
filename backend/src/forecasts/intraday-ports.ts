/**
 * What the sub-hour forecasting path (issue 21) needs from outside, as small interfaces with DI tokens, so the
 * intraday scheduler and runner are tested with fixtures: the 5-minute candles and clock, and where its models come
 * from (ml's naive intraday baseline and trained intraday artifacts).
 */
import type { CoinHistory, IntradayForecastModel, IntradayHorizon, ModelArtifact } from '@coincast/ml';

/** 5-minute candles and time as the market-data domain sees them. */
export interface IntradayMarketData {
  /** Market "now" in epoch ms (the replay clock may run faster than the wall clock). */
  now(): number;
  trackedSymbols(): Promise<string[]>;
  /**
   * Each market's CLOSED 5-minute candles (and 1-minute ones when `lookback.minute` > 0) that closed at or before
   * `until`, the latest `lookback` of each, oldest first, as `fiveMinute` / `minute` of a CoinHistory (hourly and
   * daily left empty: the sub-hour models do not read them).
   */
  histories(
    symbols: readonly string[],
    until: number,
    lookback: { fiveMinute: number; minute: number },
    /** `cache: false` (training): read straight from the store, leaving the slots' cached windows alone. */
    options?: { cache?: boolean },
  ): Promise<Map<string, CoinHistory>>;
  /** Close time (epoch ms) of the newest stored closed 5-minute candle of any tracked market; undefined before ingestion. */
  candlesReadyUntil(): Promise<number | undefined>;
}
export const INTRADAY_MARKET_DATA = Symbol('INTRADAY_MARKET_DATA');

/** The sub-hour models: the naive baseline, and a trained model from its stored artifact. */
export interface IntradayModelSource {
  naive(): IntradayForecastModel;
  fromArtifact(artifact: ModelArtifact): IntradayForecastModel;
}
export const INTRADAY_MODEL_SOURCE = Symbol('INTRADAY_MODEL_SOURCE');

/** Trains ml's sub-hour model (registry name `intraday`), with its never-worse-than-naive guard per horizon. */
export interface IntradayTrainer {
  train(
    histories: CoinHistory[],
    options: { until: number; trainDays: number; validationDays: number; horizons: readonly IntradayHorizon[] },
  ): Promise<IntradayForecastModel>;
}
export const INTRADAY_TRAINER = Symbol('INTRADAY_TRAINER');

/** Tunables of the 5-minute slots. */
export interface IntradaySettings {
  /** Most missed 5-minute slots enqueued at start or after downtime (newest kept). */
  catchUpSlots: number;
  /** Markets per slot job (like the hourly FORECAST_SHARD_SIZE). */
  slotShardSize: number;
  slotAttempts: number;
  slotBackoffMs: number;
  /** Market time after a slot during which a market whose 5-minute candle is missing makes the job retry. */
  slotGraceMs: number;
  /** Days of sub-hour forecasts kept after their target time (they are many: 288 slots a day). */
  retentionDays: number;
}
export const INTRADAY_SETTINGS = Symbol('INTRADAY_SETTINGS');

export const DEFAULT_INTRADAY_SETTINGS: IntradaySettings = {
  catchUpSlots: 12,
  slotShardSize: 25,
  slotAttempts: 6,
  slotBackoffMs: 10_000,
  slotGraceMs: 4 * 60_000,
  retentionDays: 35,
};

export const INTRADAY_QUEUE = 'forecasts-intraday';
export const INTRADAY_TRAINING_QUEUE = 'forecasts-intraday-training';
