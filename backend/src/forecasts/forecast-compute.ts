import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  deserializeModel,
  naiveModel,
  type Candle,
  type CoinHistory,
  type ForecastModel,
  type Horizon,
  type ModelArtifact,
  type QuantileForecast,
} from '@coincast/ml';
import Piscina from 'piscina';
import { GROUP_STEP_MS, type HorizonGroup } from './slots';

export const FORECAST_COMPUTE = Symbol('FORECAST_COMPUTE');

/** One model a batch runs: `key` names it across calls (its artifact id); `artifact` null = the naive baseline. */
export interface ModelRef {
  key: string;
  artifact: ModelArtifact | null;
  /** The model already loaded on this thread (in-process compute only; never posted to a thread). */
  model?: ForecastModel;
}

export interface PredictRequest {
  models: ModelRef[];
  horizons: Horizon[];
  /** Each market's history and the keys of the models still to run on it (the others are stored already). */
  items: Array<{ symbol: string; history: CoinHistory; modelKeys: string[] }>;
}

export interface PredictResult {
  symbol: string;
  /** The naive baseline's forecasts of the same history (what the guard flags compare with); [] if it failed. */
  naive: QuantileForecast[];
  /** Per model key: its forecasts, or why it failed on this market. */
  byModel: Record<string, { forecasts: QuantileForecast[] } | { error: string }>;
}

/** A batch whose histories the compute reads itself (in its threads), instead of receiving them. */
export interface StoredPredictRequest {
  models: ModelRef[];
  horizons: Horizon[];
  /** The slot: histories end before it. */
  until: number;
  lookback: { hourly: number; daily: number };
  /** The series whose last candle must close exactly at `until` for a market to be forecast (the slot's group). */
  series: 'hourly' | 'daily';
  items: Array<{ symbol: string; modelKeys: string[] }>;
}

export interface StoredPredictResult {
  symbol: string;
  /** Open time of the newest candle of the slot's series, null when the market has none. */
  lastOpen: number | null;
  /** Open time of the newest candle of either series (what the model saw). */
  inputLastCandleTime: number;
  /** Present only when the series' last candle closes at the slot (otherwise nothing was forecast). */
  result?: PredictResult;
}

/**
 * Where forecasts are computed. The runner only gathers histories and stores rows; the CPU-heavy part (every model
 * on every market of a batch) goes through this port, so it can leave the event loop that serves HTTP and sockets.
 */
export interface ForecastCompute {
  /** Whether `predict` needs each model's artifact (a thread cannot share the caller's loaded model objects). */
  readonly wantsArtifacts: boolean;
  /** Whether `predictStored` is available: the threads read candles themselves (PostgreSQL via DATABASE_URL). */
  readonly readsCandles: boolean;
  predictStored(request: StoredPredictRequest): Promise<StoredPredictResult[]>;
  predict(request: PredictRequest): Promise<PredictResult[]>;
  close(): Promise<void>;
}

/** Runs a batch with `load` resolving each model ref. Pure apart from the models' own work; shared by both computes. */
export function predictBatch(request: PredictRequest, load: (ref: ModelRef) => ForecastModel): PredictResult[] {
  const models = new Map<string, ForecastModel | Error>();
  for (const ref of request.models) {
    try {
      models.set(ref.key, load(ref));
    } catch (error) {
      models.set(ref.key, error instanceof Error ? error : new Error(String(error)));
    }
  }
  const naive = naiveModel();
  return request.items.map(({ symbol, history, modelKeys }) => {
    let naiveForecasts: QuantileForecast[] = [];
    try {
      naiveForecasts = naive.predict(history, request.horizons);
    } catch {
      naiveForecasts = [];
    }
    const byModel: PredictResult['byModel'] = {};
    for (const key of modelKeys) {
      const model = models.get(key);
      if (!model) byModel[key] = { error: `model ${key} was not sent with the batch` };
      else if (model instanceof Error) byModel[key] = { error: model.message };
      else {
        try {
          byModel[key] = { forecasts: model.predict(history, request.horizons) };
        } catch (error) {
          byModel[key] = { error: error instanceof Error ? error.message : String(error) };
        }
      }
    }
    return { symbol, naive: naiveForecasts, byModel };
  });
}

/** Candles as columns of a Float64Array (6 per candle): posted to a thread without copying object by object. */
export interface PackedCandles {
  count: number;
  data: Float64Array;
}

export function packCandles(candles: readonly Candle[]): PackedCandles {
  const data = new Float64Array(candles.length * 6);
  candles.forEach((c, i) => data.set([c.openTime, c.open, c.high, c.low, c.close, c.volume], i * 6));
  return { count: candles.length, data };
}

