import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { PeriodicTriggers } from '../infra/periodic-triggers';
import { CACHE, Cache, CLOCK, Clock, PUBSUB, PubSub } from '../infra/ports';
import { MARKET_TICKS_CHANNEL, tickerCacheKey, type Tick } from '../markets/tick';
import { MetricsService } from '../metrics/metrics.service';
import { AlertFiringRepository, type FireOutcome } from './alert-firing.repository';
import {
  ALERT_CHANNELS,
  FORECAST_READER,
  PORTFOLIO_VALUER,
  USER_PUSH,
  type AlertChannels,
  type ForecastReader,
  type PortfolioValuer,
  type UserPush,
} from './alert-ports';
import { ALERT_RULES_CHANNEL, portfolioSeriesKey, type AlertRuleChange, type AlertRuleSnapshot } from './alert-types';
import { AlertIndex, type AlertMatch } from './engine/alert-index';
import { forecastMoveProbability, forecastMoveTriggers } from './engine/forecast-move';
import { AlertRulesRepository } from './alert-rules.repository';
import { KnownSymbols } from './known-symbols';
import { MARKET_CATALOGUE_CHANNEL } from '../markets/tracked-markets.service';
import { toIndexedRule } from './engine/rule-mapping';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service';

/** How often (at most) forecast_move rules of one symbol ask the forecast reader. */
const FORECAST_CHECK_MS = 60_000;
/** How often (at most) one portfolio is revalued for portfolio_value rules. */
const PORTFOLIO_CHECK_MS = 5_000;
/** A rule whose firing failed (database error) is retried after this long. */
const RETRY_AFTER_ERROR_MS = 60_000;
/** Expiry and webhook-outbox sweeps. */
const SWEEP_MS = 30_000;

/**
 * The alert engine (worker role). Holds every armed rule in an AlertIndex, rebuilt from the database
 * at start and kept in step through `alerts:rules`; evaluates each tick of `market:ticks` against the
 * index (never by scanning rules); fires matches through AlertFiringRepository, whose transaction makes
 * firing exactly-once even with several engines; then pushes the notification to the user's socket
 * room and enqueues the webhook.
 */
