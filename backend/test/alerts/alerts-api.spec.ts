import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { seedTickers, quietMarketsEnv } from './alerts-support';

describe('alerts API: CRUD, validation, ownership', () => {
  const markets = quietMarketsEnv();
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp({ env: { ...markets.env, ALERTS_MAX_RULES_PER_USER: '5', ALERTS_MAX_WINDOW_MINUTES: '1440', TRACKED_SYMBOLS: 'ETH/USDT' } });
    await seedTickers(t, ['BTC/USDT']);
    alice = await registerUser(t);
    bob = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    markets.remove();
  });

  const post = (user: RegisteredUser, payload: object) => t.inject({ method: 'POST', url: '/api/v1/alerts', headers: user.auth, payload });

  it('creates a rule, normalising the symbol and the threshold, and lists it', async () => {
    const created = await post(alice, { type: 'price_above', symbol: 'BTC-USDT', threshold: 65000.5, mode: 'once', note: 'moon' });
    expect(created.statusCode).toBe(201);
    const rule = created.json();
    expect(rule).toMatchObject({
      type: 'price_above',
      symbol: 'BTC/USDT',
      threshold: '65000.5',
      mode: 'once',
      status: 'armed',
      lastTriggeredAt: null,
      note: 'moon',
      webhookUrl: null,
      webhookSecret: null,
    });
    const list = await t.inject({ method: 'GET', url: '/api/v1/alerts', headers: alice.auth });
    expect(list.json().map((r: { id: string }) => r.id)).toContain(rule.id);
    // A symbol from TRACKED_SYMBOLS is known even before its first tick.
    expect((await post(alice, { type: 'crosses_down', symbol: 'ETHUSDT', threshold: '3000' })).statusCode).toBe(201);
  });

  it('every-mode defaults to a 60 minute cooldown', async () => {
    const created = await post(alice, { type: 'price_below', symbol: 'BTC/USDT', threshold: '10', mode: 'every' });
    expect(created.json()).toMatchObject({ mode: 'every', cooldownMinutes: 60 });
  });

  it.each([
    [{ type: 'price_above', symbol: 'DOGE/EUR', threshold: '1' }, "unknown symbol 'DOGE/EUR'"],
    [{ type: 'price_above', symbol: 'BTC/USDT', threshold: '-5' }, 'threshold must not be negative'],
    [{ type: 'price_above', symbol: 'BTC/USDT' }, 'threshold is required for price_above rules'],
    [{ type: 'pct_change', symbol: 'BTC/USDT', pct: 5, windowMinutes: 5000 }, 'windowMinutes is too long: at most 1440 minutes (1 day)'],
    [{ type: 'pct_change', symbol: 'BTC/USDT', pct: -1, windowMinutes: 10 }, 'pct must be greater than 0'],
    [{ type: 'pct_change', symbol: 'BTC/USDT', pct: 2, windowMinutes: 10, threshold: '5' }, 'threshold does not apply to pct_change rules'],
    [{ type: 'portfolio_value', threshold: '1000' }, 'portfolioId is required for portfolio_value rules'],
    [{ type: 'forecast_move', symbol: 'BTC/USDT', horizon: '24h', pct: 5, probability: 150 }, 'probability is a percentage between 1 and 100'],
    [{ type: 'forecast_move', symbol: 'BTC/USDT', horizon: '24h', pct: 5, probability: 0.7 }, 'e.g. 70 for 70% (got 0.7)'],
    [{ type: 'price_above', symbol: 'BTC/USDT', threshold: '1', expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt must be in the future'],
    [{ type: 'price_above', symbol: 'BTC/USDT', threshold: '1', webhookUrl: 'http://127.0.0.1:9/x' }, 'webhookUrl must not point to a private'],
    [{ type: 'price_above', symbol: 'BTC/USDT', threshold: 'abc' }, 'threshold must be a decimal number'],
    [{ type: 'sideways', symbol: 'BTC/USDT', threshold: '1' }, 'type must be one of'],
  ])('refuses %j with a clear message', async (payload, message) => {
    const response = await post(alice, payload);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error).toBe('Bad Request');
    expect(body.details.join(' | ')).toContain(message);
  });

  it('enforces the per-user rule limit', async () => {
    const carol = await registerUser(t);
    for (let i = 0; i < 5; i++) expect((await post(carol, { type: 'price_above', symbol: 'BTC/USDT', threshold: `${100 + i}` })).statusCode).toBe(201);
    const refused = await post(carol, { type: 'price_above', symbol: 'BTC/USDT', threshold: '200' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toBe('You already have 5 alert rules, the limit is 5. Delete one first.');
  });

  it('holds the limit under concurrent creates', async () => {
    const dave = await registerUser(t);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => post(dave, { type: 'price_below', symbol: 'BTC/USDT', threshold: `${10 + i}` })));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(5);
    expect(results.filter((r) => r.statusCode === 400)).toHaveLength(3);
    const list = await t.inject({ method: 'GET', url: '/api/v1/alerts', headers: dave.auth });
    expect(list.json()).toHaveLength(5);
  });

  it('updates, pauses, resumes and deletes; another user gets 404 everywhere', async () => {
    const rule = (await post(alice, { type: 'crosses_up', symbol: 'BTC/USDT', threshold: '70000' })).json();
    const url = `/api/v1/alerts/${rule.id}`;
    const patched = await t.inject({ method: 'PATCH', url, headers: alice.auth, payload: { threshold: '71000', note: 'raised' } });
    expect(patched.json()).toMatchObject({ threshold: '71000', note: 'raised', status: 'armed' });
    expect((await t.inject({ method: 'PATCH', url, headers: alice.auth, payload: { type: 'price_below' } })).statusCode).toBe(400);

    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['POST', '/pause'],
      ['POST', '/resume'],
      ['GET', '/events'],
      ['GET', '/deliveries'],
      ['DELETE', ''],
    ] as const) {
      const response = await t.inject({ method, url: `${url}${path}`, headers: bob.auth, ...(method === 'PATCH' ? { payload: { note: 'x' } } : {}) });
      expect(response.statusCode, `${method} ${path}`).toBe(404);
      expect(response.json().message).toBe('Alert not found');
    }
    expect((await t.inject({ method: 'GET', url: '/api/v1/alerts/not-a-uuid', headers: alice.auth })).statusCode).toBe(404);

    expect((await t.inject({ method: 'POST', url: `${url}/pause`, headers: alice.auth })).json().status).toBe('paused');
    expect((await t.inject({ method: 'POST', url: `${url}/resume`, headers: alice.auth })).json().status).toBe('armed');
    expect((await t.inject({ method: 'GET', url: `${url}/events`, headers: alice.auth })).json()).toEqual([]);
    expect((await t.inject({ method: 'DELETE', url, headers: alice.auth })).statusCode).toBe(204);
    expect((await t.inject({ method: 'GET', url, headers: alice.auth })).statusCode).toBe(404);
  });

  it('refuses writes through a read-only API key and unauthenticated calls', async () => {
    const key = (await t.inject({ method: 'POST', url: '/api/v1/api-keys', headers: alice.auth, payload: { name: 'ro', scope: 'read' } })).json().key;
    const viaKey = await t.inject({
      method: 'POST',
      url: '/api/v1/alerts',
      headers: { 'x-api-key': key },
      payload: { type: 'price_above', symbol: 'BTC/USDT', threshold: '1' },
    });
    expect(viaKey.statusCode).toBe(403);
    expect((await t.inject({ method: 'GET', url: '/api/v1/alerts', headers: { 'x-api-key': key } })).statusCode).toBe(200);
    expect((await t.inject({ method: 'GET', url: '/api/v1/alerts' })).statusCode).toBe(401);
  });
});