export function unpackCandles(packed: PackedCandles): Candle[] {
  const out: Candle[] = new Array(packed.count);
  const d = packed.data;
  for (let i = 0; i < packed.count; i++) {
    const k = i * 6;
    out[i] = { openTime: d[k]!, open: d[k + 1]!, high: d[k + 2]!, low: d[k + 3]!, close: d[k + 4]!, volume: d[k + 5]! };
  }
  return out;
}

/** What a thread receives: the request with each history as packed columns (transferred, not cloned). */
export interface PackedPredictRequest extends Omit<PredictRequest, 'items'> {
  items: Array<{ symbol: string; coin: string; hourly: PackedCandles; daily: PackedCandles; modelKeys: string[] }>;
}

export function unpackRequest(packed: PackedPredictRequest): PredictRequest {
  return {
    models: packed.models,
    horizons: packed.horizons,
    items: packed.items.map(({ symbol, coin, hourly, daily, modelKeys }) => ({
      symbol,
      modelKeys,
      history: { coin, hourly: unpackCandles(hourly), daily: unpackCandles(daily) },
    })),
  };
}

/** A per-process cache of deserialised models by key (artifacts are immutable: a key never changes meaning). */
export function modelCache(limit = 16): (ref: ModelRef) => ForecastModel {
  const cache = new Map<string, ForecastModel>();
  return (ref) => {
    if (!ref.artifact) return naiveModel();
    const hit = cache.get(ref.key);
    if (hit) return hit;
    const model = deserializeModel(ref.artifact);
    if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
    cache.set(ref.key, model);
    return model;
  };
}

/** On the calling thread (tests, and where no worker thread can start). */
export class InProcessForecastCompute implements ForecastCompute {
  readonly wantsArtifacts = false;
  readonly readsCandles = false;

  async predictStored(): Promise<StoredPredictResult[]> {
    throw new Error('this compute does not read candles: pass the histories to predict()');
  }

  private readonly load = modelCache();

  async predict(request: PredictRequest): Promise<PredictResult[]> {
    return predictBatch(request, (ref) => ref.model ?? this.load(ref));
  }

  async close(): Promise<void> {}

  async onModuleDestroy(): Promise<void> {}
}

/**
 * The compiled thread entry next to this file (dist/), or undefined when running from sources: swc's native
 * compiler loaded inside worker threads crashes the process when a thread ends (seen as a segfault in swc's .node
 * under the test runner), so sources (tests, `npm run dev`) forecast on the event loop and only builds use threads.
 */
export function forecastThreadFile(dir = __dirname): string | undefined {
  const file = path.join(dir, 'forecast.thread.js');
  return existsSync(file) ? file : undefined;
}

