import type { ForecastModel, QuantileForecast } from '@coincast/ml';
import { InProcessForecastCompute, type ForecastCompute, type ModelRef, type PredictRequest, type PredictResult, seriesAtSlot } from './forecast-compute';
import { scoreForecast, type QuantileValues } from './forecast-scoring';
import { DEFAULT_FORECAST_SETTINGS, type ForecastEvent, type ForecastMarketData, type ForecastPublisher } from './forecast-ports';
import { ForecastsRepository, type NewForecast, type StoredForecast } from './forecasts.repository';
import type { ForecastModelRecord } from './forecast.entities';
import type { ModelRegistry } from './model-registry.repository';
import { GROUP_HORIZONS, GROUP_STEP_MS, shardOf, type HorizonGroup } from './slots';

export class CandlesNotReadyError extends Error {}

export interface SlotResult {
  inserted: number;
  symbols: number;
  missing: string[];
  /** Coins without recent candles of the group's timeframe, or whose closed candle did not come within the grace. */
  skipped: string[];
  failedModels: string[];
}

const SCORE_BATCH = 2_000;
/** Markets whose candles one history read fetches. */
const HISTORY_READ_BATCH = 5;
/** A forecast whose actual candle is still missing this long after its target time is given up on (data gap). */
export const SCORE_GIVE_UP_MS = 2 * 86_400_000;
/** A series whose newest candle is more than this many candles behind the slot is stale, not late. */
export const STALE_AFTER_STEPS = 6;

/**
 * Runs one forecast slot: every active model of the group (champion, challengers in shadow, and the naive
 * baseline) forecasts every tracked coin from the candles closed at the slot time. Idempotent: rows are keyed by
 * (symbol, horizon, origin, model version) and inserted with ON CONFLICT DO NOTHING, so a rerun inserts nothing
 * and publishes nothing.
 */
export class ForecastRunner {
  constructor(
    private readonly market: ForecastMarketData,
    private readonly registry: ModelRegistry,
    private readonly store: ForecastsRepository,
    private readonly publisher: ForecastPublisher,
    private readonly log: (message: string) => void = () => undefined,
    private readonly options: { graceMs: number } = { graceMs: DEFAULT_FORECAST_SETTINGS.slotGraceMs },
    private readonly compute: ForecastCompute = new InProcessForecastCompute(),
  ) {}