@Injectable()
export class AlertEngineService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertEngineService.name);
  private index = new AlertIndex();
  /** forecast_move rules by symbol (few: evaluated when their forecast is read, not per threshold). */
  private readonly forecastRules = new Map<string, Map<string, AlertRuleSnapshot>>();
  private readonly forecastCheckedAt = new Map<string, number>();
  /** portfolio_value rules by portfolio, with the portfolio's owner. */
  private readonly portfolioRules = new Map<string, { userId: string; rules: Set<string> }>();
  private readonly portfolioSymbols = new Map<string, Set<string>>();
  private readonly portfolioCheckedAt = new Map<string, number>();
  private readonly lastPrices = new Map<string, number>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private readonly unsubscribers: (() => Promise<void>)[] = [];
  private pendingChanges: AlertRuleChange[] | null = null;
  /** Property-injected: replica engines built by hand in tests keep their constructor (they are swept by hand). */
  @Inject(PeriodicTriggers) private readonly triggers!: PeriodicTriggers;
  /** Property-injected for the same reason; absent in hand-built engines, which then never pause for the catalogue. */
  @Inject(KnownSymbols) private readonly knownSymbols?: KnownSymbols;
  private started = false;

  constructor(
    private readonly rules: AlertRulesRepository,
    private readonly config: AppConfig,
    private readonly firing: AlertFiringRepository,
    private readonly webhooks: WebhookDeliveryService,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
    @Inject(CLOCK) private readonly clock: Clock,
    // Required, every one: a missing provider fails start-up instead of silently disabling a rule type.
    @Inject(USER_PUSH) private readonly push: UserPush,
    @Inject(PORTFOLIO_VALUER) private readonly portfolios: PortfolioValuer,
    @Inject(FORECAST_READER) private readonly forecasts: ForecastReader,
    private readonly metrics: MetricsService,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(ALERT_CHANNELS) private readonly channels: AlertChannels,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.runsWorker) return;
    await this.start();
    // Expiry and webhook-outbox sweep: idempotent work, on the process's one periodic-trigger mechanism.
    this.triggers.every('alerts:sweep', SWEEP_MS, async () => {
      if (this.started) await this.sweep();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Rule changes first (buffered while loading, so none is lost), then the database, then ticks. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.pendingChanges = [];
    this.unsubscribers.push(await this.pubsub.subscribe<AlertRuleChange>(ALERT_RULES_CHANNEL, (change) => this.onRuleChange(change)));
    // A market leaving the catalogue pauses its rules right away (the sweep catches a missed message).
    this.unsubscribers.push(
      await this.pubsub.subscribe(MARKET_CATALOGUE_CHANNEL, () => {
        void this.pauseRulesOfUntrackedMarkets().catch((error: unknown) => this.logger.warn(`could not pause alerts of untracked markets: ${String(error)}`));
      }),
    );
    const t0 = performance.now();
    await this.loadArmedRules();
    this.logger.log(
      `alert index rebuilt: ${this.index.size} armed rules in ${Math.round(performance.now() - t0)} ms; wired: ${JSON.stringify(this.integrations)}`,
    );
    this.unsubscribers.push(await this.pubsub.subscribe<Tick>(MARKET_TICKS_CHANNEL, (tick) => this.onTick(tick)));
    // A rule created or changed while this process's subscription was down (a Redis restart) was published to
    // nobody: re-read the armed rules once the subscriptions are back, or that alert would never fire.
    const off = this.pubsub.onResubscribed(() => {
      void this.resync().catch((error: unknown) => this.logger.warn(`could not reload alert rules after a reconnect: ${String(error)}`));
    });
    this.unsubscribers.push(async () => off());
  }

  /** Rebuilds the index from the database (rule changes arriving meanwhile are buffered, as at start). */
  async resync(): Promise<void> {
    if (!this.started || this.pendingChanges) return;
    this.pendingChanges = [];
    await this.loadArmedRules();
    this.logger.log(`alert index reloaded after a reconnect: ${this.index.size} armed rules`);
  }

  /** The index from the database, then the changes buffered in pendingChanges meanwhile, then the latest prices. */
  private async loadArmedRules(): Promise<void> {
    try {
      await this.rebuild();
    } finally {
      const buffered = this.pendingChanges ?? [];
      this.pendingChanges = null;
      for (const change of buffered) this.applyChange(change);
    }
    await this.primeFromLatestTickers();
  }

  async stop(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) await unsubscribe().catch(() => undefined);
    await this.whenIdle();
    this.started = false;
  }

  /** Resolves once every firing started so far has finished (tests, shutdown). */
  async whenIdle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  get indexedRules(): number {
    return this.index.size;
  }

  /** The domains wired into this engine (all required since issue 17; kept for the start-up log line). */
  get integrations(): { socketPush: boolean; portfolios: boolean; forecasts: boolean } {
    return { socketPush: !!this.push, portfolios: !!this.portfolios, forecasts: !!this.forecasts };
  }

  /** Evaluates one tick. Index evaluation is synchronous, so ticks are judged in arrival order. */
  onTick(tick: Tick): void {
    if (!tick || typeof tick.price !== 'number' || !Number.isFinite(tick.price)) return;
    const parsed = Date.parse(tick.timestamp);
    const at = new Date(Number.isFinite(parsed) ? parsed : this.clock.now().getTime());
    this.lastPrices.set(tick.symbol, tick.price);
    const started = performance.now();
    const matches = this.index.onValue(tick.symbol, tick.price, at.getTime());
    this.metrics.observeAlertEvaluation((performance.now() - started) / 1000);
    for (const match of matches) this.track(this.fireMatch(match, at));
    if (this.forecastRules.has(tick.symbol)) this.track(this.checkForecasts(tick.symbol, at));
    if (this.portfolioRules.size > 0) this.track(this.checkPortfolios(tick.symbol, at));
  }

  private track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => this.logger.error(`alert firing failed: ${error instanceof Error ? error.stack : String(error)}`));
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  private async rebuild(): Promise<void> {
    const index = new AlertIndex();
    this.forecastRules.clear();
    this.portfolioRules.clear();
    this.index = index;
    for await (const batch of this.rules.armedRules()) for (const rule of batch) this.applyChange({ op: 'upsert', rule });
  }

  /**
   * The market-data worker keeps each symbol's latest ticker in the CACHE; using it as the "previous
   * price" lets the first tick after a restart complete a crossing that straddles the restart.
   */
  private async primeFromLatestTickers(): Promise<void> {
    const symbols = this.index.seriesKeys().filter((key) => !key.startsWith('portfolio:'));
    await Promise.all(
      symbols.map(async (symbol) => {
        const tick = await this.cache.get<Tick>(tickerCacheKey(symbol)).catch(() => undefined);
        if (tick && typeof tick.price === 'number') {
          this.index.primeValue(symbol, tick.price);
          this.lastPrices.set(symbol, tick.price);
        }
      }),
    );
  }

  private onRuleChange(change: AlertRuleChange): void {
    if (this.pendingChanges) this.pendingChanges.push(change);
    else this.applyChange(change);
  }

  /** Brings the index in line with one rule's current state. Idempotent. */
  private applyChange(change: AlertRuleChange): void {
    const ruleId = change.op === 'remove' ? change.ruleId : change.rule.id;
    this.index.remove(ruleId);
    for (const [symbol, rules] of this.forecastRules) if (rules.delete(ruleId) && rules.size === 0) this.forecastRules.delete(symbol);
    for (const [portfolioId, entry] of this.portfolioRules) if (entry.rules.delete(ruleId) && entry.rules.size === 0) this.portfolioRules.delete(portfolioId);
    if (change.op === 'remove' || change.rule.status !== 'armed') return;
    const rule = change.rule;
    if (rule.type === 'forecast_move') {
      const bySymbol = this.forecastRules.get(rule.symbol!) ?? new Map<string, AlertRuleSnapshot>();
      bySymbol.set(rule.id, rule);
      this.forecastRules.set(rule.symbol!, bySymbol);
      return;
    }
    if (rule.type === 'portfolio_value') {
      const entry = this.portfolioRules.get(rule.portfolioId!) ?? { userId: rule.userId, rules: new Set<string>() };
      entry.rules.add(rule.id);
      this.portfolioRules.set(rule.portfolioId!, entry);
    }
    const indexed = toIndexedRule(rule);
    if (indexed) this.index.upsert(indexed);
  }

  private async fireMatch(match: AlertMatch, at: Date): Promise<void> {
    let outcome: FireOutcome;
    try {
      outcome = await this.firing.fire(match.ruleId, at, {
        value: match.value,
        previous: match.previous ?? null,
        ...(match.movePct !== undefined ? { movePct: match.movePct, reference: match.reference } : {}),
      });
    } catch (error) {
      // Nothing was recorded (the transaction rolled back). Keep the rule, but out of matching for a
      // minute, so a failing database is not hammered on every tick; it is retried after that.
      this.index.sleep(match.ruleId, at.getTime() + RETRY_AFTER_ERROR_MS);
      throw error;
    }
    await this.settle(match.ruleId, outcome, at);
  }

  /** After a firing attempt: resync the index with the rule's real state, then deliver. */
  private async settle(ruleId: string, outcome: FireOutcome, at: Date): Promise<void> {
    if (!outcome.fired) {
      // Another engine fired it, it was paused/edited/deleted meanwhile, or it expired.
      const rule = outcome.rule;
      if (rule && rule.status === 'armed' && rule.expiresAt && Date.parse(rule.expiresAt) <= at.getTime()) {
        if ((await this.firing.expireDue(at, rule.id)).length > 0) {
          await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'remove', ruleId } satisfies AlertRuleChange);
        }
        this.applyChange({ op: 'remove', ruleId });
        return;
      }
      this.applyChange(rule ? { op: 'upsert', rule } : { op: 'remove', ruleId });
      return;
    }
    const { rule, event } = outcome;
    this.applyChange({ op: 'upsert', rule });
    // Other engines learn the new state (cooldown, or disarmed) without a failed attempt of their own.
    await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'upsert', rule } satisfies AlertRuleChange);
    await this.pushNotification(event.userId, {
      id: event.notificationId,
      alertId: event.ruleId,
      title: event.title,
      body: event.message,
      createdAt: event.notificationCreatedAt,
    });
    if (event.webhook) await this.webhooks.enqueue(event.id);
    // A failed enqueue is not lost: the notifications sweep re-enqueues deliveries left pending.
    if (event.channelDeliveries.length > 0) await this.channels.enqueue(event.channelDeliveries);
  }

  private async checkForecasts(symbol: string, at: Date): Promise<void> {
    const last = this.forecastCheckedAt.get(symbol) ?? -Infinity;
    if (at.getTime() - last < FORECAST_CHECK_MS) return;
    this.forecastCheckedAt.set(symbol, at.getTime());
    for (const rule of [...(this.forecastRules.get(symbol)?.values() ?? [])]) {
      const forecast = await this.forecasts.moveProbability(symbol, rule.horizon!, rule.pct!);
      if (!forecast) continue;
      const condition = { pct: rule.pct!, probability: rule.probability!, ...(rule.direction ? { direction: rule.direction } : {}) };
      if (!forecastMoveTriggers(condition, forecast)) continue;
      const outcome = await this.firing.fire(
        rule.id,
        at,
        { value: this.lastPrices.get(symbol) ?? null, probability: forecastMoveProbability(condition, forecast) },
        forecast.forecastId,
      );
      await this.settle(rule.id, outcome, at);
    }
  }

  private async checkPortfolios(symbol: string, at: Date): Promise<void> {
    for (const [portfolioId, { userId }] of [...this.portfolioRules]) {
      const symbols = this.portfolioSymbols.get(portfolioId);
      if (symbols && !symbols.has(symbol)) continue;
      const last = this.portfolioCheckedAt.get(portfolioId) ?? -Infinity;
      if (at.getTime() - last < PORTFOLIO_CHECK_MS) continue;
      this.portfolioCheckedAt.set(portfolioId, at.getTime());
      const valued = await this.portfolios.value(userId, portfolioId, this.lastPrices);
      if (!valued) continue;
      this.portfolioSymbols.set(portfolioId, new Set(valued.symbols));
      for (const match of this.index.onValue(portfolioSeriesKey(portfolioId), valued.value, at.getTime())) {
        await this.fireMatch(match, at);
      }
    }
  }

  /** A new inbox entry to its owner's sockets; a failed push only logs (the inbox has it either way). */
  private async pushNotification(userId: string, n: { id: string; alertId: string; title: string; body: string; createdAt: Date }): Promise<void> {
    try {
      await this.push.toUser(userId, 'notification', { ...n, createdAt: n.createdAt.toISOString(), readAt: null });
    } catch (error) {
      this.logger.warn(`socket push failed for ${userId}: ${String(error)}`);
    }
  }

  /**
   * Pauses the armed rules of markets no longer tracked (no tick will ever come for them) and tells their owners in the
   * inbox and on the socket. Nothing happens while the catalogue cannot be read.
   */
  async pauseRulesOfUntrackedMarkets(): Promise<number> {
    if (!this.knownSymbols) return 0;
    const tracked = await this.knownSymbols.trackedNow().catch(() => null);
    if (!tracked) return 0;
    // Same rule as for creating an alert (KnownSymbols): a market is gone when it is neither tracked nor ticking.
    const gone: string[] = [];
    for (const symbol of await this.firing.armedSymbolsOutside(tracked)) if (!(await this.knownSymbols.hasLiveTick(symbol))) gone.push(symbol);
    const paused = await this.firing.pauseUntracked(gone, this.clock.now());
    for (const notice of paused) {
      this.applyChange({ op: 'remove', ruleId: notice.ruleId });
      await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'remove', ruleId: notice.ruleId } satisfies AlertRuleChange);
      await this.pushNotification(notice.userId, {
        id: notice.notificationId,
        alertId: notice.ruleId,
        title: notice.title,
        body: notice.body,
        createdAt: notice.createdAt,
      });
    }
    if (paused.length > 0) this.logger.log(`paused ${paused.length} alert(s) on markets no longer tracked`);
    return paused.length;
  }

  /** Expires rules whose date passed, pauses those of untracked markets and re-enqueues webhooks stranded by a crash. */
  async sweep(): Promise<void> {
    await this.pauseRulesOfUntrackedMarkets();
    const now = this.clock.now();
    for (const ruleId of await this.firing.expireDue(now)) {
      this.applyChange({ op: 'remove', ruleId });
      await this.pubsub.publish(ALERT_RULES_CHANNEL, { op: 'remove', ruleId } satisfies AlertRuleChange);
    }
    await this.webhooks.sweepPending(now);
  }
}
