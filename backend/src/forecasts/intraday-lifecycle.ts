import { intradayGuardDecisions, type CoinHistory, type ForecastModel, type IntradayForecastModel, type IntradayHorizon } from '@coincast/ml';
import type { ForecastModelRecord } from './forecast.entities';
import type { IntradayMarketData, IntradayTrainer } from './intraday-ports';
import type { ModelRegistry } from './model-registry.repository';
import { INTRADAY_GROUP, INTRADAY_SLOT_HORIZONS, latestSlot } from './slots';

const DAY_MS = 86_400_000;
const FIVE_MINUTES_PER_DAY = 288;

export interface IntradayTrainingSettings {
  /** Days of 5-minute candles per market given to training (seasonality and HAR fit); at most what is kept. */
  trainDays: number;
  /** The guard's validation period (days before the cutoff, origins every hour) deciding model vs naive per horizon. */
  validationDays: number;
  /** Least days of 5-minute candles (of the longest market) worth training on: the lookback plus the validation. */
  minTrainingDays: number;
  /** A new model is trained when the newest trained intraday model is older than this (market time). */
  retrainIntervalDays: number;
}

export const DEFAULT_INTRADAY_TRAINING: IntradayTrainingSettings = {
  trainDays: 30,
  validationDays: 7,
  minTrainingDays: 28,
  retrainIntervalDays: 7,
};

/** Per horizon, whose range the trained model serves ('model', 'blend' or 'naive') and the guard's figures. */
export type GuardSummary = Partial<Record<IntradayHorizon, { intervalSource: string; statistic: number | null; n: number }>>;

/**
 * Training of the sub-hour model (ml's `trainIntradayModel`, registry name `intraday`) through the model registry,
 * with ml's never-worse-than-naive guard deciding per horizon: the guard validates the model against naive on the
 * last `validationDays` (forecasts made exactly as served) and, per horizon, serves the model's range, a blend, or
 * naive's. The trained model is registered as a challenger of the `intraday` group; it becomes the champion when
 * the guard serves something other than naive on at least one horizon (naive is served on the others, so it is never
 * worse than the baseline it replaces), else it is retired with the reason (it would only cost slot time).
 * Framework-free; the intraday worker asks `due()` once an hour and runs `train()` on its training queue.
 */
export class IntradayModelLifecycle {
  constructor(
    private readonly market: IntradayMarketData,
    private readonly registry: ModelRegistry,
    private readonly trainer: IntradayTrainer,
    private readonly settings: IntradayTrainingSettings = DEFAULT_INTRADAY_TRAINING,
  ) {}

  /** The cutoff: the close of the newest 5-minute slot whose candles are stored, never the clock. */
  async cutoff(): Promise<number | undefined> {
    const ready = await this.market.candlesReadyUntil();
    return ready === undefined ? undefined : latestSlot(INTRADAY_GROUP, Math.min(this.market.now(), ready));
  }

  /** Why a training is due now (none trained yet, or the newest is older than the interval), or null. */
  async due(): Promise<string | null> {
    const until = await this.cutoff();
    if (until === undefined) return null;
    const newest = (await this.registry.list())
      .filter((r) => r.horizonGroup === INTRADAY_GROUP && r.type !== 'naive' && r.trainedUntil)
      .reduce<number | undefined>((max, r) => Math.max(max ?? 0, r.trainedUntil!.getTime()), undefined);
    if (newest !== undefined && until - newest < this.settings.retrainIntervalDays * DAY_MS) return null;
    // Only when enough candles are stored (one market's read: cheap, once an hour).
    const [first] = await this.market.trackedSymbols();
    if (!first) return null;
    const probe = await this.market.histories(
      [first],
      until,
      { fiveMinute: this.settings.minTrainingDays * FIVE_MINUTES_PER_DAY, minute: 0 },
      { cache: false },
    );
    if ((probe.get(first)?.fiveMinute?.length ?? 0) < this.settings.minTrainingDays * FIVE_MINUTES_PER_DAY * 0.95) return null;
    return newest === undefined
      ? 'first sub-hour model: only the naive baseline serves 5m/15m/30m'
      : `scheduled sub-hour retraining: the newest model was trained ${((until - newest) / DAY_MS).toFixed(1)} days ago`;
  }

