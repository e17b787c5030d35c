import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORECAST_MARKET_DATA, ForecastMarketData } from '../../src/forecasts/forecast-ports';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { TrackedMarkets } from '../../src/markets/tracked-markets.service';
import { createTestApp, grantAdmin, registerUser, RegisteredUser, TestApp } from '../support/test-app';
import { makeReplayFolder } from '../support/replay-fixture';

interface BackfillEvent {
  symbol: string;
  stage: string;
  backfill: { fetched: number; expected: number; percent: number; etaSeconds: number | null; error: string | null } | null;
}

const POLL = { timeout: 15_000, interval: 50 };

/** The runtime market catalogue on the replay source: search, add (backfill with live progress), remove, authorization. */
describe('market catalogue (replay source)', () => {
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const folder = makeReplayFolder(['BTC', 'ETH', 'SOL', 'ADA'], 24 * 30);
  const sockets: Socket[] = [];
  const events: BackfillEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      listen: true,
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT',
        BACKFILL_DAYS_1H: '20',
        BACKFILL_DAYS_1D: '20',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    admin = await registerUser(t);
    await grantAdmin(t, admin.user.email);
    user = await registerUser(t);
    await t.app.get(MarketsWorker).syncCandles();
    // Any signed-in client hears the progress (here a plain user's socket).
    const socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth: { token: user.accessToken }, reconnection: false, forceNew: true });
    sockets.push(socket);
    socket.on('market_backfill', (event: BackfillEvent) => events.push(event));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
    folder.remove();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, who: RegisteredUser | null, payload?: object) =>
    t.inject({ method, url: `/api/v1${url}`, headers: who ? who.auth : {}, ...(payload ? { payload } : {}) });
  const symbols = async (who: RegisteredUser = user): Promise<string[]> =>
    (await call('GET', '/markets', who)).json().markets.map((m: { symbol: string }) => m.symbol);

  it('is seeded from TRACKED_SYMBOLS on first start', async () => {
    expect(await symbols()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const rows = await t.dataSource.query(`SELECT symbol, status FROM tracked_markets ORDER BY position`);
    expect(rows).toEqual([
      { symbol: 'BTC/USDT', status: 'tracking' },
      { symbol: 'ETH/USDT', status: 'tracking' },
    ]);
  });

  it('is for administrators only', async () => {
    for (const [method, url, payload] of [
      ['GET', '/markets/catalogue/search?q=sol'],
      ['POST', '/markets/catalogue', { symbol: 'SOL/USDT' }],
      ['DELETE', '/markets/catalogue/BTC-USDT'],
    ] as const) {
      expect((await call(method, url, null, payload)).statusCode, `${method} ${url} anonymous`).toBe(401);
      const refused = await call(method, url, user, payload);
      expect(refused.statusCode, `${method} ${url}`).toBe(403);
      expect(refused.json().message).toMatch(/reserved to administrators/);
    }
    expect(await symbols()).toEqual(['BTC/USDT', 'ETH/USDT']);
  });

  it("searches the source's markets and says which are tracked", async () => {
    const all = (await call('GET', '/markets/catalogue/search', admin)).json();
    expect(all).toMatchObject({ exchange: 'replay', total: 4 });
    expect(all.markets).toEqual([
      { symbol: 'ADA/USDT', pair: 'ADA/USDT', base: 'ADA', quote: 'USDT', tracked: false },
      { symbol: 'BTC/USDT', pair: 'BTC/USDT', base: 'BTC', quote: 'USDT', tracked: true },
      { symbol: 'ETH/USDT', pair: 'ETH/USDT', base: 'ETH', quote: 'USDT', tracked: true },
      { symbol: 'SOL/USDT', pair: 'SOL/USDT', base: 'SOL', quote: 'USDT', tracked: false },
    ]);
    for (const q of ['sol', 'SOL/USDT', 'solusdt', 'so']) {
      expect((await call('GET', `/markets/catalogue/search?q=${encodeURIComponent(q)}`, admin)).json().markets, q).toEqual([
        { symbol: 'SOL/USDT', pair: 'SOL/USDT', base: 'SOL', quote: 'USDT', tracked: false },
      ]);
    }
    expect((await call('GET', '/markets/catalogue/search?q=doge', admin)).json()).toMatchObject({ total: 0, markets: [] });
    const bad = await call('GET', '/markets/catalogue/search?q=%3Cscript%3E', admin);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/q may only contain letters/);
  });

  it('refuses a malformed symbol (400), one the source does not list (404) and one already tracked (409)', async () => {
    const malformed = await call('POST', '/markets/catalogue', admin, { symbol: '$$' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toMatch(/not a market symbol such as SOL\/USDT/);
    const missing = await call('POST', '/markets/catalogue', admin, { symbol: 'DOGE-USDT' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('Replay has no spot market DOGE/USDT: search the catalogue for the pairs it lists');
    const duplicate = await call('POST', '/markets/catalogue', admin, { symbol: 'btcusdt' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().message).toBe('BTC/USDT on Replay is already tracked');
    expect((await call('POST', '/markets/catalogue', admin, {})).statusCode).toBe(400);
  });

  it('adds a market: backfill with live progress, then it is listed as forecasting and enters the forecast slots', async () => {
    const forecastData = t.app.get<ForecastMarketData>(FORECAST_MARKET_DATA);
    const added = await call('POST', '/markets/catalogue', admin, { symbol: 'SOL-USDT' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ symbol: 'SOL/USDT', exchange: 'replay', stage: 'backfilling', backfill: { fetched: 0, percent: 0 } });
    expect(added.json().backfill.expected).toBeGreaterThan(20 * 24);
    // Tracked (prices, stream) at once; not in the forecast slots until its history is stored.
    expect(await symbols()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);

    await expect.poll(() => events.filter((e) => e.symbol === 'SOL/USDT').at(-1)?.stage, POLL).toBe('forecasting');
    const mine = events.filter((e) => e.symbol === 'SOL/USDT');
    const percents = mine.map((e) => e.backfill!.percent);
    expect(percents[0]).toBe(0);
    expect(percents.some((p) => p > 0 && p < 100)).toBe(true);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents); // only grows
    expect(mine.at(-1)!.backfill).toMatchObject({ percent: 100, etaSeconds: null, error: null });
    expect(mine.slice(0, -1).every((e) => e.stage === 'backfilling' && e.backfill!.percent < 100)).toBe(true);
    expect(mine.at(-1)!.backfill!.fetched).toBeGreaterThan(20 * 24);

    const listed = (await call('GET', '/markets', user)).json();
    expect(listed.forecastMinHistoryDays).toBe(2);
    const sol = listed.markets.find((m: { symbol: string }) => m.symbol === 'SOL/USDT');
    expect(sol).toMatchObject({ stage: 'forecasting', backfill: { percent: 100, etaSeconds: null, error: null } });
    expect(sol.historyDays).toBeGreaterThanOrEqual(19);
    expect(listed.markets.find((m: { symbol: string }) => m.symbol === 'BTC/USDT')).toMatchObject({ stage: 'forecasting', backfill: null });
    expect(await forecastData.trackedSymbols()).toContain('SOL/USDT');
    const candles = (await call('GET', '/markets/SOL-USDT/candles?limit=1000', user)).json().candles;
    expect(candles.length).toBeGreaterThanOrEqual(20 * 24);
    expect((await call('GET', '/markets/SOL-USDT/ticker', user)).statusCode).toBe(200);
  });

  it('removes a market: no more ticks or candle sync or forecasts, its history stays readable', async () => {
    // A user holds SOL, valued at the live price while it is tracked.
    const portfolio = (await call('POST', '/portfolios', user, { name: 'with SOL', costBasisMethod: 'fifo' })).json();
    const buy = await call('POST', `/portfolios/${portfolio.id}/transactions`, user, {
      type: 'buy',
      time: new Date(Date.now() - 86_400_000).toISOString(),
      asset: 'SOL',
      quantity: '2',
      price: '10',
    });
    expect(buy.statusCode).toBe(201);
    await t.app.get(MarketsWorker).pollTickers();
    const holdingOf = async () =>
      (await call('GET', `/portfolios/${portfolio.id}/holdings`, user)).json().holdings.find((h: { asset: string }) => h.asset === 'SOL');
    expect(await holdingOf()).toMatchObject({ priceStale: false, priceAsOfDay: null });
    // …and has armed an alert on it.
    const alert = (await call('POST', '/alerts', user, { type: 'price_above', symbol: 'SOL/USDT', threshold: '1000000', mode: 'once' })).json();
    expect(alert.status).toBe('armed');
    const before = Number((await t.dataSource.query(`SELECT count(*) AS n FROM candles WHERE symbol = 'SOL/USDT'`))[0].n);
    expect((await call('DELETE', '/markets/catalogue/SOL-USDT', admin)).statusCode).toBe(204);
    expect(await symbols()).toEqual(['BTC/USDT', 'ETH/USDT']);
    const worker = t.app.get(MarketsWorker);
    expect((await worker.pollTickers()).map((tick) => tick.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(await t.app.get<ForecastMarketData>(FORECAST_MARKET_DATA).trackedSymbols()).not.toContain('SOL/USDT');
    await worker.syncCandles();
    const after = Number((await t.dataSource.query(`SELECT count(*) AS n FROM candles WHERE symbol = 'SOL/USDT'`))[0].n);
    expect(after).toBe(before);
    expect((await call('GET', '/markets/SOL-USDT/candles?limit=10', user)).json().candles).toHaveLength(10);
    expect((await call('GET', '/markets/SOL-USDT/ticker', user)).statusCode).toBe(404);
    // The holding stays valued, at the last stored daily close, and says that this price is not live.
    const [lastDaily] = await t.dataSource.query(
      `SELECT close::float8 AS close, to_char(open_time AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day FROM candles
        WHERE symbol = 'SOL/USDT' AND timeframe = '1d' ORDER BY open_time DESC LIMIT 1`,
    );
    const stale = await holdingOf();
    expect(stale).toMatchObject({ priceStale: true, priceAsOfDay: lastDaily.day });
    expect(Number(stale.price)).toBeCloseTo(lastDaily.close, 6);
    expect(Number(stale.value)).toBeCloseTo(2 * lastDaily.close, 6);
    // The alert is paused, its owner is told why, and it cannot be resumed while the market is not tracked.
    await expect.poll(async () => (await call('GET', `/alerts/${alert.id}`, user)).json().status, POLL).toBe('paused');
    const inbox = (await call('GET', '/notifications', user)).json();
    const notices = inbox.items.filter((n: { alertId: string | null }) => n.alertId === alert.id);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ title: 'Alert paused: SOL/USDT is no longer tracked' });
    expect(notices[0].body).toMatch(/Resume it once the market is tracked again/);
    const resumed = await call('POST', `/alerts/${alert.id}/resume`, user);
    expect(resumed.statusCode).toBe(400);
    expect(resumed.json().message).toMatch(/SOL\/USDT is no longer tracked here/);
    const again = await call('DELETE', '/markets/catalogue/SOL-USDT', admin);
    expect(again.statusCode).toBe(404);
    expect(again.json().message).toMatch(/SOL\/USDT is not tracked/);
  });

  it('adds a removed market again (a new backfill picks up from the stored history)', async () => {
    const added = await call('POST', '/markets/catalogue', admin, { symbol: 'SOL/USDT' });
    expect(added.statusCode).toBe(201);
    await expect
      .poll(async () => (await call('GET', '/markets', user)).json().markets.find((m: { symbol: string }) => m.symbol === 'SOL/USDT')?.stage, POLL)
      .toBe('forecasting');
    expect(await symbols()).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  });

  it('an emptied catalogue stays empty: TRACKED_SYMBOLS seeds only a catalogue that never had a row', async () => {
    for (const symbol of ['BTC-USDT', 'ETH-USDT', 'SOL-USDT']) expect((await call('DELETE', `/markets/catalogue/${symbol}`, admin)).statusCode).toBe(204);
    t.app.get(TrackedMarkets).invalidate();
    expect(await symbols()).toEqual([]);
    expect((await call('GET', '/markets/catalogue/search?q=btc', admin)).json().markets).toEqual([
      { symbol: 'BTC/USDT', pair: 'BTC/USDT', base: 'BTC', quote: 'USDT', tracked: false },
    ]);
  });
});
