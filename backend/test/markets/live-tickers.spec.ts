import { io, Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TIMEFRAME_MS } from '../../src/markets/candle';
import { LIVE_TICKERS, LiveTickerFeed } from '../../src/markets/live-tickers';
import { createLiveTickerFeeds } from '../../src/markets/markets.module';

/** The one feed of a one-exchange config, or null when it only polls. */
const createLiveTickerFeed = (c: Parameters<typeof createLiveTickerFeeds>[0]) => createLiveTickerFeeds(c)[0] ?? null;
import { loadConfig } from '../../src/bootstrap';
import type { Tick } from '../../src/markets/tick';
import { FakeExchange, startFakeExchange, syntheticCandles } from '../support/fake-exchange';
import { FakeExchangeStream, startFakeExchangeStream } from '../support/fake-exchange-stream';
import { createTestApp, registerUser, RegisteredUser, TestApp } from '../support/test-app';

const HOUR = TIMEFRAME_MS['1h'];
const TICKER_REST = '/api/v3/ticker/24hr';
const KLINES_REST = '/api/v3/klines';

/**
 * Live tickers over the exchange's websocket (issue 18 item 3): ccxt's own websocket client against a loopback fake
 * of Binance's market streams, REST (the loopback fake REST API) as the fallback while the stream is down, and a
 * candle refill over REST after a reconnect.
 */
