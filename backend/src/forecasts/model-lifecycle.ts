import type { CoinHistory } from '@coincast/ml';
import { decideDriftRetrain, decidePromotion, decideRollback, decideScheduledRetrain, logReturns, type Decision } from './lifecycle-rules';
import { windowStart } from './forecast-scoring';
import type { ForecastMarketData, ForecastSettings, ModelTrainer } from './forecast-ports';
import type { ForecastModelRecord } from './forecast.entities';
import type { ForecastStore } from './forecast.store';
import { backtestGroup } from './model-backtest';
import type { ModelRegistry } from './model-registry';
import { GROUP_HORIZONS, type HorizonGroup } from './slots';

const DAY_MS = 86_400_000;
/** Window over which champion and challenger are compared for promotion. */
export const PROMOTION_WINDOW_DAYS = 30;
/** Days of recent hourly returns tested for drift, and of training-window returns they are compared with. */
const DRIFT_RECENT_DAYS = 7;
const DRIFT_TRAINING_DAYS = 30;
/** A model younger than this is not retrained again for drift (its training window already covers it). */
const DRIFT_COOLDOWN_DAYS = 1;
/** Least hourly history (of the longest coin) worth training on: 30 days. */
export const MIN_TRAINING_HOURS = 30 * 24;

export interface LifecycleOutcome {
  group: HorizonGroup;
  promotion: Array<{ modelId: string; decision: Decision }>;
  rollback: Decision | null;
  drift: (Decision & { ks: number }) | null;
  retrain: Decision;
}

/**
 * Applies the lifecycle rules (lifecycle-rules.ts) to the registry: trains challengers, promotes, rolls back,
 * detects drift. Framework-free; the Nest service wires it to the queue and the clock.
 */
export class ModelLifecycle {
  constructor(
    private readonly market: ForecastMarketData,
    private readonly registry: ModelRegistry,
    private readonly store: ForecastStore,
    private readonly trainer: ModelTrainer,
    private readonly settings: ForecastSettings,
    private readonly wallClock: () => number,
  ) {}

  async histories(until: number): Promise<CoinHistory[]> {
    const symbols = await this.market.trackedSymbols();
    const out: CoinHistory[] = [];
    for (const symbol of symbols) {
      const h = await this.market.history(symbol, until, { hourly: this.settings.trainHours, daily: 5_000 });
      if (h.hourly.length > 0) out.push({ ...h, coin: symbol });
    }
    return out;
  }

  /**
   * Trains a model on every tracked coin up to market "now", backtests it, registers it as challenger of each
   * group; where the naive baseline is still champion, the trained model takes over at once (initial start).
   */
  async train(reason: string): Promise<ForecastModelRecord[]> {
    const until = this.market.now();
    const histories = await this.histories(until);
    // A model fitted on a few days would be served as if it knew something: wait for the backfill instead.
    if (!histories.some((h) => h.hourly.length >= MIN_TRAINING_HOURS)) {
      throw new Error(`not enough candles yet to train (need ${MIN_TRAINING_HOURS} hourly candles of at least one coin)`);
    }
    await this.registry.log('training_started', reason, null, null, { coins: histories.length, until: new Date(until).toISOString() });
    let records: ForecastModelRecord[];
    try {
      const started = this.wallClock();
      const model = await this.trainer.train(histories, until);
      const trainSeconds = (this.wallClock() - started) / 1000;
      const backtest = {
        // Origins every 6 h: 4 per day and coin is enough for the daily error distribution, at half the cost of 3 h.
        hourly: { ...backtestGroup(model, histories, 'hourly', until, this.settings.backtestDays, 6), trainSeconds, coins: histories.length },
        daily: { ...backtestGroup(model, histories, 'daily', until, Math.max(this.settings.backtestDays, 45), 24), trainSeconds, coins: histories.length },
      };
      const version = `${model.type}-${new Date(this.wallClock()).toISOString().replace(/[-:]/g, '').slice(0, 13)}`;
      records = await this.registry.registerChallenger(model, { version: await this.uniqueVersion(version), trainedUntil: until, backtest, reason });
    } catch (error) {
      await this.registry.log('training_failed', `${reason}: ${(error as Error).message}`, null, null);
      throw error;
    }
    for (const record of records) {
      const champion = await this.registry.champion(record.horizonGroup);
      if (!champion || champion.type === 'naive') {
        await this.registry.promote(record.id, 'first trained model replaces the naive baseline');
      }
    }
    return records;
  }

  private async uniqueVersion(base: string): Promise<string> {
    const versions = new Set((await this.registry.list()).map((r) => r.version));
    let version = base;
    for (let i = 2; versions.has(version); i++) version = `${base}-${i}`;
    return version;
  }