/** Threads for forecasting: one per core but one (the event loop keeps a core), at least one. */
export function forecastThreadCount(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

/**
 * A pool of worker threads (piscina). Each batch is split into about one chunk per thread; a thread keeps the
 * models it has deserialised, so only the first batch of a new model pays for it. The event loop only posts the
 * histories and reads back the quantiles.
 */
export class ThreadPoolForecastCompute implements ForecastCompute {
  readonly wantsArtifacts = true;
  readonly readsCandles: boolean;
  private readonly pool: Piscina;

  constructor(
    file: string,
    private readonly threads = forecastThreadCount(),
    /** With a PostgreSQL URL the threads read candles themselves (predictStored); without, they only compute. */
    private readonly store?: CandleStoreLocation,
  ) {
    this.readsCandles = !!store;
    this.pool = new Piscina({
      filename: file,
      // Threads start with the first batch, not with the process (most processes never forecast).
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 60_000,
    });
  }

  /** Splits `items` into about one chunk per thread and runs `task` on each chunk in the pool, results in order. */
  private async inChunks<I, R>(items: readonly I[], task: (chunk: I[]) => { task: unknown; transferList?: ArrayBuffer[] }): Promise<R[]> {
    if (items.length === 0) return [];
    const size = Math.ceil(items.length / Math.min(this.threads, items.length));
    const parts: Array<Promise<R[]>> = [];
    for (let i = 0; i < items.length; i += size) {
      const { task: payload, transferList } = task(items.slice(i, i + size));
      parts.push(this.pool.run(payload, transferList ? { transferList } : {}) as Promise<R[]>);
    }
    return (await Promise.all(parts)).flat();
  }

  async predict(request: PredictRequest): Promise<PredictResult[]> {
    const models = request.models.map(({ key, artifact }) => ({ key, artifact }));
    return this.inChunks<PredictRequest['items'][number], PredictResult>(request.items, (chunk) => {
      const items = chunk.map(({ symbol, history, modelKeys }) => ({
        symbol,
        coin: history.coin,
        hourly: packCandles(history.hourly),
        daily: packCandles(history.daily),
        modelKeys,
      }));
      const packed: PackedPredictRequest = { models, horizons: request.horizons, items };
      // The candle columns move to the thread (transfer list): no structured clone of thousands of objects here.
      return { task: packed, transferList: items.flatMap((item) => [item.hourly.data.buffer, item.daily.data.buffer]) as ArrayBuffer[] };
    });
  }

  async predictStored(request: StoredPredictRequest): Promise<StoredPredictResult[]> {
    const store = this.store;
    if (!store) throw new Error('no database URL: the threads cannot read candles');
    const models = request.models.map(({ key, artifact }) => ({ key, artifact }));
    return this.inChunks<StoredPredictRequest['items'][number], StoredPredictResult>(request.items, (items) => ({
      task: { kind: 'stored', store, request: { ...request, models, items } } satisfies StoredTask,
    }));
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }

  /** Nest calls it on shutdown: the threads end with the process's modules. */
  async onModuleDestroy(): Promise<void> {
    await this.close();
  }
}

/**
 * The compute the app uses: a thread pool of `threads` threads (0 = forecast on the event loop), or in-process where
 * the thread entry cannot load (sources run without swc-node's register hook).
 */
export function createForecastCompute(threads: number, warn: (message: string) => void = () => undefined, store?: CandleStoreLocation): ForecastCompute {
  if (threads === 0) return new InProcessForecastCompute();
  const file = forecastThreadFile();
  if (!file) {
    warn('running from sources (no built forecast.thread.js): forecasting on the event loop');
    return new InProcessForecastCompute();
  }
  return new ThreadPoolForecastCompute(file, threads, store);
}

/** Where a thread finds the candles: the PostgreSQL URL and the home exchange (market ids without `@exchange` live there). */
export interface CandleStoreLocation {
  databaseUrl: string;
  home: string;
}

/** A thread task: a batch with histories (packed), or one whose histories the thread reads from the store. */
export type StoredTask = { kind: 'stored'; store: CandleStoreLocation; request: StoredPredictRequest };

/**
 * What a slot needs to know of a market's history: the newest candle of the slot's series, the newest candle of
 * either series (what the model saw), and whether the series closes exactly at the slot (only then is it forecast).
 */
export function seriesAtSlot(
  history: CoinHistory,
  series: HorizonGroup,
  until: number,
): { lastOpen: number | null; inputLastCandleTime: number; closesAtSlot: boolean } {
  const last = (series === 'hourly' ? history.hourly : history.daily).at(-1);
  return {
    lastOpen: last?.openTime ?? null,
    inputLastCandleTime: Math.max(history.hourly.at(-1)?.openTime ?? 0, history.daily.at(-1)?.openTime ?? 0),
    closesAtSlot: !!last && last.openTime + GROUP_STEP_MS[series] === until,
  };
}

/**
 * The thread side of predictStored: reads the histories with `readHistories`, forecasts the markets whose series
 * closes at the slot, and reports the newest candle of the others (the runner decides late or stale). Pure apart
 * from the read.
 */
export async function predictFromStore(
  request: StoredPredictRequest,
  read: (symbols: string[], until: number, lookback: StoredPredictRequest['lookback']) => Promise<Map<string, CoinHistory>>,
  load: (ref: ModelRef) => ForecastModel,
): Promise<StoredPredictResult[]> {
  const histories = await read(
    request.items.map((item) => item.symbol),
    request.until,
    request.lookback,
  );
  const out: StoredPredictResult[] = [];
  const ready: PredictRequest['items'] = [];
  for (const { symbol, modelKeys } of request.items) {
    const history = histories.get(symbol) ?? { coin: symbol, hourly: [], daily: [] };
    const { lastOpen, inputLastCandleTime, closesAtSlot } = seriesAtSlot(history, request.series, request.until);
    out.push({ symbol, lastOpen, inputLastCandleTime });
    if (closesAtSlot) ready.push({ symbol, history, modelKeys });
  }
  const results = new Map(predictBatch({ models: request.models, horizons: request.horizons, items: ready }, load).map((r) => [r.symbol, r]));
  for (const entry of out) entry.result = results.get(entry.symbol);
  return out;
}
