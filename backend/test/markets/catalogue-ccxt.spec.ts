import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORECAST_MARKET_DATA, ForecastMarketData } from '../../src/forecasts/forecast-ports';
import { INTRADAY_MARKET_DATA, IntradayMarketData } from '../../src/forecasts/intraday-ports';
import { TIMEFRAME_MS } from '../../src/markets/candle';
import { BACKFILL_ATTEMPTS, MarketCatalogueService } from '../../src/markets/market-catalogue.service';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { FakeExchange, startFakeExchange, syntheticCandles } from '../support/fake-exchange';
import { createTestApp, grantAdmin, registerUser, RegisteredUser, TestApp } from '../support/test-app';

const HOUR = TIMEFRAME_MS['1h'];
const POLL = { timeout: 20_000, interval: 100 };

/** The market catalogue on MARKET_SOURCE=ccxt: real ccxt against the loopback fake Binance. */
describe('market catalogue on ccxt (fake Binance)', () => {
  let exchange: FakeExchange;
  let t: TestApp;
  let admin: RegisteredUser;
  const start = Math.floor(Date.now() / HOUR) * HOUR - 4 * 24 * HOUR;

  beforeAll(async () => {
    exchange = await startFakeExchange([
      { base: 'BTC', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 60_000, 1), quoteVolume: 3e9 },
      { base: 'ETH', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 3_000, 2), quoteVolume: 2e9 },
      { base: 'DOGE', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 0.2, 3), quoteVolume: 1e9 },
      { base: 'LINK', quote: 'USDT', candles: syntheticCandles(start, 4 * 24 + 3, 15, 4), quoteVolume: 1e8 },
    ]);
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'ccxt',
        EXCHANGE_ID: 'binance',
        EXCHANGE_PUBLIC_API_URL: exchange.publicApiUrl,
        TRACKED_SYMBOLS_COUNT: '2',
        BACKFILL_DAYS_1H: '3',
        BACKFILL_DAYS_1D: '5',
        MARKET_TIMEOUT_MS: '300',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    admin = await registerUser(t);
    await grantAdmin(t, admin.user.email);
  });
  afterAll(async () => {
    await t?.close();
    await exchange?.close();
  });

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
    t.inject({ method, url: `/api/v1${url}`, headers: admin.auth, ...(payload ? { payload } : {}) });
  const market = async (symbol: string) => (await call('GET', '/markets')).json().markets.find((m: { symbol: string }) => m.symbol === symbol);

  it("seeds the provider's default list (largest USDT pairs) and searches the exchange's markets (ccxt loadMarkets)", async () => {
    expect((await call('GET', '/markets')).json().markets.map((m: { symbol: string }) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    const found = (await call('GET', '/markets/catalogue/search?q=doge')).json();
    expect(found).toEqual({
      exchange: 'binance',
      exchangeName: 'Binance',
      total: 1,
      markets: [{ symbol: 'DOGE/USDT', pair: 'DOGE/USDT', base: 'DOGE', quote: 'USDT', tracked: false }],
    });
    expect((await call('POST', '/markets/catalogue', { symbol: 'XRP/USDT' })).statusCode).toBe(404);
  });

  it('backfills an added market through ccxt, then ingests and lists it', async () => {
    const klinesBefore = exchange.requests.filter((path) => path === '/api/v3/klines').length;
    expect((await call('POST', '/markets/catalogue', { symbol: 'DOGEUSDT' })).statusCode).toBe(201);
    await expect.poll(async () => (await market('DOGE/USDT'))?.stage, POLL).toBe('forecasting');
    const doge = await market('DOGE/USDT');
    expect(doge.backfill).toMatchObject({ percent: 100, error: null });
    expect(doge.historyDays).toBeGreaterThanOrEqual(3);
    expect(exchange.requests.filter((path) => path === '/api/v3/klines').length).toBeGreaterThan(klinesBefore);
    const candles = (await call('GET', '/markets/DOGE-USDT/candles?limit=1000')).json().candles;
    expect(candles).toHaveLength(3 * 24 + 1);
    // The regular sync now includes it, and the ticker poll prices it.
    const ticks = await t.app.get(MarketsWorker).pollTickers();
    expect(ticks.map((tick) => tick.symbol)).toEqual(['BTC/USDT', 'ETH/USDT', 'DOGE/USDT']);
  });

  it('hands a market whose backfill keeps failing to the regular sync, saying why', async () => {
    exchange.setMode('server-error');
    const added = await call('POST', '/markets/catalogue', { symbol: 'LINK/USDT' });
    expect(added.statusCode).toBe(201); // markets were loaded before: the exchange is only asked for candles
    // While its backfill is failing and retried it is tracked (prices, stream) but in no forecast slot.
    expect((await market('LINK/USDT')).stage).toBe('backfilling');
    expect(await t.app.get<ForecastMarketData>(FORECAST_MARKET_DATA).trackedSymbols()).not.toContain('LINK/USDT');
    expect(await t.app.get<IntradayMarketData>(INTRADAY_MARKET_DATA).trackedSymbols()).not.toContain('LINK/USDT');
    expect(await t.app.get<ForecastMarketData>(FORECAST_MARKET_DATA).trackedSymbols()).toContain('DOGE/USDT');
    await t.app
      .get(MarketCatalogueService)
      .runBackfill({ exchange: 'binance', symbol: 'LINK/USDT', addedAt: Date.parse(added.json().addedAt) }, BACKFILL_ATTEMPTS);
    const link = await market('LINK/USDT');
    expect(link.stage).toBe('collecting');
    expect(link.backfill.error).toMatch(/^The exchange did not answer/);
    const [row] = await t.dataSource.query(`SELECT status FROM tracked_markets WHERE symbol = 'LINK/USDT'`);
    expect(row.status).toBe('tracking');
    exchange.setMode('ok');
  });
});
