import type { CoinHistory, IntradayForecastModel, IntradayHorizon, QuantileForecast } from '@coincast/ml';
import { CandlesNotReadyError, publishServed, STALE_AFTER_STEPS, toRow, type SlotResult } from './forecast-runner';
import type { ForecastPublisher } from './forecast-ports';
import type { ForecastModelRecord } from './forecast.entities';
import type { ForecastsRepository, NewForecast, StoredForecast } from './forecasts.repository';
import { DEFAULT_INTRADAY_SETTINGS, type IntradayMarketData, type IntradayModelSource } from './intraday-ports';
import type { ModelRegistry } from './model-registry.repository';
import { GROUP_STEP_MS, INTRADAY_GROUP, INTRADAY_SLOT_HORIZONS, shardOf } from './slots';

const STEP = GROUP_STEP_MS.intraday;
/** Markets forecast between two yields to the event loop (a market's naive forecasts take ~0.5 ms). */
const YIELD_EVERY_MARKETS = 4;

/**
 * Runs one 5-minute slot of the sub-hour horizons (5m/15m/30m): every active model of the `intraday` group (its
 * champion, challengers in shadow) and always its naive baseline forecast every tracked market from the 5-minute
 * candles closed at the slot. The same contract as the hourly ForecastRunner: rows keyed (symbol, horizon, origin,
 * model version) and inserted with ON CONFLICT DO NOTHING, so a rerun inserts and publishes nothing; served rows go
 * out as socket `forecast` events per market; a market whose candle is late makes the job retry within the grace.
 * Computed on the calling thread: with the candle windows cached (IntradayCandleCache) a slot of 20 markets is a
 * few tens of milliseconds (see the bench), and it runs on its own queue, never in the hourly slot's way.
 */
export class IntradayForecastRunner {
  constructor(
    private readonly market: IntradayMarketData,
    private readonly registry: ModelRegistry,
    private readonly store: ForecastsRepository,
    private readonly publisher: ForecastPublisher,
    private readonly models: IntradayModelSource,
    private readonly log: (message: string) => void = () => undefined,
    private readonly options: { graceMs: number } = { graceMs: DEFAULT_INTRADAY_SETTINGS.slotGraceMs },
  ) {}

  async runSlot(slot: number, shard?: { index: number; count: number }): Promise<SlotResult> {
    const tracked = await this.market.trackedSymbols();
    const symbols = shard && shard.count > 1 ? tracked.filter((symbol) => shardOf(symbol, shard.count) === shard.index) : tracked;
    const naiveRecord = await this.registry.naive(INTRADAY_GROUP);
    const active = await this.registry.active(INTRADAY_GROUP);
    const records = [...active, ...(active.some((r) => r.id === naiveRecord.id) ? [] : [naiveRecord])];
    const naive = this.models.naive();
    const loaded: Array<{ record: ForecastModelRecord; model: IntradayForecastModel }> = [];
    const failedModels: string[] = [];
    for (const record of records) {
      try {
        if (record.type === 'naive') loaded.push({ record, model: naive });
        else {
          const artifact = await this.registry.artifact(record);
          if (!artifact) throw new Error('no artifact');
          loaded.push({ record, model: this.models.fromArtifact(artifact) });
        }
      } catch (error) {
        failedModels.push(record.version);
        this.log(`intraday model ${record.version} could not be loaded: ${(error as Error).message}`);
      }
    }
    const lookback = { fiveMinute: Math.max(48, ...[naive, ...loaded.map((l) => l.model)].map((m) => m.lookback.fiveMinute ?? 0)), minute: 0 };
    const horizons: IntradayHorizon[] = INTRADAY_SLOT_HORIZONS;
    const done = await this.store.existingAt(INTRADAY_GROUP, slot);
    const pending = symbols.filter((symbol) => loaded.some((l) => !done.has(`${symbol}|${l.record.version}`)));
    const rows: NewForecast[] = [];
    const missing: string[] = [];
    const skipped: string[] = [];
    // One call for the shard: the market data tops its cached windows up with one query (full reads are batched there).
    const histories = pending.length > 0 ? await this.market.histories(pending, slot, lookback) : new Map<string, CoinHistory>();
    let computed = 0;
    for (const [symbol, history] of histories) {
      // Yield between small groups of markets so the hourly slot's callbacks on this event loop are not held up.
      if (++computed % YIELD_EVERY_MARKETS === 0) await new Promise((resolve) => setImmediate(resolve));
      const last = history.fiveMinute?.at(-1);
      if (!last || last.openTime + STEP !== slot) {
        // Late (being ingested) within a few candles: retry; stopped long ago (delisted, no sub-hour data): skip.
        if (!last || slot - (last.openTime + STEP) <= STALE_AFTER_STEPS * STEP) missing.push(symbol);
        else skipped.push(symbol);
        continue;
      }
      let naiveForecasts: QuantileForecast<IntradayHorizon>[] = [];
      try {
        naiveForecasts = naive.predict(history, horizons);
      } catch {
        naiveForecasts = [];
      }
      for (const { record, model } of loaded) {
        if (done.has(`${symbol}|${record.version}`)) continue;
        let forecasts: QuantileForecast<IntradayHorizon>[];
        try {
          forecasts = record.type === 'naive' ? naiveForecasts : model.predict(history, horizons);
        } catch (error) {
          failedModels.push(`${record.version}@${symbol}`);
          this.log(`intraday model ${record.version} failed on ${symbol}: ${(error as Error).message}`);
          continue;
        }
        for (const f of forecasts)
          rows.push(
            toRow(
              symbol,
              record,
              f,
              last.openTime,
              naiveForecasts.find((n) => n.horizon === f.horizon),
            ),
          );
      }
    }
    if (missing.length > 0 && this.market.now() - slot > this.options.graceMs) {
      this.log(
        `intraday slot ${new Date(slot).toISOString()}: no closed 5-minute candle within ${Math.round(this.options.graceMs / 60_000)} min for ${missing.join(', ')}; left out of this slot`,
      );
      skipped.push(...missing.splice(0));
    }
    const inserted = await this.store.insert(rows);
    this.publish(inserted);
    if (missing.length > 0)
      throw new CandlesNotReadyError(`intraday slot ${new Date(slot).toISOString()}: no 5-minute candle closing at the slot yet for ${missing.join(', ')}`);
    return { inserted: inserted.length, symbols: symbols.length, missing, skipped, failedModels };
  }

  private publish(inserted: StoredForecast[]): void {
    publishServed(this.publisher, inserted);
  }
}
