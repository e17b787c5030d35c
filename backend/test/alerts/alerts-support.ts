import { randomUUID } from 'node:crypto';
import { AlertEngineService } from '../../src/alerts/alert-engine.service';
import { AlertFiringRepository } from '../../src/alerts/alert-firing.repository';
import { AlertRulesRepository } from '../../src/alerts/alert-rules.repository';
import { ALERT_CHANNELS, type AlertChannels, type ForecastReader, type PortfolioValuer, type UserPush } from '../../src/alerts/alert-ports';
import { WebhookDeliveryService } from '../../src/alerts/webhooks/webhook-delivery.service';
import { AppConfig } from '../../src/config/app-config';
import { CACHE, CLOCK, PUBSUB, type Cache, type Clock, type MessageHandler, type PubSub } from '../../src/infra/ports';
import { MARKET_TICKS_CHANNEL, tickerCacheKey, type Tick } from '../../src/markets/tick';
import type { MetricsService } from '../../src/metrics/metrics.service';
import { makeReplayFolder } from '../support/replay-fixture';
import type { TestApp } from '../support/test-app';

export const T0 = Date.parse('2030-01-01T00:00:00Z');

/**
 * Env for alert tests: the market-data worker runs on a tiny replay folder and polls rarely, so the
 * tests drive every tick themselves (and nothing reaches for the internet).
 */
export function quietMarketsEnv(): { env: Record<string, string>; remove(): void } {
  const folder = makeReplayFolder(['BTC', 'ETH'], 48);
  return {
    env: {
      MARKET_SOURCE: 'replay',
      REPLAY_DIR: folder.dir,
      TICKER_POLL_MS: '60000',
      CANDLE_CATCHUP_SECONDS: '86400',
      BACKFILL_DAYS_1H: '1',
      BACKFILL_DAYS_1D: '1',
    },
    remove: () => folder.remove(),
  };
}
export const MINUTE = 60_000;

/** Makes symbols "known" the way the market-data feed does: a latest ticker in the CACHE. */
export async function seedTickers(t: TestApp, symbols: string[]): Promise<void> {
  const cache = t.app.get<Cache>(CACHE);
  for (const symbol of symbols) await cache.set(tickerCacheKey(symbol), makeTick(symbol, 1, T0));
}

export function makeTick(symbol: string, price: number, atMs: number): Tick {
  return { symbol, price, change24h: 0, volume24h: 0, timestamp: new Date(atMs).toISOString(), source: 'replay' };
}

/** Publishes a tick on `market:ticks`, exactly as the market-data worker does. */
export async function publishTick(t: TestApp, symbol: string, price: number, atMs: number): Promise<void> {
  await t.app.get<PubSub>(PUBSUB).publish(MARKET_TICKS_CHANNEL, makeTick(symbol, price, atMs));
}

export async function waitFor<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * Resolves once every message published before it has been handed to its subscribers: a marker
 * goes through the same pub/sub (one publisher and one subscriber connection with Redis, FIFO
 * in-process), so it arrives after them. No sleeps, so no timing assumptions under load.
 */
export async function barrier(t: TestApp): Promise<void> {
  const pubsub = t.app.get<PubSub>(PUBSUB);
  const channel = `test:barrier:${randomUUID()}`;
  let arrived!: () => void;
  const marker = new Promise<void>((resolve) => (arrived = resolve));
  const unsubscribe = await pubsub.subscribe(channel, () => arrived());
  let timer: NodeJS.Timeout | undefined;
  try {
    await pubsub.publish(channel, {});
    await Promise.race([marker, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('pub/sub barrier timed out')), 15_000)))]);
  } finally {
    clearTimeout(timer);
    await unsubscribe();
  }
}

/** Lets pub/sub deliver everything published so far and every engine finish what it started
 *  (twice: a firing publishes the rule's new state, which is delivered in the second round). */
export async function settle(t: TestApp, ...engines: AlertEngineService[]): Promise<void> {
  for (let round = 0; round < 2; round++) {
    await barrier(t);
    for (const engine of engines) await engine.whenIdle();
  }
}

export function appEngine(t: TestApp): AlertEngineService {
  return t.app.get(AlertEngineService);
}

/** A second (third…) engine on the same database and pub/sub, like another worker replica. */
export async function extraEngine(
  t: TestApp,
  options: { push?: UserPush; portfolios?: PortfolioValuer; forecasts?: ForecastReader; pubsub?: PubSub } = {},
): Promise<AlertEngineService> {
  const engine = new AlertEngineService(
    t.app.get(AlertRulesRepository),
    t.app.get(AppConfig),
    t.app.get(AlertFiringRepository),
    t.app.get(WebhookDeliveryService),
    options.pubsub ?? t.app.get<PubSub>(PUBSUB),
    t.app.get<Clock>(CLOCK),
    // A replica given no push / valuer / reader gets null objects: it pushes nothing and evaluates no rule of that type.
    options.push ?? { toUser: () => undefined },
    options.portfolios ?? { belongsTo: async () => false, value: async () => null },
    options.forecasts ?? { moveProbability: async () => null },
    { observeAlertEvaluation: () => undefined } as unknown as MetricsService,
    t.app.get<Cache>(CACHE),
    t.app.get<AlertChannels>(ALERT_CHANNELS),
  );
  await engine.start();
  return engine;
}

export async function countEvents(t: TestApp, ruleId: string): Promise<number> {
  const [row] = (await t.dataSource.query('SELECT count(*)::int AS n FROM alert_events WHERE rule_id = $1', [ruleId])) as { n: number }[];
  return row!.n;
}

/**
 * The app's pub/sub as one replica sees it through a connection that can drop: while `down`, messages to its
 * handlers are lost (as they are for a Redis subscriber that is reconnecting); `comeBack()` ends that and tells the
 * onResubscribed listeners, as RedisPubSub does on 'ready' after a lost connection.
 */
export class DroppingPubSub implements PubSub {
  down = false;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly inner: PubSub) {}

  publish(channel: string, payload: object): Promise<void> {
    return this.inner.publish(channel, payload);
  }

  subscribe<T>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>> {
    return this.inner.subscribe<T>(channel, (payload) => (this.down ? undefined : handler(payload)));
  }

  onResubscribed(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  comeBack(): void {
    this.down = false;
    for (const listener of this.listeners) listener();
  }
}
