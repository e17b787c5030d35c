/**
 * Explanations of served forecasts (ml's explainForecasts), computed on read rather than stored with each forecast:
 * the explanation is a deterministic function of the model artifact and the candles up to the origin, both kept, so
 * recomputing it gives the numbers the forecast was made with; computing it in the slot would add a second pass over
 * every market's candles to a path that has to stay fast for hundreds of markets, for a page that shows one coin.
 * Cost on read: one history read and one volatility filter per coin, group and origin, then cached until the origin
 * changes. No framework imports.
 */
import { ALL_HORIZONS, explainForecasts, naiveModel, type ForecastExplanation, type Horizon } from '@coincast/ml';
import type { ForecastMarketData } from './forecast-ports';
import type { StoredForecast } from './forecasts.repository';
import type { ModelRegistry } from './model-registry.repository';

/** Explanations kept (per model, coin, origin and horizon); a coin page view needs at most five. */
const CACHE_ENTRIES = 2_000;

const keyOf = (f: Pick<StoredForecast, 'modelId' | 'symbol' | 'horizon' | 'originTime'>) => `${f.modelId ?? 'naive'}|${f.symbol}|${f.horizon}|${f.originTime}`;

export class ForecastExplainer {
  private readonly cache = new Map<string, ForecastExplanation | null>();

  constructor(
    private readonly market: Pick<ForecastMarketData, 'history'>,
    private readonly registry: Pick<ModelRegistry, 'get' | 'load'>,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  /** The explanation of each row (by keyOf), null where the model has none (drift, ets) or the history is too short. */
  async explain(rows: StoredForecast[]): Promise<Map<string, ForecastExplanation | null>> {
    const out = new Map<string, ForecastExplanation | null>();
    const todo = new Map<string, StoredForecast[]>();
    for (const f of rows) {
      const key = keyOf(f);
      // Sub-hour horizons have their own model and no explanation yet: no candle read for them.
      if (!(ALL_HORIZONS as readonly string[]).includes(f.horizon)) out.set(key, null);
      else if (this.cache.has(key)) out.set(key, this.cache.get(key)!);
      else {
        const batch = `${f.modelId ?? 'naive'}|${f.symbol}|${f.originTime}`;
        todo.set(batch, [...(todo.get(batch) ?? []), f]);
      }
    }
    for (const batch of todo.values()) {
      const first = batch[0]!;
      let results: ForecastExplanation[] = [];
      let failed = false;
      try {
        const record = first.modelId ? await this.registry.get(first.modelId) : null;
        const model = record ? await this.registry.load(record) : naiveModel();
        const lookback = { hourly: Math.max(48, model.lookback.hourly), daily: Math.max(40, model.lookback.daily) };
        const history = await this.market.history(first.symbol, first.originTime, lookback);
        results = explainForecasts(
          model,
          history,
          batch.map((f) => f.horizon as Horizon),
        ).filter((e) => e.originTime === first.originTime);
      } catch (error) {
        // An explanation is an extra: a failure to make one must not fail the forecast it belongs to (not cached).
        failed = true;
        this.warn(`no explanation for ${first.symbol} at ${new Date(first.originTime).toISOString()}: ${(error as Error).message}`);
      }
      for (const f of batch) {
        const e = results.find((r) => r.horizon === f.horizon) ?? null;
        if (!failed) this.remember(keyOf(f), e);
        out.set(keyOf(f), e);
      }
    }
    return out;
  }

  static keyOf = keyOf;

  private remember(key: string, value: ForecastExplanation | null): void {
    if (this.cache.size >= CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, value);
  }
}