  async histories(until: number): Promise<CoinHistory[]> {
    const symbols = await this.market.trackedSymbols();
    const read = await this.market.histories(symbols, until, { fiveMinute: this.settings.trainDays * FIVE_MINUTES_PER_DAY, minute: 0 }, { cache: false });
    return [...read.values()].filter((h) => (h.fiveMinute?.length ?? 0) > 0);
  }

  /**
   * Trains on every tracked market's 5-minute candles up to the cutoff, registers the model in the `intraday` group
   * and lets the guard's decisions say whether it serves. Returns the record (champion, or retired).
   */
  async train(reason: string): Promise<ForecastModelRecord> {
    const until = await this.cutoff();
    if (until === undefined) throw new Error('no closed 5-minute candles stored yet: nothing to train the sub-hour model on');
    const histories = await this.histories(until);
    const longest = Math.max(0, ...histories.map((h) => h.fiveMinute?.length ?? 0));
    if (longest < this.settings.minTrainingDays * FIVE_MINUTES_PER_DAY * 0.95) {
      throw new Error(`not enough 5-minute candles yet to train the sub-hour model (need ${this.settings.minTrainingDays} days of at least one market)`);
    }
    await this.registry.log('training_started', reason, INTRADAY_GROUP, null, { coins: histories.length, until: new Date(until).toISOString() });
    let record: ForecastModelRecord;
    let guard: GuardSummary;
    try {
      const model = await this.trainer.train(histories, {
        until,
        trainDays: this.settings.trainDays,
        validationDays: this.settings.validationDays,
        horizons: INTRADAY_SLOT_HORIZONS,
      });
      guard = guardSummary(model);
      const version = await this.uniqueVersion(`${model.type}-${new Date(until).toISOString().replace(/[-:]/g, '').slice(0, 13)}`);
      const [registered] = await this.registry.registerChallenger(model as unknown as ForecastModel, {
        version,
        trainedUntil: until,
        backtest: { [INTRADAY_GROUP]: { guard, validationDays: this.settings.validationDays, coins: histories.length } },
        reason,
        groups: [INTRADAY_GROUP],
      });
      record = registered!;
    } catch (error) {
      await this.registry.log('training_failed', `${reason}: ${(error as Error).message}`, INTRADAY_GROUP, null);
      throw error;
    }
    const served = INTRADAY_SLOT_HORIZONS.filter((h) => guard[h] && guard[h]!.intervalSource !== 'naive');
    const evidence = { basis: 'validation', guard, validationDays: this.settings.validationDays };
    if (served.length === 0) {
      await this.registry.retire(
        record.id,
        `${record.version}: on the last ${this.settings.validationDays} days it did not beat the naive baseline on any sub-hour horizon, so naive keeps serving`,
        { evidence },
      );
      return (await this.registry.list()).find((r) => r.id === record.id)!;
    }
    const naiveOn = INTRADAY_SLOT_HORIZONS.filter((h) => !served.includes(h));
    return this.registry.promote(
      record.id,
      `${record.version} beat the naive baseline on ${served.join(', ')} over the last ${this.settings.validationDays} days (the guard serves its range there` +
        (naiveOn.length ? `; naive's on ${naiveOn.join(', ')})` : ')'),
      { evidence },
    );
  }

  private async uniqueVersion(base: string): Promise<string> {
    const versions = new Set((await this.registry.list()).map((r) => r.version));
    let version = base;
    for (let i = 2; versions.has(version); i++) version = `${base}-${i}`;
    return version;
  }
}

export function guardSummary(model: IntradayForecastModel): GuardSummary {
  const out: GuardSummary = {};
  for (const [h, g] of Object.entries(intradayGuardDecisions(model) ?? {}))
    if (g) out[h as IntradayHorizon] = { intervalSource: g.intervalSource, statistic: g.statistic, n: g.n };
  return out;
}