  /** Forecasts the slot's markets, or only those of `shard` (see shardOf) when the slot is split into several jobs. */
  async runSlot(group: HorizonGroup, slot: number, shard?: { index: number; count: number }): Promise<SlotResult> {
    const tracked = await this.market.trackedSymbols();
    const symbols = shard && shard.count > 1 ? tracked.filter((symbol) => shardOf(symbol, shard.count) === shard.index) : tracked;
    const naiveRecord = await this.registry.naive(group);
    const active = await this.registry.active(group);
    const records = [...active, ...(active.some((r) => r.id === naiveRecord.id) ? [] : [naiveRecord])];
    const loaded: Array<{ record: ForecastModelRecord; model: ForecastModel; ref: ModelRef }> = [];
    const failedModels: string[] = [];
    for (const record of records) {
      try {
        const model = await this.registry.load(record);
        const artifact = this.compute.wantsArtifacts ? await this.registry.artifact(record) : null;
        loaded.push({ record, model, ref: { key: record.artifactId ?? record.id, artifact, model } });
      } catch (error) {
        failedModels.push(record.version);
        this.log(`model ${record.version} could not be loaded: ${(error as Error).message}`);
      }
    }
    const lookback = {
      hourly: Math.max(48, ...loaded.map((l) => l.model.lookback.hourly)),
      daily: Math.max(40, ...loaded.map((l) => l.model.lookback.daily)),
    };
    const horizons = GROUP_HORIZONS[group];
    const step = GROUP_STEP_MS[group];
    const done = await this.store.existingAt(group, slot);
    const rows: NewForecast[] = [];
    const missing: string[] = [];
    const skipped: string[] = [];
    const pending = symbols.filter((symbol) => loaded.some((l) => !done.has(`${symbol}|${l.record.version}`)));
    const modelKeysOf = (symbol: string) => loaded.filter((l) => !done.has(`${symbol}|${l.record.version}`)).map((l) => l.ref.key);
    const models = loaded.map((l) => l.ref);
    // Per market: its forecasts (or none when its series does not close at the slot) and the newest candle it saw.
    const outcomes: Array<{ symbol: string; lastOpen: number | null; inputLastCandleTime: number; result?: PredictResult }> = [];
    if (this.compute.readsCandles) {
      // The threads read and parse the candles themselves: the event loop only gets the forecasts back.
      outcomes.push(
        ...(await this.compute.predictStored({
          models,
          horizons,
          until: slot,
          lookback,
          series: group,
          items: pending.map((symbol) => ({ symbol, modelKeys: modelKeysOf(symbol) })),
        })),
      );
    } else {
      // A few markets per read: one round trip per timeframe each, and each result parsed in a short piece of work
      // (a whole shard's candles in one result would hold the event loop for as long as it takes to parse them).
      const items: PredictRequest['items'] = [];
      for (let i = 0; i < pending.length; i += HISTORY_READ_BATCH) {
        for (const [symbol, history] of await this.market.histories(pending.slice(i, i + HISTORY_READ_BATCH), slot, lookback)) {
          const { lastOpen, inputLastCandleTime, closesAtSlot } = seriesAtSlot(history, group, slot);
          outcomes.push({ symbol, lastOpen, inputLastCandleTime });
          if (closesAtSlot) items.push({ symbol, history, modelKeys: modelKeysOf(symbol) });
        }
      }
      // Every model on every market of the batch, off this thread when the compute is a thread pool. The naive
      // baseline's forecast of the same history comes back too: what the served point and interval are compared with.
      const results = new Map((await this.compute.predict({ models, horizons, items })).map((r) => [r.symbol, r]));
      for (const outcome of outcomes) outcome.result = results.get(outcome.symbol);
    }
    for (const { symbol, lastOpen, inputLastCandleTime, result } of outcomes) {
      if (!result) {
        // A closed candle a little late (still forming, being ingested, or the coin's backfill not done yet):
        // retry the job, within the grace. A series that stopped long ago (delisted coin) would only make every
        // job fail: skip it.
        if (lastOpen === null || slot - (lastOpen + step) <= STALE_AFTER_STEPS * step) missing.push(symbol);
        else skipped.push(symbol);
        continue;
      }
      for (const { record, ref } of loaded) {
        const outcome = result.byModel[ref.key];
        if (!outcome) continue;
        if ('error' in outcome) {
          failedModels.push(`${record.version}@${symbol}`);
          this.log(`model ${record.version} failed on ${symbol}: ${outcome.error}`);
          continue;
        }
        for (const f of outcome.forecasts)
          rows.push(
            toRow(
              symbol,
              record,
              f,
              inputLastCandleTime,
              result.naive.find((n) => n.horizon === f.horizon),
            ),
          );
      }
    }
    // Bounded grace: a coin whose closed candle is still missing this long after the slot is left out of the slot
    // rather than holding the job (and never forecast from an older candle).
    const late = missing.length > 0 && this.market.now() - slot > this.options.graceMs;
    if (late) {
      this.log(
        `slot ${new Date(slot).toISOString()}: no closed ${group} candle within ${Math.round(this.options.graceMs / 60_000)} min for ${missing.join(', ')}; left out of this slot`,
      );
      skipped.push(...missing.splice(0));
    }
    const inserted = await this.store.insert(rows);
    this.publish(inserted);
    if (missing.length > 0)
      throw new CandlesNotReadyError(`slot ${new Date(slot).toISOString()}: no ${group} candle closing at the slot yet for ${missing.join(', ')}`);
    return { inserted: inserted.length, symbols: symbols.length, missing, skipped, failedModels };
  }

