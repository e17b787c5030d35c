import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMEFRAME_MS } from '../../src/markets/candle';
import { MarketsService } from '../../src/markets/markets.service';
import { MarketsWorker } from '../../src/markets/markets.worker';
import { MARKET_TICKS_CHANNEL, Tick, tickerCacheKey } from '../../src/markets/tick';
import { CACHE, Cache, PUBSUB, PubSub } from '../../src/infra/ports';
import { FakeExchange, startFakeExchange, syntheticCandles } from '../support/fake-exchange';
import { createTestApp, registerUser, RegisteredUser, TestApp } from '../support/test-app';

const HOUR = TIMEFRAME_MS['1h'];
/** The hour the last sync saw may be the previous one if the clock just crossed an hour boundary. */
const recentHours = (): number[] => {
  const hour = Math.floor(Date.now() / HOUR) * HOUR;
  return [hour, hour - HOUR];
};

/**
 * The whole market-data path on MARKET_SOURCE=ccxt: real ccxt → loopback fake Binance → ingestion into the
 * database → REST, ticks on `market:ticks`; and what the API does while the exchange is down.
 */
describe('markets on ccxt against a fake Binance (app level)', () => {
  let exchange: FakeExchange;
  let t: TestApp;
  let user: RegisteredUser;
  let worker: MarketsWorker;
  const currentHour = Math.floor(Date.now() / HOUR) * HOUR;
  const start = currentHour - 3 * 24 * HOUR;

  beforeAll(async () => {
    exchange = await startFakeExchange([
      { base: 'BTC', quote: 'USDT', candles: syntheticCandles(start, 3 * 24 + 3, 60_000, 1), quoteVolume: 3e9 },
      { base: 'ETH', quote: 'USDT', candles: syntheticCandles(start, 3 * 24 + 3, 3_000, 2), quoteVolume: 2e9 },
      { base: 'DOGE', quote: 'USDT', candles: syntheticCandles(start, 3 * 24 + 3, 0.2, 3), quoteVolume: 1e9 },
      { base: 'FDUSD', quote: 'USDT', candles: syntheticCandles(start, 3 * 24 + 3, 1, 4), quoteVolume: 9e9 },
    ]);
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'ccxt',
        EXCHANGE_ID: 'binance',
        EXCHANGE_PUBLIC_API_URL: exchange.publicApiUrl,
        TRACKED_SYMBOLS_COUNT: '2',
        BACKFILL_DAYS_1H: '2',
        BACKFILL_DAYS_1D: '5',
        MARKET_TIMEOUT_MS: '300',
        TICKER_POLL_MS: '60000',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    user = await registerUser(t);
    worker = t.app.get(MarketsWorker);
  });
  afterAll(async () => {
    await t?.close();
    await exchange?.close();
  });

  const get = (url: string) => t.inject({ method: 'GET', url: `/api/v1${url}`, headers: user.auth });

  it('tracks the largest USDT pairs by volume (stablecoins skipped) and backfills their candles', async () => {
    await worker.syncCandles();
    const body = (await get('/markets')).json();
    expect(body).toMatchObject({ source: 'ccxt', exchange: 'binance' });
    expect(body.markets.map((m: { symbol: string }) => m.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    const candles = (await get('/markets/BTC-USDT/candles?limit=1000')).json();
    expect(candles.source).toBe('ccxt');
    // 2 days back to the current hour; the exchange's candles "from the future" are not stored.
    expect(candles.candles).toHaveLength(2 * 24 + 1);
    expect(recentHours()).toContain(Date.parse(candles.candles.at(-1).openTime));
    expect((await get('/markets/DOGE-USDT/candles')).statusCode).toBe(404);
  });

  it('publishes each polled ticker on market:ticks and serves it from the cache', async () => {
    const pubsub = t.app.get<PubSub>(PUBSUB);
    const received: Tick[] = [];
    const unsubscribe = await pubsub.subscribe<Tick>(MARKET_TICKS_CHANNEL, (tick) => {
      received.push(tick);
    });
    const ticks = await worker.pollTickers();
    expect(ticks.map((tick) => tick.symbol)).toEqual(['BTC/USDT', 'ETH/USDT']);
    await expect.poll(() => received.length, { timeout: 5_000 }).toBe(2);
    expect(received[0]).toMatchObject({ symbol: 'BTC/USDT', source: 'ccxt' });
    await unsubscribe();
    const prices = await t.app.get(MarketsService).getLatestPrices();
    expect([...prices.keys()]).toEqual(['BTC/USDT', 'ETH/USDT']);
    const ticker = (await get('/markets/BTC-USDT/ticker')).json();
    expect(Number(ticker.price)).toBeCloseTo(ticks[0]!.price, 2);
  });

  it('keeps answering from stored data while the exchange hangs, and the poll fails fast', async () => {
    exchange.setMode('timeout');
    try {
      const started = Date.now();
      expect(await worker.pollTickers()).toEqual([]); // logged, not thrown
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await get('/markets')).statusCode).toBe(200);
      expect((await get('/markets/ETH-USDT/ticker')).statusCode).toBe(200); // cached tick
      expect((await get('/markets/ETH-USDT/candles?limit=3')).json().candles).toHaveLength(3);
      // No cached tick and the exchange unreachable: 503 with the usual error body, not a 500.
      await t.app.get<Cache>(CACHE).del(tickerCacheKey('BTC/USDT'));
      const ticker = await get('/markets/BTC-USDT/ticker');
      expect(ticker.statusCode).toBe(503);
      expect(ticker.json()).toMatchObject({ statusCode: 503, message: expect.stringMatching(/Market data source unavailable/) });
    } finally {
      exchange.setMode('ok');
    }
  });
});
