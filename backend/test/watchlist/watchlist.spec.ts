import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, grantAdmin, registerUser, RegisteredUser, TestApp } from '../support/test-app';
import { makeReplayFolder } from '../support/replay-fixture';

/** Per-user watchlists: CRUD, only tracked markets, each user sees only their own, read-only API keys read only. */
describe('watchlist API', () => {
  let t: TestApp;
  let alice: RegisteredUser;
  let bob: RegisteredUser;
  const folder = makeReplayFolder(['BTC', 'ETH', 'SOL'], 24 * 10);

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT',
        BACKFILL_DAYS_1H: '5',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    alice = await registerUser(t);
    bob = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    folder.remove();
  });

  const call = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, headers: Record<string, string>, payload?: object) =>
    t.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

  it('needs authentication', async () => {
    expect((await call('GET', '/watchlist', {})).statusCode).toBe(401);
    expect((await call('PUT', '/watchlist/BTC-USDT', {})).statusCode).toBe(401);
  });

  it('stars and unstars tracked markets, in the order starred; starring twice changes nothing', async () => {
    expect((await call('GET', '/watchlist', alice.auth)).json()).toEqual({ symbols: [] });
    const first = await call('PUT', '/watchlist/ETH-USDT', alice.auth);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ symbols: ['ETH/USDT'] });
    expect((await call('PUT', '/watchlist/BTCUSDT', alice.auth)).json()).toEqual({ symbols: ['ETH/USDT', 'BTC/USDT'] });
    expect((await call('PUT', '/watchlist/BTC%2FUSDT', alice.auth)).json()).toEqual({ symbols: ['ETH/USDT', 'BTC/USDT'] });
    expect((await call('DELETE', '/watchlist/ETH-USDT', alice.auth)).statusCode).toBe(204);
    expect((await call('GET', '/watchlist', alice.auth)).json()).toEqual({ symbols: ['BTC/USDT'] });
    const missing = await call('DELETE', '/watchlist/ETH-USDT', alice.auth);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('ETH/USDT is not on your watchlist');
  });

  it('refuses markets that are not tracked (404) and malformed symbols', async () => {
    for (const symbol of ['SOL-USDT', 'DOGE-USDT', '%24%24']) {
      const response = await call('PUT', `/watchlist/${symbol}`, alice.auth);
      expect(response.statusCode, symbol).toBe(404);
      expect(response.json().message).toMatch(/Unknown market symbol/);
    }
  });

  it("keeps each user's watchlist to themselves", async () => {
    expect((await call('GET', '/watchlist', bob.auth)).json()).toEqual({ symbols: [] });
    expect((await call('PUT', '/watchlist/ETH-USDT', bob.auth)).json()).toEqual({ symbols: ['ETH/USDT'] });
    // Bob cannot remove Alice's star: only his own list is ever touched.
    expect((await call('DELETE', '/watchlist/BTC-USDT', bob.auth)).statusCode).toBe(404);
    expect((await call('GET', '/watchlist', alice.auth)).json()).toEqual({ symbols: ['BTC/USDT'] });
    expect((await call('GET', '/watchlist', bob.auth)).json()).toEqual({ symbols: ['ETH/USDT'] });
  });

  it('lets a read-only API key read the watchlist but not change it; a read-write key can', async () => {
    const readKey = (await call('POST', '/api-keys', alice.auth, { name: 'read', scope: 'read' })).json().key as string;
    const writeKey = (await call('POST', '/api-keys', alice.auth, { name: 'write', scope: 'write' })).json().key as string;
    expect((await call('GET', '/watchlist', { 'x-api-key': readKey })).json()).toEqual({ symbols: ['BTC/USDT'] });
    for (const method of ['PUT', 'DELETE'] as const) {
      const refused = await call(method, '/watchlist/ETH-USDT', { 'x-api-key': readKey });
      expect(refused.statusCode, method).toBe(403);
      expect(refused.json().message).toMatch(/read-only/);
    }
    expect((await call('PUT', '/watchlist/ETH-USDT', { 'x-api-key': writeKey })).json()).toEqual({ symbols: ['BTC/USDT', 'ETH/USDT'] });
  });

  it('leaves out a starred market an admin stopped tracking, and shows it again once it is tracked again', async () => {
    const admin = await registerUser(t);
    await grantAdmin(t, admin.user.email);
    expect((await call('DELETE', '/markets/catalogue/ETH-USDT', admin.auth)).statusCode).toBe(204);
    expect((await call('GET', '/watchlist', alice.auth)).json()).toEqual({ symbols: ['BTC/USDT'] });
    expect((await call('PUT', '/watchlist/ETH-USDT', alice.auth)).statusCode).toBe(404);
    expect((await call('POST', '/markets/catalogue', admin.auth, { symbol: 'ETH/USDT' })).statusCode).toBe(201);
    expect((await call('GET', '/watchlist', alice.auth)).json()).toEqual({ symbols: ['BTC/USDT', 'ETH/USDT'] });
  });

  it('is deleted with the account', async () => {
    const carol = await registerUser(t);
    await call('PUT', '/watchlist/BTC-USDT', carol.auth);
    const [before] = await t.dataSource.query(`SELECT count(*)::int AS n FROM watchlist WHERE user_id = $1`, [carol.user.id]);
    expect(before.n).toBe(1);
    await t.dataSource.query(`DELETE FROM users WHERE id = $1`, [carol.user.id]);
    const [after] = await t.dataSource.query(`SELECT count(*)::int AS n FROM watchlist WHERE user_id = $1`, [carol.user.id]);
    expect(after.n).toBe(0);
  });
});
