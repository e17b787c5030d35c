import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamPublisher } from '../../src/stream/stream-publisher';
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
      listen: true,
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT',
        BACKFILL_DAYS_1H: '5',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
        REGISTER_RATE_LIMIT: '1000',
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

  describe('socket subscribe({ watchlist: true })', () => {
    const sockets: Socket[] = [];
    afterAll(() => sockets.forEach((socket) => socket.close()));

    const connect = async (who: RegisteredUser) => {
      const socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth: { token: who.accessToken }, reconnection: false, forceNew: true });
      sockets.push(socket);
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });
      const ticks: string[] = [];
      socket.on('ticker', (tick: { symbol: string; price: string }) => ticks.push(`${tick.symbol} ${tick.price}`));
      return { socket, ticks };
    };
    let price = 100;
    /** Publishes a tick of `symbol` (as the worker does) and returns its price, to look for it on the sockets. */
    const tick = (symbol: string): string => {
      const p = String(price++);
      t.app
        .get(StreamPublisher)
        .toSymbol(symbol, 'ticker', { symbol, price: p, change24h: 0, volume24h: '1', timestamp: new Date().toISOString(), source: 'replay' });
      return `${symbol} ${p}`;
    };
    /** Publishes ticks of `symbol` until one arrives (room joins made from the watchlist API are asynchronous). */
    const arrives = async (ticks: string[], symbol: string) => {
      for (let i = 0; i < 100; i++) {
        const sent = tick(symbol);
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (ticks.includes(sent)) return;
      }
      throw new Error(`no tick of ${symbol} arrived`);
    };

    it('subscribes to the starred markets and then follows stars and unstars; other users and plain sockets do not', async () => {
      const dora = await registerUser(t);
      const eve = await registerUser(t);
      await call('PUT', '/watchlist/BTC-USDT', dora.auth);
      await call('PUT', '/watchlist/BTC-USDT', eve.auth);
      const follower = await connect(dora);
      const plain = await connect(dora);
      const other = await connect(eve);
      expect(await follower.socket.emitWithAck('subscribe', { watchlist: true })).toEqual({ ok: true, symbols: ['BTC/USDT'], watchlist: true });
      expect(await other.socket.emitWithAck('subscribe', { watchlist: true })).toEqual({ ok: true, symbols: ['BTC/USDT'], watchlist: true });
      await arrives(follower.ticks, 'BTC/USDT');

      // A new star reaches the following socket, not the user's plain socket nor another user's.
      await call('PUT', '/watchlist/ETH-USDT', dora.auth);
      await arrives(follower.ticks, 'ETH/USDT');
      expect(plain.ticks.filter((line) => line.startsWith('ETH/USDT'))).toEqual([]);
      expect(other.ticks.filter((line) => line.startsWith('ETH/USDT'))).toEqual([]);

      // An unstar stops that market's ticks; the other star keeps coming.
      expect((await call('DELETE', '/watchlist/BTC-USDT', dora.auth)).statusCode).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const afterUnstar = tick('BTC/USDT');
      await arrives(follower.ticks, 'ETH/USDT');
      expect(follower.ticks).not.toContain(afterUnstar);
      expect(other.ticks).toContain(afterUnstar);

      // Unsubscribing from the watchlist leaves its markets and stops following it.
      expect(await follower.socket.emitWithAck('unsubscribe', { watchlist: true })).toEqual({ ok: true, symbols: ['ETH/USDT'], watchlist: false });
      await call('PUT', '/watchlist/BTC-USDT', dora.auth);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const afterLeaving = [tick('BTC/USDT'), tick('ETH/USDT')];
      await arrives(other.ticks, 'BTC/USDT');
      for (const sent of afterLeaving) expect(follower.ticks).not.toContain(sent);
    });

    it('combines the watchlist with listed symbols, and refuses a malformed message in words', async () => {
      const fay = await registerUser(t);
      await call('PUT', '/watchlist/ETH-USDT', fay.auth);
      const { socket } = await connect(fay);
      expect(await socket.emitWithAck('subscribe', { symbols: ['BTC-USDT'], watchlist: true })).toEqual({
        ok: true,
        symbols: ['BTC/USDT', 'ETH/USDT'],
        watchlist: true,
      });
      expect(await socket.emitWithAck('subscribe', { watchlist: 'yes' })).toEqual({
        ok: false,
        symbols: [],
        error: 'Expected { symbols: string[] } and/or { watchlist: true }',
      });
    });
  });
});
