import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMEFRAME_MS } from '../../src/markets/candle';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { FakeExchange, startFakeExchange, syntheticCandles } from '../support/fake-exchange';
import { createTestApp, grantAdmin, registerUser, RegisteredUser, TestApp } from '../support/test-app';

const HOUR = TIMEFRAME_MS['1h'];
const POLL = { timeout: 20_000, interval: 100 };

interface MarketRow {
  symbol: string;
  pair: string;
  exchange: string;
  exchangeName: string;
  price: string | null;
  stage: string;
}

/**
 * Several exchanges at once (EXCHANGES=binance,binanceus): two loopback fake Binance-format exchanges that ccxt's
 * own binance and binanceus clients talk to, each with its own markets and prices. A market is (exchange, symbol);
 * off the home exchange its id is `BTC/USDT@binanceus`.
 */
describe('several exchanges (ccxt binance + binanceus against loopback fakes)', () => {
  let home: FakeExchange;
  let other: FakeExchange;
  let t: TestApp;
  let admin: RegisteredUser;
  let user: RegisteredUser;
  const start = Math.floor(Date.now() / HOUR) * HOUR - 4 * 24 * HOUR;

  beforeAll(async () => {
    home = await startFakeExchange([
      { base: 'BTC', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 60_000, 1), quoteVolume: 3e9 },
      { base: 'ETH', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 3_000, 2), quoteVolume: 2e9 },
    ]);
    other = await startFakeExchange([
      { base: 'BTC', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 50_000, 7), quoteVolume: 1e9 },
      { base: 'SOL', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 150, 8), quoteVolume: 1e8 },
    ]);
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'ccxt',
        EXCHANGES: 'binance,binanceus',
        EXCHANGE_API_URLS: `binance=${home.publicApiUrl},binanceus=${other.publicApiUrl}`,
        PRICE_EXCHANGES: 'binanceus',
        MARKET_STREAM: 'poll',
        TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT,BTC/USDT@binanceus',
        BACKFILL_DAYS_1H: '3',
        BACKFILL_DAYS_1D: '5',
        MARKET_TIMEOUT_MS: '300',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    admin = await registerUser(t);
    await grantAdmin(t, admin.user.email);
    user = await registerUser(t);
  });
  afterAll(async () => {
    await t?.close();
    await home?.close();
    await other?.close();
  });

  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, who: RegisteredUser = user, payload?: object) =>
    t.inject({ method, url: `/api/v1${url}`, headers: who.auth, ...(payload ? { payload } : {}) });
  const markets = async (): Promise<MarketRow[]> => (await call('GET', '/markets')).json().markets;
  const worker = () => t.app.get(MarketsWorker);

  it('lists the markets of every exchange, each naming its exchange, and the exchanges with the home one first', async () => {
    const listed = await call('GET', '/markets');
    expect(listed.json().exchange).toBe('binance');
    expect(listed.json().exchanges.map((e: { exchange: string; name: string; home: boolean }) => [e.exchange, e.name, e.home])).toEqual([
      ['binance', 'Binance', true],
      ['binanceus', 'Binance US', false],
    ]);
    expect((await markets()).map((m) => [m.symbol, m.pair, m.exchange])).toEqual([
      ['BTC/USDT', 'BTC/USDT', 'binance'],
      ['ETH/USDT', 'ETH/USDT', 'binance'],
      ['BTC/USDT@binanceus', 'BTC/USDT', 'binanceus'],
    ]);
  });

  it('prices each market from its own exchange; the same pair on two exchanges has two prices', async () => {
    // (the worker's own first poll may be running: a poll that overlaps it is skipped)
    await expect
      .poll(async () => (await worker().pollTickers()).map((tick) => tick.symbol).sort(), POLL)
      .toEqual(['BTC/USDT', 'BTC/USDT@binanceus', 'ETH/USDT']);
    const onHome = (await call('GET', '/markets/BTC-USDT/ticker')).json();
    const onOther = (await call('GET', '/markets/BTC-USDT@binanceus/ticker')).json();
    expect(onHome.exchange).toBe('binance');
    expect(onOther.exchange).toBe('binanceus');
    expect(Number(onHome.price)).toBeGreaterThan(0);
    expect(Number(onOther.price)).toBeGreaterThan(0);
    expect(onOther.price).not.toBe(onHome.price);
    // Each exchange was asked for its own pairs only.
    expect(other.requests).toContain('/api/v3/ticker/24hr');
    expect(home.requests).toContain('/api/v3/ticker/24hr');
  });

  it('answers an unknown exchange in a market id with a 404 that lists the configured ones', async () => {
    const unknown = await call('GET', '/markets/BTC-USDT@kraken/ticker');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe("Unknown exchange 'kraken' in 'BTC-USDT@kraken'; this install tracks binance, binanceus");
    const search = await call('GET', '/markets/catalogue/search?exchange=kraken', admin);
    expect(search.statusCode).toBe(404);
    expect(search.json().message).toMatch(/not one of this install's exchanges \(binance, binanceus\)/);
    expect((await call('GET', '/markets/catalogue/search?exchange=Not%20An%20Id', admin)).statusCode).toBe(400);
  });

  it('adds a market from another exchange (the admin picks it): backfilled from that exchange, stored under it', async () => {
    const found = (await call('GET', '/markets/catalogue/search?q=sol&exchange=binanceus', admin)).json();
    expect(found).toMatchObject({ exchange: 'binanceus', exchangeName: 'Binance US', total: 1 });
    expect(found.markets).toEqual([{ symbol: 'SOL/USDT@binanceus', pair: 'SOL/USDT', base: 'SOL', quote: 'USDT', tracked: false }]);
    // The home exchange has no SOL.
    const missing = await call('POST', '/markets/catalogue', admin, { symbol: 'SOL/USDT' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('Binance has no spot market SOL/USDT: search the catalogue for the pairs it lists');
    const added = await call('POST', '/markets/catalogue', admin, { symbol: 'SOL/USDT', exchange: 'binanceus' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ symbol: 'SOL/USDT@binanceus', pair: 'SOL/USDT', exchange: 'binanceus' });
    await expect.poll(async () => (await markets()).find((m) => m.symbol === 'SOL/USDT@binanceus')?.stage, POLL).not.toBe('backfilling');
    const stored = await t.dataSource.query(`SELECT exchange, symbol, count(*)::int AS n FROM candles WHERE symbol = 'SOL/USDT' GROUP BY 1, 2`);
    expect(stored).toEqual([{ exchange: 'binanceus', symbol: 'SOL/USDT', n: expect.any(Number) }]);
    expect(stored[0].n).toBeGreaterThan(3 * 24);
    const candles = (await call('GET', '/markets/SOL-USDT@binanceus/candles?timeframe=1h&limit=2')).json();
    expect(candles).toMatchObject({ symbol: 'SOL/USDT@binanceus', exchange: 'binanceus' });
    // A symbol naming one exchange and an `exchange` naming another is refused rather than guessed.
    const clash = await call('POST', '/markets/catalogue', admin, { symbol: 'ETH/USDT@binanceus', exchange: 'binance' });
    expect(clash.statusCode).toBe(400);
  });

  it('names the exchange on alerts, and a starred market keeps its exchange', async () => {
    const alert = await call('POST', '/alerts', user, { type: 'price_above', symbol: 'btc-usdt@BinanceUS', threshold: '10000000', mode: 'once' });
    expect(alert.statusCode).toBe(201);
    expect(alert.json()).toMatchObject({ symbol: 'BTC/USDT@binanceus', exchange: 'binanceus' });
    const onHome = (await call('POST', '/alerts', user, { type: 'price_above', symbol: 'BTC/USDT', threshold: '10000000', mode: 'once' })).json();
    expect(onHome).toMatchObject({ symbol: 'BTC/USDT', exchange: 'binance' });
    // `@binance` on a binance-home install is the bare id.
    const spelledOut = (await call('POST', '/alerts', user, { type: 'price_above', symbol: 'ETH/USDT@binance', threshold: '10000000', mode: 'once' })).json();
    expect(spelledOut).toMatchObject({ symbol: 'ETH/USDT', exchange: 'binance' });
    expect((await call('PUT', '/watchlist/BTC-USDT@binanceus', user)).statusCode).toBe(200);
    expect((await call('GET', '/watchlist')).json().symbols).toEqual(['BTC/USDT@binanceus']);
    const rows = await t.dataSource.query(`SELECT exchange, symbol FROM watchlist WHERE user_id = $1`, [user.user.id]);
    expect(rows).toEqual([{ exchange: 'binanceus', symbol: 'BTC/USDT' }]);
  });

  it('values holdings at the price of the first exchange in PRICE_EXCHANGES that has the asset, else the next', async () => {
    await worker().pollTickers();
    const portfolio = (await call('POST', '/portfolios', user, { name: 'two venues', costBasisMethod: 'fifo' })).json();
    for (const asset of ['BTC', 'ETH']) {
      const buy = await call('POST', `/portfolios/${portfolio.id}/transactions`, user, {
        type: 'buy',
        time: new Date(Date.now() - 86_400_000).toISOString(),
        asset,
        quantity: '1',
        price: '10',
      });
      expect(buy.statusCode).toBe(201);
    }
    const holdings: Array<{ asset: string; price: string }> = (await call('GET', `/portfolios/${portfolio.id}/holdings`)).json().holdings;
    const priceOf = (asset: string) => holdings.find((h) => h.asset === asset)?.price;
    const btcUs = (await call('GET', '/markets/BTC-USDT@binanceus/ticker')).json().price;
    const ethHome = (await call('GET', '/markets/ETH-USDT/ticker')).json().price;
    expect(Number(priceOf('BTC'))).toBeCloseTo(Number(btcUs), 2); // binanceus is preferred and has BTC
    expect(Number(priceOf('ETH'))).toBeCloseTo(Number(ethHome), 2); // binanceus has no ETH: the home exchange's
  });

  it('keeps the other exchanges live when one is down, and says which one is', async () => {
    other.setMode('server-error');
    try {
      const ticks = await worker().pollTickers();
      expect(ticks.map((tick) => tick.symbol).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
      const status = (await call('GET', '/markets')).json().exchanges;
      expect(status.find((e: { exchange: string }) => e.exchange === 'binance')).toMatchObject({ state: 'ok', message: null });
      expect(status.find((e: { exchange: string }) => e.exchange === 'binanceus')).toMatchObject({ state: 'unreachable' });
    } finally {
      other.setMode('ok');
    }
    await worker().pollTickers();
    expect((await call('GET', '/markets')).json().exchanges.map((e: { state: string }) => e.state)).toEqual(['ok', 'ok']);
  });

  it('reports a refused region (HTTP 451) with the advice to use another exchange, without retrying it', async () => {
    home.setMode('region-refused');
    try {
      const before = home.requests.length;
      const ticks = await worker().pollTickers();
      expect(home.requests.length - before).toBe(1); // a refusal is not retried: retries cannot fix a region
      expect(ticks.map((tick) => tick.symbol).sort()).toEqual(['BTC/USDT@binanceus', 'SOL/USDT@binanceus']);
      const binance = (await call('GET', '/markets')).json().exchanges.find((e: { exchange: string }) => e.exchange === 'binance');
      expect(binance.state).toBe('refused');
      expect(binance.message).toBe(
        "Binance refuses requests from this server's location (it answered HTTP 451/403). Prices keep coming from Binance US; add the markets you need there.",
      );
    } finally {
      home.setMode('ok');
    }
  });
});

describe('an exchange unreachable on the very first start', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Port 9 on loopback: nothing listens, the connection is refused at once (no traffic leaves the machine).
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'ccxt',
        EXCHANGE_ID: 'binance',
        EXCHANGE_PUBLIC_API_URL: 'http://127.0.0.1:9/api/v3',
        MARKET_STREAM: 'poll',
        MARKET_TIMEOUT_MS: '200',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says how to start with the replay source instead', async () => {
    const user = await registerUser(t);
    const listed = await t.inject({ method: 'GET', url: '/api/v1/markets', headers: user.auth });
    expect(listed.statusCode).toBe(503);
    expect(listed.json().message).toMatch(/To run without network, start with the replay source: MARKET_SOURCE=replay REPLAY_DIR=/);
  });
});
