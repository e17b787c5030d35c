import type { CoinHistory } from '@coincast/ml';
import {
  decideDriftRetrain,
  decideFirstModel,
  decidePromotion,
  decideRollback,
  decideScheduledRetrain,
  logReturns,
  type Decision,
  type EvidenceDecision,
  type StoredBacktest,
} from './lifecycle-rules';
import { pairedTest } from './paired-test';
import { windowStart } from './forecast-scoring';
import type { ForecastMarketData, ForecastSettings, ModelTrainer } from './forecast-ports';
import type { ForecastModelRecord } from './forecast.entities';
import type { ForecastsRepository } from './forecasts.repository';
import { backtestGroup, type BacktestDiagnostics } from './model-backtest';
import { buildDiagnostics } from './model-diagnostics';
import type { ModelRegistry } from './model-registry.repository';
import { NAIVE_VERSION } from './model-registry.repository';
import { GROUP_HORIZONS, GROUP_STEP_MS, HORIZON_MS, latestSlot, type HorizonGroup } from './slots';
import { dailyVolatility, stratifiedSample } from './training-sample';

/** Markets whose candles one training read fetches at once. */
const TRAINING_READ_BATCH = 25;
/** Days of daily returns the training sample's volatility strata are measured on. */
const VOLATILITY_DAYS = 30;

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
/** Live window the rollback rule reads. */
export const ROLLBACK_WINDOW_DAYS = 10;

/**
 * Days a challenger shadows before it may be retired without having won: long enough for the evidence the
 * promotion rule asks for (hourly: the independent 24h outcomes; daily: its 30d forecasts to be scored).
 */
export function maturityDays(group: HorizonGroup, minIndependent: number): number {
  return group === 'hourly' ? Math.ceil(minIndependent) + 1 : 30 + 7;
}

export interface LifecycleOutcome {
  group: HorizonGroup;
  promotion: Array<{ modelId: string; decision: EvidenceDecision }>;
  rollback: EvidenceDecision | null;
  drift: (Decision & { ks: number }) | null;
  retrain: Decision;
}

const iso = (t: number) => new Date(t).toISOString();

/**
 * Applies the lifecycle rules (lifecycle-rules.ts) to the registry: trains challengers, promotes, rolls back,
 * detects drift. Every decision, acted on or not, is logged with its figures. Framework-free; the Nest service
 * wires it to the queue and the clock.
 */
export class ModelLifecycle {
  constructor(
    private readonly market: ForecastMarketData,
    private readonly registry: ModelRegistry,
    private readonly store: ForecastsRepository,
    private readonly trainer: ModelTrainer,
    private readonly settings: ForecastSettings,
    private readonly wallClock: () => number,
  ) {}

  /**
   * The training set: every tracked market, or with more than `trainMaxMarkets` of them a sample stratified by recent
   * volatility (training-sample.ts), so training time and memory stay bounded however many markets are tracked.
   * Read in batches of 25 markets (one query per timeframe each).
   */
  async histories(until: number): Promise<CoinHistory[]> {
    const symbols = await this.trainingMarkets(until);
    const out: CoinHistory[] = [];
    for (let i = 0; i < symbols.length; i += TRAINING_READ_BATCH) {
      const batch = await this.market.histories(symbols.slice(i, i + TRAINING_READ_BATCH), until, { hourly: this.settings.trainHours, daily: 5_000 });
      for (const [symbol, h] of batch) if (h.hourly.length > 0) out.push({ ...h, coin: symbol });
    }
    return out;
  }

  private async trainingMarkets(until: number): Promise<string[]> {
    const symbols = await this.market.trackedSymbols();
    if (symbols.length <= this.settings.trainMaxMarkets) return symbols;
    const recent = await this.market.histories(symbols, until, { hourly: 0, daily: VOLATILITY_DAYS + 1 });
    const measured = symbols.map((symbol) => ({ symbol, volatility: dailyVolatility(recent.get(symbol)?.daily ?? []) }));
    return stratifiedSample(measured, this.settings.trainMaxMarkets);
  }

  /**
   * The training cutoff: the close of the last CLOSED hourly candle (on the hour), never the wall clock. Daily
   * members see the daily candles closed by then, i.e. up to the last closed UTC day.
   */
  async trainingCutoff(): Promise<number> {
    const ready = await this.market.candlesReadyUntil();
    if (ready === undefined) throw new Error('no closed candles stored yet: nothing to train on');
    return latestSlot('hourly', Math.min(this.market.now(), ready));
  }

