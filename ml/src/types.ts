/** Forecast horizons: 1h/4h/24h are forecast from hourly candles, 7d/30d from daily candles. */
export type Horizon = '1h' | '4h' | '24h' | '7d' | '30d';
export const ALL_HORIZONS: readonly Horizon[] = ['1h', '4h', '24h', '7d', '30d'];

/** One OHLCV candle. `openTime` is the candle's open time in epoch milliseconds (UTC). */
export interface Candle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Everything a model may look at for one coin: hourly and daily candles, ascending, up to the forecast origin. */
export interface CoinHistory {
  coin: string;
  hourly: Candle[];
  daily: Candle[];
}

export const QUANTILE_LEVELS = ['0.05', '0.1', '0.25', '0.5', '0.75', '0.9', '0.95'] as const;
export type QuantileLevel = (typeof QUANTILE_LEVELS)[number];
export type Quantiles = Record<QuantileLevel, number>;

export interface QuantileForecast {
  horizon: Horizon;
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
export interface ForecastModel {
  readonly type: string;
  readonly version: string;
  readonly metadata: ModelMetadata;
  /** How many trailing candles `predict` needs at most (callers may pass fewer or more). */
  readonly lookback: { hourly: number; daily: number };
  predict(history: CoinHistory, horizons: Horizon[]): QuantileForecast[];
}

export interface TrainProgress {
  stage: string;
  message: string;
  /** 0..1 when known. */
  fraction?: number;
}
