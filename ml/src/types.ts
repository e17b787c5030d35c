/** Forecast horizons: 1h/4h/24h are forecast from hourly candles, 7d/30d from daily candles. */
export type Horizon = '1h' | '4h' | '24h' | '7d' | '30d';
export const ALL_HORIZONS: readonly Horizon[] = ['1h', '4h', '24h', '7d', '30d'];

/**
 * Sub-hour horizons (issue 21): 5m/15m/30m are forecast from 5-minute candles, 1m from 1-minute candles. A separate
 * union, so every exhaustive table of the hourly/daily horizons stays exhaustive; models are generic over the horizon.
 */
export type IntradayHorizon = '1m' | '5m' | '15m' | '30m';
export const INTRADAY_HORIZONS: readonly IntradayHorizon[] = ['1m', '5m', '15m', '30m'];
/** Any horizon a model can serve. */
export type AnyHorizon = Horizon | IntradayHorizon;

/** One OHLCV candle. `openTime` is the candle's open time in epoch milliseconds (UTC). */
export interface Candle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * Everything a model may look at for one coin: candles ascending, up to the forecast origin. The sub-hour series are
 * optional: only intraday models read them, and callers that serve hourly/daily horizons need not load them.
 */
export interface CoinHistory {
  coin: string;
  hourly: Candle[];
  daily: Candle[];
  /** 5-minute candles (intraday models: 5m/15m/30m horizons). */
  fiveMinute?: Candle[];
  /** 1-minute candles (intraday models: the 1m horizon, where 1-minute data exists). */
  minute?: Candle[];
}

export const QUANTILE_LEVELS = ['0.05', '0.1', '0.25', '0.5', '0.75', '0.9', '0.95'] as const;
export type QuantileLevel = (typeof QUANTILE_LEVELS)[number];
export type Quantiles = Record<QuantileLevel, number>;

export interface QuantileForecast<H extends string = Horizon> {
  horizon: H;
  /** Epoch ms at which the forecast is made: the close time of the last candle used. */
  originTime: number;
  /** Epoch ms the forecast is for: originTime + horizon. */
  targetTime: number;
  /** Price at the origin (close of the last candle used). */
  lastPrice: number;
  /** Point forecast of the close price at targetTime. */
  point: number;
  /** Price quantiles at targetTime. */
  quantiles: Quantiles;
}

/** Free-form, JSON-serialisable description of a model (hyperparameters, training range, metrics...). */
export type ModelMetadata = Record<string, unknown>;

/** A fitted forecasting model. `predict` uses only the candles it is given (nothing after the origin). */
export interface ForecastModel<H extends string = Horizon> {
  readonly type: string;
  readonly version: string;
  readonly metadata: ModelMetadata;
  /** How many trailing candles `predict` needs at most (callers may pass fewer or more); 0 or absent = not read. */
  readonly lookback: { hourly: number; daily: number; fiveMinute?: number; minute?: number };
  predict(history: CoinHistory, horizons: H[]): QuantileForecast<H>[];
}

/** A model of the sub-hour horizons: the same interface, over IntradayHorizon. */
export type IntradayForecastModel = ForecastModel<IntradayHorizon>;

export interface TrainProgress {
  stage: string;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}
