import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertEngineService } from '../../src/alerts/alert-engine.service';
import type { ForecastMoveProbability, ForecastReader } from '../../src/alerts/engine/forecast-move';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { CACHE, PUBSUB, type Cache, type PubSub } from '../../src/infra/ports';
import { tickerCacheKey } from '../../src/markets/tick';
import {
  appEngine,
  countEvents,
  DroppingPubSub,
  extraEngine,
  makeTick,
  MINUTE,
  publishTick,
  seedTickers,
  settle,
  T0,
  waitFor,
  quietMarketsEnv,
} from './alerts-support';

describe('alert engine: firing on ticks, exactly once', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  let user: RegisteredUser;
  let engine: AlertEngineService;
  const extras: AlertEngineService[] = [];
  let symbolSeq = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: markets.env });
    user = await registerUser(t);
    engine = appEngine(t);
  });
  afterAll(async () => {
    for (const extra of extras) await extra.stop();
    await t?.close();
    markets.remove();
  });

  /** Each test gets its own symbol, so price histories never interfere. */
  async function freshSymbol(): Promise<string> {
    const symbol = `T${++symbolSeq}X/USDT`;
    await seedTickers(t, [symbol]);
    return symbol;
  }
  async function createRule(payload: object, who: RegisteredUser = user): Promise<{ id: string; [k: string]: unknown }> {
    const response = await t.inject({ method: 'POST', url: '/api/v1/alerts', headers: who.auth, payload });
    expect(response.statusCode, response.body).toBe(201);
    await settle(t, engine, ...extras); // the engine has taken the rule from alerts:rules
    return response.json();
  }
  async function ticks(symbol: string, prices: [number, number][]): Promise<void> {
    for (const [price, atMs] of prices) {
      await publishTick(t, symbol, price, atMs);
      await settle(t, engine, ...extras);
    }
  }
  async function getRule(id: string, who: RegisteredUser = user) {
    return (await t.inject({ method: 'GET', url: `/api/v1/alerts/${id}`, headers: who.auth })).json();
  }
  async function events(id: string) {
    return (await t.inject({ method: 'GET', url: `/api/v1/alerts/${id}/events`, headers: user.auth })).json();
  }

  it('is wired to the stream, portfolios and forecasts domains in the assembled app', () => {
    expect(engine.integrations).toEqual({ socketPush: true, portfolios: true, forecasts: true });
  });

  it('price_above once: fires at the first tick strictly above, once, and disarms', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '100', mode: 'once' });
    await ticks(s, [
      [90, T0],
      [100, T0 + 1000],
    ]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [
      [101.5, T0 + 2000],
      [102, T0 + 3000],
      [99, T0 + 4000],
      [103, T0 + 5000],
    ]);
    const list = await events(rule.id);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ triggeredAt: new Date(T0 + 2000).toISOString(), price: '101.5' });
    expect(list[0].message).toContain(`${s} is above 100`);
    const after = await getRule(rule.id);
    expect(after).toMatchObject({ status: 'triggered', lastTriggeredAt: new Date(T0 + 2000).toISOString(), triggerCount: 1 });
  });

  it('price_below fires strictly below', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_below', symbol: s, threshold: '50' });
    await ticks(s, [
      [60, T0],
      [50, T0 + 1000],
    ]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [[49.99, T0 + 2000]]);
    expect(await countEvents(t, rule.id)).toBe(1);
  });

  it('crosses_up: touching without crossing never fires; touch-then-cross fires on the crossing tick', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'crosses_up', symbol: s, threshold: '100' });
    await ticks(s, [
      [95, T0],
      [100, T0 + 1000],
      [98, T0 + 2000],
      [100, T0 + 3000],
    ]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [[100.1, T0 + 4000]]);
    expect((await events(rule.id)).map((e: { triggeredAt: string }) => e.triggeredAt)).toEqual([new Date(T0 + 4000).toISOString()]);
  });

  it('crosses_down does not fire when the price starts below and stays below', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'crosses_down', symbol: s, threshold: '100' });
    await ticks(s, [
      [90, T0],
      [80, T0 + 1000],
    ]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [
      [105, T0 + 2000],
      [95, T0 + 3000],
    ]);
    expect(await countEvents(t, rule.id)).toBe(1);
  });

  it('pct_change: fires when the move within the window reaches the percentage, not before', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'pct_change', symbol: s, pct: 5, windowMinutes: 10 });
    await ticks(s, [
      [100, T0],
      [103, T0 + MINUTE],
      [104.9, T0 + 2 * MINUTE],
    ]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [[105.2, T0 + 3 * MINUTE]]);
    const [event] = await events(rule.id);
    expect(event.message).toMatch(/rose 5\.20% within 10 min \(from 100 to 105\.2\)/);
  });

  it('every-mode respects the cooldown and fires again after it', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '10', mode: 'every', cooldownMinutes: 5 });
    await ticks(s, [
      [11, T0],
      [12, T0 + MINUTE],
      [13, T0 + 4 * MINUTE],
    ]);
    expect(await countEvents(t, rule.id)).toBe(1);
    expect((await getRule(rule.id)).cooldownUntil).toBe(new Date(T0 + 5 * MINUTE).toISOString());
    await ticks(s, [
      [14, T0 + 5 * MINUTE],
      [15, T0 + 6 * MINUTE],
    ]);
    expect(await countEvents(t, rule.id)).toBe(2);
    expect((await getRule(rule.id)).status).toBe('armed');
  });

  it('the cooldown is persisted: a freshly started engine (restart) honours it', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '10', mode: 'every', cooldownMinutes: 10 });
    await ticks(s, [[11, T0]]);
    expect(await countEvents(t, rule.id)).toBe(1);
    // Simulate a restart: stop the app's engine, start a new one that rebuilds from the database.
    await engine.stop();
    const restarted = await extraEngine(t);
    try {
      expect(restarted.indexedRules).toBeGreaterThan(0);
      await publishTick(t, s, 12, T0 + 5 * MINUTE);
      await settle(t, restarted);
      expect(await countEvents(t, rule.id)).toBe(1);
      await publishTick(t, s, 13, T0 + 10 * MINUTE);
      await settle(t, restarted);
      expect(await countEvents(t, rule.id)).toBe(2);
    } finally {
      await restarted.stop();
      await engine.start();
    }
  });

  it('a restarted engine takes the last cached ticker as the previous price, so a crossing across the restart fires', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'crosses_up', symbol: s, threshold: '100' });
    await engine.stop();
    // While no engine runs, the market worker's latest ticker for the symbol is 95 (below).
    await t.app.get<Cache>(CACHE).set(tickerCacheKey(s), makeTick(s, 95, T0));
    const restarted = await extraEngine(t);
    try {
      await publishTick(t, s, 105, T0 + 1000);
      await settle(t, restarted);
      expect(await countEvents(t, rule.id)).toBe(1);
    } finally {
      await restarted.stop();
      await engine.start();
    }
  });

  it('a rule past its expiry never fires and is marked expired', async () => {
    const s = await freshSymbol();
    const expiresAt = new Date(T0 - MINUTE).toISOString(); // before the ticks, after "now"
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '10', expiresAt });
    await ticks(s, [[20, T0]]);
    expect(await countEvents(t, rule.id)).toBe(0);
    expect((await getRule(rule.id)).status).toBe('expired');
  });

  it('a paused rule does not fire; resumed, it does', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '10' });
    await t.inject({ method: 'POST', url: `/api/v1/alerts/${rule.id}/pause`, headers: user.auth });
    await settle(t, engine);
    await ticks(s, [[20, T0]]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await t.inject({ method: 'POST', url: `/api/v1/alerts/${rule.id}/resume`, headers: user.auth });
    await settle(t, engine);
    await ticks(s, [[21, T0 + 1000]]);
    expect(await countEvents(t, rule.id)).toBe(1);
  });

  it('an edit is picked up by the engine (threshold moved above the price)', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '10' });
    await t.inject({ method: 'PATCH', url: `/api/v1/alerts/${rule.id}`, headers: user.auth, payload: { threshold: '30' } });
    await settle(t, engine);
    await ticks(s, [[20, T0]]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [[31, T0 + 1000]]);
    expect(await countEvents(t, rule.id)).toBe(1);
  });

  it('three engines on one database record exactly one event per trigger', async () => {
    const second = await extraEngine(t);
    const third = await extraEngine(t);
    extras.push(second, third);
    const s = await freshSymbol();
    const once = await Promise.all(Array.from({ length: 15 }, (_, i) => createRule({ type: 'price_above', symbol: s, threshold: `${100 + i}` })));
    const every = await createRule({ type: 'crosses_up', symbol: s, threshold: '50', mode: 'every', cooldownMinutes: 1 });
    await settle(t, engine, second, third);
    expect(second.indexedRules).toBe(engine.indexedRules);
    // Every engine sees every tick (same pub/sub channel) and races to fire the same rules.
    await ticks(s, [
      [40, T0],
      [200, T0 + 1000],
      [40, T0 + 2000],
      [201, T0 + 3000],
      [40, T0 + 2 * MINUTE],
      [202, T0 + 3 * MINUTE],
    ]);
    for (const rule of once) expect(await countEvents(t, rule.id)).toBe(1);
    // crosses_up every 1 min: crossings at +1s (fires), +3s (cooldown), +3min (fires).
    expect(await countEvents(t, every.id)).toBe(2);
    const [dupes] = (await t.dataSource.query(
      'SELECT count(*)::int AS n FROM (SELECT rule_id, trigger_seq FROM alert_events GROUP BY 1, 2 HAVING count(*) > 1) d',
    )) as { n: number }[];
    expect(dupes!.n).toBe(0);
    const inbox = (await t.inject({ method: 'GET', url: '/api/v1/notifications', headers: user.auth })).json();
    expect(inbox.items.filter((n: { alertId: string }) => once.some((r) => r.id === n.alertId))).toHaveLength(15);
    for (const extra of extras.splice(0)) await extra.stop();
  });

  it('pushes a notification event to the user and keeps it in the inbox until read', async () => {
    const pushed: { userId: string; event: string; payload: { title: string; alertId: string } }[] = [];
    const listener = await extraEngine(t, { push: { toUser: (userId, event, payload) => void pushed.push({ userId, event, payload: payload as never }) } });
    extras.push(listener);
    const reader = await registerUser(t);
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_below', symbol: s, threshold: '5', note: 'buy the dip' }, reader);
    await engine.stop(); // only the engine with a push provider fires
    try {
      await ticks(s, [
        [6, T0],
        [4, T0 + 1000],
      ]);
    } finally {
      await engine.start();
    }
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ userId: reader.user.id, event: 'notification', payload: { alertId: rule.id, title: `${s} below 5` } });
    const inbox = (await t.inject({ method: 'GET', url: '/api/v1/notifications', headers: reader.auth })).json();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]).toMatchObject({ alertId: rule.id, title: `${s} below 5`, readAt: null });
    expect(inbox.items[0].body).toContain('buy the dip');
    const read = await t.inject({ method: 'POST', url: `/api/v1/notifications/${inbox.items[0].id}/read`, headers: reader.auth });
    expect(read.json().readAt).not.toBeNull();
    expect((await t.inject({ method: 'GET', url: '/api/v1/notifications', headers: reader.auth })).json().unread).toBe(0);
    // Someone else's notification is not found.
    expect((await t.inject({ method: 'POST', url: `/api/v1/notifications/${inbox.items[0].id}/read`, headers: user.auth })).statusCode).toBe(404);
    for (const extra of extras.splice(0)) await extra.stop();
  });

  it('read-all marks every unread notification', async () => {
    const s = await freshSymbol();
    const who = await registerUser(t);
    await createRule({ type: 'price_above', symbol: s, threshold: '1' }, who);
    await createRule({ type: 'price_above', symbol: s, threshold: '2' }, who);
    await ticks(s, [[3, T0]]);
    expect((await t.inject({ method: 'GET', url: '/api/v1/notifications', headers: who.auth })).json().unread).toBe(2);
    const all = await t.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: who.auth });
    expect(all.json()).toEqual({ updated: 2 });
    expect((await t.inject({ method: 'GET', url: '/api/v1/notifications', headers: who.auth })).json().unread).toBe(0);
  });

  it('forecast_move fires through a ForecastReader, at most once per forecast for every-rules', async () => {
    const s = await freshSymbol();
    let forecast: ForecastMoveProbability = { forecastId: 'f1', issuedAt: new Date(T0), up: 0.2, down: 0.1 };
    const reader: ForecastReader = { moveProbability: async () => forecast };
    await engine.stop();
    const withForecasts = await extraEngine(t, { forecasts: reader });
    try {
      const rule = await createRule({ type: 'forecast_move', symbol: s, horizon: '24h', pct: 5, probability: 40, mode: 'every', cooldownMinutes: 1 });
      await settle(t, withForecasts);
      await publishTick(t, s, 100, T0);
      await settle(t, withForecasts);
      expect(await countEvents(t, rule.id)).toBe(0); // 30% < 40%
      forecast = { forecastId: 'f2', issuedAt: new Date(T0), up: 0.3, down: 0.15 };
      await publishTick(t, s, 100, T0 + 2 * MINUTE);
      await settle(t, withForecasts);
      expect(await countEvents(t, rule.id)).toBe(1);
      await publishTick(t, s, 100, T0 + 5 * MINUTE); // same forecast f2: not again
      await settle(t, withForecasts);
      expect(await countEvents(t, rule.id)).toBe(1);
      expect((await events(rule.id))[0].message).toContain('45.0% probability of a move beyond ±5%');
    } finally {
      await withForecasts.stop();
      await engine.start();
    }
  });

  it('portfolio_value fires when the portfolio (portfolios domain) is worth more than the threshold', async () => {
    // ETH is tracked by the replay feed (portfolios only accept tracked assets); replay ticks carry
    // today's time, older than these test ticks, so the engine's per-portfolio throttle ignores them.
    const s = 'ETH/USDT';
    const owner = await registerUser(t);
    const portfolio = await t.inject({ method: 'POST', url: '/api/v1/portfolios', headers: owner.auth, payload: { name: 'main' } });
    expect(portfolio.statusCode, portfolio.body).toBe(201);
    const portfolioId = portfolio.json().id as string;
    const buy = await t.inject({
      method: 'POST',
      url: `/api/v1/portfolios/${portfolioId}/transactions`,
      headers: owner.auth,
      payload: { type: 'buy', time: '2025-01-01T00:00:00Z', asset: 'ETH', quantity: '2', price: '100' },
    });
    expect(buy.statusCode, buy.body).toBe(201);
    // Someone else's portfolio is refused like a missing one.
    const foreign = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: user.auth,
      payload: { type: 'portfolio_value', portfolioId, threshold: '1000', direction: 'above' },
    });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().details).toContain('portfolioId: portfolio not found');

    const rule = await createRule({ type: 'portfolio_value', portfolioId, threshold: '1000', direction: 'above' }, owner);
    await ticks(s, [[400, T0]]);
    expect(await countEvents(t, rule.id)).toBe(0);
    await ticks(s, [[501, T0 + MINUTE]]);
    const list = (await t.inject({ method: 'GET', url: `/api/v1/alerts/${rule.id}/events`, headers: owner.auth })).json();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ price: '1002' });
    expect(list[0].message).toBe('Portfolio value is above 1000: 1002');
  });

  it('deleting the account deletes its rules, events and notifications', async () => {
    const s = await freshSymbol();
    const leaving = await registerUser(t);
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '1' }, leaving);
    await ticks(s, [[2, T0]]);
    expect(await countEvents(t, rule.id)).toBe(1);
    const deleted = await t.inject({ method: 'DELETE', url: '/api/v1/auth/me', headers: leaving.auth });
    expect(deleted.statusCode).toBe(204);
    for (const table of ['alert_rules', 'alert_events', 'notifications']) {
      const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table} WHERE user_id = $1`, [leaving.user.id])) as { n: number }[];
      expect(row!.n, table).toBe(0);
    }
  });

  it('a rule created while the subscription was down (Redis restart) is loaded when it is back, and fires', async () => {
    // Only the replica behind the dropping connection evaluates during this test.
    await engine.stop();
    const link = new DroppingPubSub(t.app.get<PubSub>(PUBSUB));
    const replica = await extraEngine(t, { pubsub: link });
    try {
      const s = await freshSymbol();
      link.down = true;
      const created = await t.inject({
        method: 'POST',
        url: '/api/v1/alerts',
        headers: user.auth,
        payload: { type: 'price_above', symbol: s, threshold: '100' },
      });
      expect(created.statusCode, created.body).toBe(201);
      const rule = created.json() as { id: string };
      await settle(t, replica);
      const before = replica.indexedRules;
      link.comeBack();
      await waitFor(
        async () => replica.indexedRules,
        (n) => n === before + 1,
      );
      await publishTick(t, s, 150, T0);
      await settle(t, replica);
      expect(await countEvents(t, rule.id)).toBe(1);
    } finally {
      await replica.stop();
      await engine.start();
    }
  });

  it('ticks reach the engine through the market:ticks channel without help', async () => {
    const s = await freshSymbol();
    const rule = await createRule({ type: 'price_above', symbol: s, threshold: '1' });
    await publishTick(t, s, 2, T0);
    await waitFor(
      () => countEvents(t, rule.id),
      (n) => n === 1,
    );
  });
});