  /** Scores every forecast whose target time has passed and whose actual candle is stored. */
  async scoreDue(): Promise<number> {
    const now = this.market.now();
    let scored = 0;
    for (;;) {
      const due = await this.store.due(now, SCORE_BATCH);
      if (due.length === 0) return scored;
      const bySymbol = new Map<string, typeof due>();
      for (const d of due) bySymbol.set(d.symbol, [...(bySymbol.get(d.symbol) ?? []), d]);
      const scores: Array<{ id: string; score: ReturnType<typeof scoreForecast> }> = [];
      const unscorable: string[] = [];
      for (const [symbol, list] of bySymbol) {
        const closes = await this.market.closesAt(symbol, [...new Set(list.map((d) => d.targetTime))]);
        for (const d of list) {
          const actual = closes.get(d.targetTime);
          if (actual !== undefined) scores.push({ id: d.id, score: scoreForecast(d, actual) });
          else if (now - d.targetTime > SCORE_GIVE_UP_MS) unscorable.push(d.id);
        }
      }
      await this.store.saveScores(scores, now);
      // Without this, forecasts aimed at a hole in the data would stay "due" forever and fill every batch.
      await this.store.markUnscorable(unscorable, now);
      scored += scores.length;
      // Rows whose candle is still missing stay due; stop rather than loop on them.
      if (scores.length + unscorable.length < due.length || due.length < SCORE_BATCH) return scored;
    }
  }

  private publish(inserted: StoredForecast[]): void {
    publishServed(this.publisher, inserted);
  }
}

/** One socket `forecast` event per market for the served rows just stored (shadow rows are never published). */
export function publishServed(publisher: ForecastPublisher, inserted: StoredForecast[]): void {
  const bySymbol = new Map<string, StoredForecast[]>();
  for (const f of inserted) if (f.served) bySymbol.set(f.symbol, [...(bySymbol.get(f.symbol) ?? []), f]);
  for (const [symbol, list] of bySymbol) publisher.publish(forecastEvent(symbol, list));
}

export function forecastEvent(symbol: string, list: StoredForecast[]): ForecastEvent {
  return {
    symbol,
    originTime: new Date(Math.max(...list.map((f) => f.originTime))).toISOString(),
    forecasts: list.map((f) => ({
      horizon: f.horizon,
      targetTime: new Date(f.targetTime).toISOString(),
      point: f.point,
      p10: f.quantiles['0.1'],
      p90: f.quantiles['0.9'],
      quantiles: { '0.05': f.quantiles['0.05'], '0.1': f.quantiles['0.1'], '0.5': f.quantiles['0.5'], '0.9': f.quantiles['0.9'], '0.95': f.quantiles['0.95'] },
      modelVersion: f.modelVersion,
      isNaive: f.isNaive,
      pointIsNaive: f.pointIsNaive,
      intervalIsNaive: f.intervalIsNaive,
    })),
  };
}

/** Relative tolerance for "equal to the naive baseline" (the same arithmetic gives bit-identical values). */
const NAIVE_TOLERANCE = 1e-9;
const same = (a: number, b: number) => Math.abs(a - b) <= NAIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-12);

/** Whether a forecast's point and interval are the naive baseline's for the same origin. Pure. */
export function naiveParts(
  f: Pick<QuantileForecast, 'point' | 'quantiles'>,
  naive: Pick<QuantileForecast, 'point' | 'quantiles'> | undefined,
): { pointIsNaive: boolean; intervalIsNaive: boolean } {
  if (!naive) return { pointIsNaive: false, intervalIsNaive: false };
  const levels = Object.keys(naive.quantiles) as Array<keyof QuantileForecast['quantiles']>;
  return {
    pointIsNaive: same(f.point, naive.point),
    intervalIsNaive: levels.every((level) => same(f.quantiles[level], naive.quantiles[level])),
  };
}

/** The stored row of one forecast (any horizon). inputLastCandleTime = open time of the newest candle the model was given (audit: what data it saw). */
export function toRow<H extends string>(
  symbol: string,
  record: ForecastModelRecord,
  f: QuantileForecast<H>,
  lastCandleOpen: number,
  naive: QuantileForecast<H> | undefined,
): NewForecast {
  const flags = record.type === 'naive' ? { pointIsNaive: true, intervalIsNaive: true } : naiveParts(f, naive);
  return {
    symbol,
    horizon: f.horizon,
    originTime: f.originTime,
    targetTime: f.targetTime,
    modelVersion: record.version,
    modelId: record.id,
    isNaive: record.type === 'naive',
    served: record.status === 'champion',
    lastPrice: f.lastPrice,
    point: f.point,
    quantiles: f.quantiles as QuantileValues,
    inputLastCandleTime: lastCandleOpen,
    ...flags,
  };
}