describe('live exchange stream (ccxt watchTickers against a fake Binance stream)', () => {
  let rest: FakeExchange;
  let stream: FakeExchangeStream;
  let t: TestApp;
  let user: RegisteredUser;
  let socket: Socket;
  const received: Tick[] = [];
  const start = Math.floor(Date.now() / HOUR) * HOUR - 48 * HOUR;
  let pushing: NodeJS.Timeout | undefined;

  /** Keeps the exchange pushing BTC at `price` every 100 ms, as a busy market does. */
  const keepPushing = (price: number) => {
    clearInterval(pushing);
    pushing = setInterval(() => stream.pushTicker('BTCUSDT', price), 100);
  };
  const restTickerPolls = () => rest.requests.filter((path) => path === TICKER_REST).length;

  beforeAll(async () => {
    rest = await startFakeExchange([
      { base: 'BTC', quote: 'USDT', candles: syntheticCandles(start, 50, 60_000, 1) },
      { base: 'ETH', quote: 'USDT', candles: syntheticCandles(start, 50, 3_000, 2) },
    ]);
    stream = await startFakeExchangeStream();
    t = await createTestApp({
      listen: true,
      env: {
        MARKET_SOURCE: 'ccxt',
        EXCHANGE_ID: 'binance',
        EXCHANGE_PUBLIC_API_URL: rest.publicApiUrl,
        EXCHANGE_WS_URL: stream.url,
        MARKET_STREAM: 'auto',
        TRACKED_SYMBOLS: 'BTC/USDT,ETH/USDT',
        BACKFILL_DAYS_1H: '1',
        BACKFILL_DAYS_1D: '3',
        MARKET_TIMEOUT_MS: '500',
        TICKER_POLL_MS: '200',
        CANDLE_CATCHUP_SECONDS: '86400',
      },
    });
    user = await registerUser(t);
    socket = io(t.url!, { path: '/socket.io', transports: ['websocket'], auth: { token: user.accessToken }, reconnection: false, forceNew: true });
    socket.on('ticker', (tick: Tick) => received.push(tick));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    await socket.emitWithAck('subscribe', { symbols: ['BTC-USDT'] });
  });
  afterAll(async () => {
    clearInterval(pushing);
    socket?.close();
    await t?.close();
    await stream?.close();
    await rest?.close();
  });

  it('streams ticks from the exchange websocket to the dashboard socket, and stops polling REST while it delivers', async () => {
    await stream.waitForSubscription('btcusdt@miniTicker', 15_000);
    expect(stream.subscribed()).toEqual(expect.arrayContaining(['btcusdt@miniTicker', 'ethusdt@miniTicker']));
    keepPushing(61_234.5);
    await expect.poll(() => received.some((tick) => tick.price === 61_234.5), { timeout: 10_000 }).toBe(true);
    const feed = t.app.get<LiveTickerFeed[]>(LIVE_TICKERS)[0];
    expect(feed?.isLive()).toBe(true);
    const polls = restTickerPolls();
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // 7 poll periods
    expect(restTickerPolls() - polls).toBeLessThanOrEqual(1); // at most one poll in flight when the stream came up
    const ticker = (await t.inject({ method: 'GET', url: '/api/v1/markets/BTC-USDT/ticker', headers: user.auth })).json();
    expect(Number(ticker.price)).toBe(61_234.5);
  });

  it('falls back to REST polling while the stream is down, reconnects with backoff, and refills candles over REST', async () => {
    clearInterval(pushing);
    stream.refuseConnections(true);
    const connectionsBefore = stream.connections;
    const pollsBefore = restTickerPolls();
    stream.dropAll();
    // Polling takes over within a few poll periods, and the ticks keep coming (now from REST).
    await expect.poll(() => restTickerPolls() - pollsBefore, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    const feed = t.app.get<LiveTickerFeed[]>(LIVE_TICKERS)[0];
    expect(feed?.isLive()).toBe(false);
    expect(feed?.status).toBe('reconnecting');

    const klinesBefore = rest.requests.filter((path) => path === KLINES_REST).length;
    stream.refuseConnections(false);
    await expect.poll(() => stream.connections, { timeout: 20_000 }).toBeGreaterThan(connectionsBefore);
    await stream.waitForSubscription('btcusdt@miniTicker', 10_000);
    keepPushing(62_000);
    await expect.poll(() => received.some((tick) => tick.price === 62_000), { timeout: 10_000 }).toBe(true);
    expect(feed?.isLive()).toBe(true);
    // What the stream missed is fetched over REST right after the reconnect (a candle sync of its own).
    await expect.poll(() => rest.requests.filter((path) => path === KLINES_REST).length, { timeout: 10_000 }).toBeGreaterThan(klinesBefore);
    const polls = restTickerPolls();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(restTickerPolls() - polls).toBeLessThanOrEqual(1);
  });
});

describe('which processes stream tickers (MARKET_STREAM)', () => {
  const config = (env: Record<string, string>) =>
    loadConfig({ NODE_ENV: 'test', DATA_DIR: ':memory:', JWT_SECRET: 'x'.repeat(64), MARKET_SOURCE: 'ccxt', EXCHANGE_ID: 'binance', ...env });

  it('streams where ccxt can, and never towards a host nobody configured', () => {
    expect(createLiveTickerFeed(config({}))).toBeInstanceOf(LiveTickerFeed); // binance, no overrides: its own stream host
    // A REST mirror alone says nothing about the stream host: poll (the tests' fake REST exchange relies on it).
    expect(createLiveTickerFeed(config({ EXCHANGE_PUBLIC_API_URL: 'http://127.0.0.1:9/api/v3' }))).toBeNull();
    expect(createLiveTickerFeed(config({ EXCHANGE_PUBLIC_API_URL: 'http://127.0.0.1:9/api/v3', EXCHANGE_WS_URL: 'ws://127.0.0.1:9/ws' }))).toBeInstanceOf(
      LiveTickerFeed,
    );
    expect(createLiveTickerFeed(config({ MARKET_STREAM: 'poll' }))).toBeNull();
    expect(createLiveTickerFeed(config({ MARKET_SOURCE: 'replay' }))).toBeNull();
    expect(createLiveTickerFeed(config({ ROLE: 'api' }))).toBeNull(); // only workers talk to the exchange
  });

  it('refuses MARKET_STREAM=websocket for an exchange ccxt cannot stream, and says what to set instead', () => {
    expect(() => createLiveTickerFeed(config({ EXCHANGE_ID: 'bit2c', MARKET_STREAM: 'websocket' }))).toThrow(/MARKET_STREAM=poll/);
    expect(createLiveTickerFeed(config({ EXCHANGE_ID: 'bit2c' }))).toBeNull();
  });

  it('starts one stream per exchange that can stream, each towards its own configured host', () => {
    const feeds = createLiveTickerFeeds(
      config({
        EXCHANGES: 'binance,bit2c,replay,binanceus',
        EXCHANGE_WS_URLS: 'binanceus=ws://127.0.0.1:9/ws',
        EXCHANGE_API_URLS: 'binanceus=http://127.0.0.1:9/api/v3',
      }),
    );
    expect(feeds.map((feed) => feed.exchange)).toEqual(['binance', 'binanceus']);
  });
});
