import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { Tick } from '../../src/markets/tick';
import { createTestApp, registerUser, RegisteredUser, TestApp } from '../support/test-app';
import { makeReplayFolder } from '../support/replay-fixture';

const HOUR = 3_600_000;
/** The hour the last sync saw may be the previous one if the clock just crossed an hour boundary. */
const recentHours = (): number[] => {
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  return [hour, hour - HOUR];
};
/** Generous: the shared CI machine can be busy; a pass never waits this long. */
const POLL = { timeout: 5_000 };

/** REST and socket behaviour of the markets domain, on the replay source (deterministic, offline). */
describe('markets REST API and live stream (replay source)', () => {
  let t: TestApp;
  let user: RegisteredUser;
  let worker: MarketsWorker;
  const folder = makeReplayFolder(['BTC', 'ETH', 'SOL'], 24 * 60);
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        BACKFILL_DAYS_1H: '50',
        BACKFILL_DAYS_1D: '30',
        // Timers far apart: the test drives polls itself.
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    user = await registerUser(t);
    worker = t.app.get(MarketsWorker);
    await worker.syncCandles();
    await worker.pollTickers();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
    folder.remove();
  });

  const get = (url: string, headers: Record<string, string> = user.auth) => t.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  it('requires authentication', async () => {
    const response = await get('/markets', {});
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
  });

  it('lists every replayed symbol with price, change, volume, source and last update', async () => {
    const response = await get('/markets');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.source).toBe('replay');
    expect(body.markets.map((m: { symbol: string }) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
    for (const market of body.markets) {
      expect(market.source).toBe('replay');
      expect(market.price).toMatch(/^\d+(\.\d+)?$/);
      expect(typeof market.change24h).toBe('number');
      expect(market.volume24h).toMatch(/^\d+(\.\d+)?$/);
      expect(Date.parse(market.lastUpdate)).toBeGreaterThan(Date.now() - 60_000);
    }
  });

  it('answers the ticker for every accepted spelling of a symbol', async () => {
    for (const spelling of ['BTC-USDT', 'BTCUSDT', 'BTC%2FUSDT', 'btc-usdt']) {
      const response = await get(`/markets/${spelling}/ticker`);
      expect(response.statusCode, spelling).toBe(200);
      expect(response.json()).toMatchObject({ symbol: 'BTC/USDT', source: 'replay' });
    }
  });

  it('answers 404 for an unknown or malformed symbol', async () => {
    for (const url of ['/markets/DOGE-USDT/ticker', '/markets/DOGE-USDT/candles', '/markets/%24%24/ticker']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.json().message).toMatch(/Unknown market symbol/);
    }
  });

  it('serves the latest stored 1h candles, oldest first, the last one being the open candle', async () => {
    const response = await get('/markets/ETH-USDT/candles?limit=48');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ symbol: 'ETH/USDT', timeframe: '1h', source: 'replay', exchange: 'replay', nextFrom: null });
    expect(body.candles).toHaveLength(48);
    const times = body.candles.map((c: { openTime: string }) => Date.parse(c.openTime));
    times.slice(1).forEach((time: number, i: number) => expect(time - times[i]!).toBe(HOUR));
    expect(recentHours()).toContain(times.at(-1));
    expect(body.candles[0].close).toMatch(/^\d+(\.\d+)?$/);
  });

  it('pages forward from `from` with nextFrom', async () => {
    const from = new Date(Math.floor(Date.now() / HOUR) * HOUR - 30 * HOUR).toISOString();
    const first = (await get(`/markets/BTC-USDT/candles?from=${from}&limit=10`)).json();
    expect(first.candles).toHaveLength(10);
    expect(first.candles[0].openTime).toBe(from);
    expect(Date.parse(first.nextFrom)).toBe(Date.parse(from) + 10 * HOUR);
    const second = (await get(`/markets/BTC-USDT/candles?from=${first.nextFrom}&limit=10`)).json();
    expect(second.candles[0].openTime).toBe(first.nextFrom);
  });

  it('serves daily candles', async () => {
    const body = (await get('/markets/SOL-USDT/candles?timeframe=1d&limit=5')).json();
    expect(body.timeframe).toBe('1d');
    expect(body.candles).toHaveLength(5);
    expect(body.candles.every((c: { openTime: string }) => c.openTime.endsWith('T00:00:00.000Z'))).toBe(true);
  });

  it('validates the query: bad range, bad timeframe, bad limit, unknown fields', async () => {
    const cases: Array<[string, RegExp]> = [
      ['from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z', /from must not be after to/],
      ['timeframe=3m', /timeframe must be one of/],
      ['limit=0', /limit must be at least 1/],
      ['limit=ten', /limit must be an integer/],
      ['from=yesterday', /from must be an ISO 8601/],
      ['colour=red', /unknown field 'colour'/],
    ];
    for (const [query, message] of cases) {
      const response = await get(`/markets/BTC-USDT/candles?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().message, query).toMatch(message);
    }
  });

  it('caps limit at 1000', async () => {
    // 50 days of hourly history are stored (1,201 candles): a limit above the cap returns exactly 1,000.
    const latest = (await get('/markets/BTC-USDT/candles?limit=5000')).json();
    expect(latest.candles).toHaveLength(1000);
    expect(recentHours()).toContain(Date.parse(latest.candles.at(-1).openTime));
    const paged = (await get('/markets/BTC-USDT/candles?limit=5000&from=2020-01-01T00:00:00Z')).json();
    expect(paged.candles).toHaveLength(1000);
    expect(paged.nextFrom).toBe(new Date(Date.parse(paged.candles.at(-1).openTime) + HOUR).toISOString());
  });

  describe('socket stream', () => {
    const connect = (auth: Record<string, unknown> | undefined): Socket => {
      const socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth, reconnection: false, forceNew: true });
      sockets.push(socket);
      return socket;
    };
    const connected = (socket: Socket): Promise<void> =>
      new Promise((resolve, reject) => {
        socket.once('connect', () => resolve());
        socket.once('connect_error', reject);
      });

    it('refuses a handshake without a token, or with a bad one', async () => {
      await expect(connected(connect(undefined))).rejects.toThrow(/Authentication required/);
      await expect(connected(connect({ token: 'not-a-token' }))).rejects.toThrow(/Invalid or expired token/);
    });

    it('subscribes, sends a snapshot, then delivers ticks of subscribed symbols only', async () => {
      const socket = connect({ token: user.accessToken });
      await connected(socket);
      const received: Tick[] = [];
      socket.on('ticker', (tick: Tick) => received.push(tick));

      const ack = await socket.emitWithAck('subscribe', { symbols: ['BTC-USDT', 'ethusdt', '$$'] });
      expect(ack).toEqual({ ok: true, symbols: ['BTC/USDT', 'ETH/USDT'], rejected: ['$$'] });
      await expect.poll(() => received.length, POLL).toBe(2); // snapshot
      expect(received.map((tick) => tick.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);

      received.length = 0;
      await worker.pollTickers();
      await expect.poll(() => received.length, POLL).toBe(2);
      expect(received.map((tick) => tick.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
      expect(received[0]).toMatchObject({ source: 'replay' });

      expect(await socket.emitWithAck('unsubscribe', { symbols: ['ETH/USDT'] })).toEqual({ ok: true, symbols: ['ETH/USDT'] });
      received.length = 0;
      await worker.pollTickers();
      await expect.poll(() => received.length, POLL).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(received.map((tick) => tick.symbol)).toEqual(['BTC/USDT']);
    });

    it('streams the forming 1h and 1d candles, moved by each tick', async () => {
      const socket = connect({ token: user.accessToken });
      await connected(socket);
      const candles: Array<{ symbol: string; timeframe: string; candle: Record<string, string> }> = [];
      const ticks: Tick[] = [];
      socket.on('candle', (event) => candles.push(event));
      socket.on('ticker', (tick: Tick) => ticks.push(tick));
      await socket.emitWithAck('subscribe', { symbols: ['SOL-USDT'] });
      await expect.poll(() => ticks.length, POLL).toBe(1); // the snapshot
      ticks.length = 0;
      await worker.pollTickers();
      await expect.poll(() => candles.length, POLL).toBe(2);
      await expect.poll(() => ticks.length, POLL).toBe(1);
      const hourly = candles.find((event) => event.timeframe === '1h')!;
      expect(hourly.symbol).toBe('SOL/USDT');
      expect(Date.parse(hourly.candle.openTime!)).toBe(Math.floor(Date.parse(ticks[0]!.timestamp) / HOUR) * HOUR);
      expect(Number(hourly.candle.close)).toBeCloseTo(ticks[0]!.price, 6);
      // Same candle as stored by the last sync, only moved: its open and volume come from the database.
      const stored = (await get('/markets/SOL-USDT/candles?limit=1')).json().candles[0];
      expect(hourly.candle.openTime).toBe(stored.openTime);
      expect(Number(hourly.candle.open)).toBeCloseTo(Number(stored.open), 6);
      expect(Number(hourly.candle.high)).toBeGreaterThanOrEqual(Number(hourly.candle.close));
      expect(candles.find((event) => event.timeframe === '1d')!.candle.openTime).toMatch(/T00:00:00.000Z$/);
    });

    it('rejects a malformed subscribe message in the ack', async () => {
      const socket = connect({ token: user.accessToken });
      await connected(socket);
      expect(await socket.emitWithAck('subscribe', { symbols: 'BTC' })).toMatchObject({ ok: false });
    });

    it('limits the symbols of one message and of one connection', async () => {
      const socket = connect({ token: user.accessToken });
      await connected(socket);
      const symbols = (from: number, count: number) => Array.from({ length: count }, (_, i) => `C${from + i}-USDT`);
      expect(await socket.emitWithAck('subscribe', { symbols: symbols(0, 51) })).toMatchObject({ ok: false, error: expect.stringMatching(/At most 50/) });
      expect((await socket.emitWithAck('subscribe', { symbols: symbols(0, 50) })).ok).toBe(true);
      expect((await socket.emitWithAck('subscribe', { symbols: symbols(50, 50) })).ok).toBe(true);
      expect((await socket.emitWithAck('subscribe', { symbols: symbols(0, 10) })).ok).toBe(true); // already in: no growth
      expect(await socket.emitWithAck('subscribe', { symbols: symbols(100, 1) })).toMatchObject({ ok: false, error: expect.stringMatching(/At most 100/) });
      await socket.emitWithAck('unsubscribe', { symbols: symbols(0, 1) });
      expect((await socket.emitWithAck('subscribe', { symbols: symbols(100, 1) })).ok).toBe(true);
    });

    it('accepts an API key in the handshake', async () => {
      const created = await t.inject({
        method: 'POST',
        url: '/api/v1/api-keys',
        headers: user.auth,
        payload: { name: 'stream', scope: 'read' },
      });
      expect(created.statusCode).toBe(201);
      const socket = connect({ token: created.json().key });
      await connected(socket);
      const ack = await socket.emitWithAck('subscribe', { symbols: ['SOL-USDT'] });
      expect(ack.ok).toBe(true);
    });
  });
});