  /**
   * One lifecycle pass for a group: rollback check of the champion, promotion of a challenger that beats it,
   * and whether to retrain (schedule or drift). Returns what was decided; `requestRetrain` is called at most once.
   */
  async evaluate(group: HorizonGroup, requestRetrain: (reason: string) => Promise<void>): Promise<LifecycleOutcome> {
    const now = this.market.now();
    const horizons = GROUP_HORIZONS[group];
    const outcome: LifecycleOutcome = { group, promotion: [], rollback: null, drift: null, retrain: { act: false, reason: '' } };
    let champion = await this.registry.champion(group);

    if (champion && champion.type !== 'naive') {
      const today = Math.floor(now / DAY_MS) * DAY_MS;
      const daily = await this.store.dailyErrors(champion.version, horizons, today - 10 * DAY_MS, today);
      const bt = champion.backtest as { dailyErrorMean?: number | null; dailyErrorStd?: number | null };
      const baseline = typeof bt.dailyErrorMean === 'number' && typeof bt.dailyErrorStd === 'number' ? { dailyErrorMean: bt.dailyErrorMean, dailyErrorStd: bt.dailyErrorStd } : undefined;
      outcome.rollback = decideRollback(daily, baseline);
      if (outcome.rollback.act && champion.previousChampionId) {
        await this.registry.rollback(champion.id, `automatic rollback: ${outcome.rollback.reason}`);
        champion = await this.registry.champion(group);
      }
    }

    const from = windowStart(now, PROMOTION_WINDOW_DAYS);
    for (const challenger of (await this.registry.active(group)).filter((r) => r.status === 'challenger')) {
      const metrics = await this.store.liveMetrics({ modelVersion: challenger.version, horizons, from, scaled: true });
      // The champion is judged on the same (symbol, horizon, origin) as the challenger: like for like.
      const championMetrics = champion
        ? await this.store.liveMetrics({ modelVersion: champion.version, horizons, from, scaled: true, sameOriginsAs: challenger.version })
        : null;
      const decision = decidePromotion(champion?.type === 'naive' ? null : championMetrics, metrics, { minScored: this.settings.promotionMinScored });
      outcome.promotion.push({ modelId: challenger.id, decision });
      if (decision.act) {
        await this.registry.promote(challenger.id, decision.reason);
        break; // one promotion per pass; the others are compared with the new champion next time
      }
    }

    const newest = await this.registry.newestTrainedAt();
    outcome.retrain = decideScheduledRetrain(newest, this.wallClock(), this.settings.retrainIntervalDays);
    champion = await this.registry.champion(group);
    if (!outcome.retrain.act && champion?.trainedUntil && (newest === undefined || this.wallClock() - newest >= DRIFT_COOLDOWN_DAYS * DAY_MS)) {
      outcome.drift = await this.driftCheck(champion.trainedUntil.getTime(), now);
      if (outcome.drift.act) {
        await this.registry.log('drift_detected', outcome.drift.reason, group, champion.id, { ks: outcome.drift.ks });
        outcome.retrain = { act: true, reason: outcome.drift.reason };
      }
    }
    if (outcome.retrain.act) await requestRetrain(outcome.retrain.reason);
    return outcome;
  }

  /** Mean over coins of the KS statistic between recent hourly returns and those of the training window's end. */
  async driftCheck(trainedUntil: number, now: number): Promise<Decision & { ks: number }> {
    const symbols = await this.market.trackedSymbols();
    const stats: number[] = [];
    let decisionForOne: (Decision & { ks: number }) | null = null;
    for (const symbol of symbols) {
      const recent = await this.market.history(symbol, now, { hourly: DRIFT_RECENT_DAYS * 24 + 1, daily: 0 });
      const training = await this.market.history(symbol, trainedUntil, { hourly: DRIFT_TRAINING_DAYS * 24 + 1, daily: 0 });
      const d = decideDriftRetrain(logReturns(recent.hourly.map((c) => c.close)), logReturns(training.hourly.map((c) => c.close)), {
        threshold: this.settings.driftThreshold,
        minSamples: 48,
      });
      if (d.ks > 0) stats.push(d.ks);
      decisionForOne = d;
    }
    if (stats.length === 0) return decisionForOne ?? { act: false, ks: 0, reason: 'no coins to test for drift' };
    const ks = stats.reduce((a, b) => a + b, 0) / stats.length;
    return ks > this.settings.driftThreshold
      ? { act: true, ks, reason: `drift: mean KS statistic ${ks.toFixed(3)} of recent vs training-window hourly returns over ${stats.length} coins exceeds ${this.settings.driftThreshold}` }
      : { act: false, ks, reason: `no drift: mean KS statistic ${ks.toFixed(3)} ≤ ${this.settings.driftThreshold}` };
  }
}