  /**
   * Trains a model on every tracked coin up to the last closed hour, backtests it OUT OF SAMPLE (a copy fitted on
   * data before the backtest window, scored on the window), registers it as challenger of each group; where the
   * naive baseline is still champion, the model takes over only if that backtest beats naive.
   */
  async train(reason: string): Promise<ForecastModelRecord[]> {
    const until = await this.trainingCutoff();
    const histories = await this.histories(until);
    // A model fitted on a few days would be served as if it knew something: wait for the backfill instead.
    if (!histories.some((h) => h.hourly.length >= MIN_TRAINING_HOURS)) {
      throw new Error(`not enough candles yet to train (need ${MIN_TRAINING_HOURS} hourly candles of at least one coin)`);
    }
    // The backtest window starts at a UTC midnight so daily origins exist from its first day.
    const windowStart = latestSlot('daily', until - this.settings.backtestDays * DAY_MS);
    await this.registry.log('training_started', reason, null, null, { coins: histories.length, until: iso(until), backtestFrom: iso(windowStart) });
    let records: ForecastModelRecord[];
    try {
      const started = this.wallClock();
      const heldOut = await this.trainer.train(histories, windowStart);
      const days = (until - windowStart) / DAY_MS;
      const label = { fittedUntil: iso(windowStart), outOfSample: true, coins: histories.length };
      // Origins every 6 h: 4 per day and coin. The calibration and per-coin extras go to the diagnostics, not `backtest`.
      const { diagnostics: hourlyExtra, ...hourly } = backtestGroup(heldOut, histories, 'hourly', until, days, 6);
      const { diagnostics: dailyExtra, ...daily } = backtestGroup(heldOut, histories, 'daily', until, days, 24);
      const extras: Record<HorizonGroup, BacktestDiagnostics> = { hourly: hourlyExtra, daily: dailyExtra };
      const backtest: Record<HorizonGroup, Record<string, unknown>> = {
        hourly: { ...hourly, ...label },
        daily: { ...daily, ...label },
      };
      const model = await this.trainer.train(histories, until);
      const trainSeconds = (this.wallClock() - started) / 1000;
      backtest.hourly = { ...backtest.hourly, trainSeconds };
      backtest.daily = { ...backtest.daily, trainSeconds };
      const version = `${model.type}-${iso(until).replace(/[-:]/g, '').slice(0, 11)}`;
      // Loss curves, weights and guard decisions are the registered model's (fitted up to `until`); the backtest's are the held-out copy's.
      const diagnostics = {
        hourly: { ...buildDiagnostics('hourly', model.metadata, backtest.hourly, extras.hourly) },
        daily: { ...buildDiagnostics('daily', model.metadata, backtest.daily, extras.daily) },
      };
      records = await this.registry.registerChallenger(model, {
        version: await this.uniqueVersion(version),
        trainedUntil: until,
        backtest,
        reason,
        diagnostics,
      });
    } catch (error) {
      await this.registry.log('training_failed', `${reason}: ${(error as Error).message}`, null, null);
      throw error;
    }
    for (const record of records) {
      const champion = await this.registry.champion(record.horizonGroup);
      if (!champion || champion.type === 'naive') {
        const decision = decideFirstModel(record.backtest as StoredBacktest, { minIndependent: this.settings.promotionMinIndependent });
        if (decision.act)
          await this.registry.promote(record.id, `first trained model replaces the naive baseline: it ${decision.reason}`, { evidence: decision.evidence });
        else await this.registry.log('evaluated', `${record.version} ${decision.reason}`, record.horizonGroup, record.id, { evidence: decision.evidence });
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

  /** Paired test of `candidate` against `reference` on their common scored forecasts in [from, now]. */
  private async liveTest(candidate: string, reference: string, group: HorizonGroup, from: number) {
    const horizons = GROUP_HORIZONS[group];
    const diffs = await this.store.pairedDiffs(candidate, reference, horizons, from);
    return pairedTest(diffs, Math.max(...horizons.map((h) => HORIZON_MS[h])), GROUP_STEP_MS[group]);
  }

  /**
   * One lifecycle pass for a group: rollback check of the champion, promotion of a challenger that beats it,
   * retirement of challengers that matured without winning, and whether to retrain (schedule or drift; never a
   * second one while one is pending). Returns what was decided; `requestRetrain` is called at most once.
   */
  async evaluate(group: HorizonGroup, requestRetrain: (reason: string) => Promise<void>): Promise<LifecycleOutcome> {
    const now = this.market.now();
    const horizons = GROUP_HORIZONS[group];
    const outcome: LifecycleOutcome = { group, promotion: [], rollback: null, drift: null, retrain: { act: false, reason: '' } };
    let champion = await this.registry.champion(group);

    if (champion && champion.type !== 'naive') {
      const from = windowStart(now, ROLLBACK_WINDOW_DAYS);
      const live = await this.liveTest(champion.version, NAIVE_VERSION, group, from);
      const metrics = await this.store.liveMetrics({ modelVersion: champion.version, horizons, from, scaled: true });
      const decision = decideRollback(live, {
        scored: metrics?.n ?? 0,
        coverage80: metrics?.coverage80 ?? null,
        naiveCoverage80: metrics?.naiveCoverage80 ?? null,
      });
      outcome.rollback = decision;
      if (decision.act && champion.previousChampionId) {
        await this.registry.rollback(champion.id, `automatic rollback: ${decision.reason}`, {
          evidence: decision.evidence,
          coverage80: metrics?.coverage80 ?? null,
          naiveCoverage80: metrics?.naiveCoverage80 ?? null,
        });
        champion = await this.registry.champion(group);
      } else {
        await this.registry.log('evaluated', `${champion.version}: ${decision.reason}`, group, champion.id, {
          evidence: decision.evidence,
          coverage80: metrics?.coverage80 ?? null,
          naiveCoverage80: metrics?.naiveCoverage80 ?? null,
        });
      }
    }

    const from = windowStart(now, PROMOTION_WINDOW_DAYS);
    const policy = { minIndependent: this.settings.promotionMinIndependent, minScored: this.settings.promotionMinScored };
    let promoted = false;
    for (const challenger of (await this.registry.active(group)).filter((r) => r.status === 'challenger')) {
      const reference = champion?.version ?? NAIVE_VERSION;
      const live = await this.liveTest(challenger.version, reference, group, from);
      const decision = promoted
        ? { act: false, reason: 'another challenger was promoted in this pass; compared with it next time' }
        : decidePromotion(live, policy, {
            group,
            champion: reference,
            championIsNaive: !champion || champion.type === 'naive',
            challengerBacktest: challenger.backtest as StoredBacktest,
            championBacktest: champion?.backtest as StoredBacktest | undefined,
          });
      outcome.promotion.push({ modelId: challenger.id, decision });
      const details = { evidence: (decision as EvidenceDecision).evidence };
      if (decision.act) {
        await this.registry.promote(challenger.id, decision.reason, details);
        promoted = true;
        continue;
      }
      const ageDays = (this.wallClock() - challenger.createdAt.getTime()) / DAY_MS;
      const mature = maturityDays(group, policy.minIndependent);
      if (ageDays >= mature) {
        await this.registry.retire(
          challenger.id,
          `matured (${ageDays.toFixed(0)} of ${mature} days shadowing) without beating ${reference}: ${decision.reason}`,
          details,
        );
      } else {
        await this.registry.log(
          'evaluated',
          `${challenger.version} stays challenger (${ageDays.toFixed(0)} of ${mature} days): ${decision.reason}`,
          group,
          challenger.id,
          details,
        );
      }
    }
    if (promoted) champion = await this.registry.champion(group);

    const pending = await this.registry.pendingRetrain();
    const newerChallenger = champion?.trainedUntil
      ? (await this.registry.active(group)).find((r) => r.status === 'challenger' && r.trainedUntil && r.trainedUntil > champion!.trainedUntil!)
      : undefined;
    const newest = await this.registry.newestTrainedAt();
    if (pending) {
      outcome.retrain = { act: false, reason: `a retraining is already pending (asked ${pending.at.toISOString()}: ${pending.reason})` };
    } else {
      outcome.retrain = decideScheduledRetrain(newest, this.wallClock(), this.settings.retrainIntervalDays);
    }
    if (
      !pending &&
      !outcome.retrain.act &&
      champion &&
      champion.type !== 'naive' &&
      champion.trainedUntil &&
      (newest === undefined || this.wallClock() - newest >= DRIFT_COOLDOWN_DAYS * DAY_MS)
    ) {
      // Drift is measured against the SERVING model's own training window.
      outcome.drift = await this.driftCheck(champion.trainedUntil.getTime(), now);
      if (outcome.drift.act && newerChallenger) {
        outcome.drift = {
          ...outcome.drift,
          act: false,
          reason: `${outcome.drift.reason}; not retraining: ${newerChallenger.version} (trained until ${newerChallenger.trainedUntil!.toISOString()}) already covers the recent data and is being evaluated`,
        };
      }
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
      ? {
          act: true,
          ks,
          reason: `drift: mean KS statistic ${ks.toFixed(3)} of recent vs training-window hourly returns over ${stats.length} coins exceeds ${this.settings.driftThreshold}`,
        }
      : { act: false, ks, reason: `no drift: mean KS statistic ${ks.toFixed(3)} ≤ ${this.settings.driftThreshold}` };
  }
}
