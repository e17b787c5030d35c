import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CcxtMarketDataProvider, DEFAULT_CCXT_OPTIONS } from '../../src/markets/ccxt/ccxt-market-data.provider';
import { MarketDataUnavailableError } from '../../src/markets/market-data-provider';
import { FakeExchange, startFakeExchange, syntheticCandles } from '../support/fake-exchange';

const HOUR = 3_600_000;
const START = Date.UTC(2025, 0, 1);
const BTC = syntheticCandles(START, 72, 40_000, 7);
const ETH = syntheticCandles(START, 72, 3_000, 8);

describe('CcxtMarketDataProvider against a loopback fake Binance', () => {
  let exchange: FakeExchange;
  const providers: CcxtMarketDataProvider[] = [];

  const makeProvider = (overrides: Partial<typeof DEFAULT_CCXT_OPTIONS> = {}): CcxtMarketDataProvider => {
    const provider = new CcxtMarketDataProvider({
      ...DEFAULT_CCXT_OPTIONS,
      exchangeId: 'binance',
      publicApiUrl: exchange.publicApiUrl,
      timeoutMs: 1_000,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      ...overrides,
    });
    providers.push(provider);
    return provider;
  };

  beforeAll(async () => {
    exchange = await startFakeExchange([
      { base: 'BTC', quote: 'USDT', candles: BTC, quoteVolume: 9e9 },
      { base: 'ETH', quote: 'USDT', candles: ETH, quoteVolume: 5e9 },
      { base: 'USDC', quote: 'USDT', candles: syntheticCandles(START, 30, 1, 3), quoteVolume: 9.9e9 },
      { base: 'BTCUP', quote: 'USDT', candles: syntheticCandles(START, 30, 5, 4), quoteVolume: 9.8e9 },
      { base: 'DOGE', quote: 'USDT', candles: syntheticCandles(START, 30, 0.1, 5), quoteVolume: 1e9 },
      { base: 'ETH', quote: 'BTC', candles: syntheticCandles(START, 30, 0.05, 6), quoteVolume: 9.7e9 },
    ]);
  });
  afterEach(async () => {
    exchange.setMode('ok');
    exchange.failNext(0, 'timeout');
    await Promise.all(providers.splice(0).map((p) => p.close()));
  });
  afterAll(async () => {
    await exchange.close();
  });

  it('lists spot markets from exchangeInfo in unified form', async () => {
    const markets = await makeProvider().listMarkets();
    expect(markets.map((m) => m.symbol)).toEqual(['BTC/USDT', 'BTCUP/USDT', 'DOGE/USDT', 'ETH/BTC', 'ETH/USDT', 'USDC/USDT']);
    expect(markets.find((m) => m.symbol === 'ETH/BTC')).toEqual({ symbol: 'ETH/BTC', base: 'ETH', quote: 'BTC' });
  });

  it('defaults to the largest USDT pairs by quote volume, skipping stablecoins and leveraged tokens', async () => {
    expect(await makeProvider().defaultSymbols(2)).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(await makeProvider().defaultSymbols(20)).toEqual(['BTC/USDT', 'ETH/USDT', 'DOGE/USDT']);
  });

  it('fetches klines as candles from `since`, oldest first, honouring limit', async () => {
    const since = START + 10 * HOUR;
    const candles = await makeProvider().fetchCandles('BTC/USDT', '1h', since, 5);
    expect(candles).toHaveLength(5);
    expect(candles.map((c) => c.openTime)).toEqual([10, 11, 12, 13, 14].map((i) => START + i * HOUR));
    expect(candles[0]!.close).toBeCloseTo(BTC[10]!.close, 6);
    expect(candles[0]!.volume).toBeCloseTo(BTC[10]!.volume, 6);
  });

  it('serves daily candles aggregated by the exchange', async () => {
    const candles = await makeProvider().fetchCandles('ETH/USDT', '1d', START, 10);
    expect(candles).toHaveLength(3);
    expect(candles[1]!.open).toBeCloseTo(ETH[24]!.open, 6);
    expect(candles[1]!.close).toBeCloseTo(ETH[47]!.close, 6);
  });

  it('maps 24h tickers (price, percent change, base volume)', async () => {
    const [btc, eth] = await makeProvider().fetchTickers(['BTC/USDT', 'ETH/USDT', 'NOPE/USDT']);
    expect(btc!.symbol).toBe('BTC/USDT');
    expect(btc!.price).toBeCloseTo(BTC.at(-1)!.close, 6);
    const expectedChange = ((BTC.at(-1)!.close - BTC.at(-25)!.close) / BTC.at(-25)!.close) * 100;
    expect(btc!.change24h).toBeCloseTo(expectedChange, 2);
    expect(btc!.volume24h).toBeCloseTo(
      BTC.slice(-24).reduce((s, c) => s + c.volume, 0),
      4,
    );
    expect(eth!.symbol).toBe('ETH/USDT');
  });

  it('retries 429 answers with backoff and then succeeds', async () => {
    const provider = makeProvider();
    await provider.listMarkets();
    const before = exchange.requests.length;
    exchange.failNext(2, 'rate-limit');
    const candles = await provider.fetchCandles('BTC/USDT', '1h', START, 3);
    expect(candles).toHaveLength(3);
    expect(exchange.requests.slice(before)).toEqual(['/api/v3/klines', '/api/v3/klines', '/api/v3/klines']);
  });

  it('retries a request that times out, within the configured timeout', async () => {
    const provider = makeProvider({ timeoutMs: 300 });
    await provider.listMarkets();
    exchange.failNext(1, 'timeout');
    const started = Date.now();
    const tickers = await provider.fetchTickers(['BTC/USDT']);
    expect(tickers).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('gives up after maxAttempts on a hanging exchange with MarketDataUnavailableError', async () => {
    const provider = makeProvider({ timeoutMs: 200, maxAttempts: 3 });
    await provider.listMarkets();
    exchange.setMode('timeout');
    const before = exchange.requests.length;
    const started = Date.now();
    await expect(provider.fetchCandles('BTC/USDT', '1h', START, 3)).rejects.toBeInstanceOf(MarketDataUnavailableError);
    expect(exchange.requests.length - before).toBe(3);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('treats malformed JSON as a failure (never as an empty range) and retries it', async () => {
    const provider = makeProvider({ maxAttempts: 2 });
    exchange.setMode('malformed');
    await expect(provider.listMarkets()).rejects.toBeInstanceOf(MarketDataUnavailableError);
    exchange.setMode('ok');
    await provider.listMarkets();
    exchange.setMode('malformed');
    await expect(provider.fetchCandles('BTC/USDT', '1h', START, 3)).rejects.toThrow(/malformed JSON/);
    exchange.setMode('ok');
    exchange.failNext(1, 'malformed');
    expect(await provider.fetchCandles('BTC/USDT', '1h', START, 3)).toHaveLength(3);
  });

  it('opens the circuit after consecutive failures and fails fast without calling the exchange', async () => {
    const provider = makeProvider({ timeoutMs: 150, maxAttempts: 1, breakerThreshold: 2, breakerHalfOpenMs: 60_000 });
    await provider.listMarkets();
    exchange.setMode('server-error');
    await expect(provider.fetchTickers(['BTC/USDT'])).rejects.toBeInstanceOf(MarketDataUnavailableError);
    await expect(provider.fetchTickers(['BTC/USDT'])).rejects.toBeInstanceOf(MarketDataUnavailableError);
    exchange.setMode('ok');
    const before = exchange.requests.length;
    const started = Date.now();
    await expect(provider.fetchTickers(['BTC/USDT'])).rejects.toThrow(/circuit open/);
    expect(Date.now() - started).toBeLessThan(50);
    expect(exchange.requests.length).toBe(before);
  });

  it('closes the circuit again after the half-open delay once the exchange recovers', async () => {
    const provider = makeProvider({ timeoutMs: 150, maxAttempts: 1, breakerThreshold: 1, breakerHalfOpenMs: 200 });
    await provider.listMarkets();
    exchange.setMode('rate-limit');
    await expect(provider.fetchTickers(['ETH/USDT'])).rejects.toBeInstanceOf(MarketDataUnavailableError);
    await expect(provider.fetchTickers(['ETH/USDT'])).rejects.toThrow(/circuit open/);
    exchange.setMode('ok');
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await provider.fetchTickers(['ETH/USDT'])).toHaveLength(1);
  });

  it("paces requests with the exchange's rate limit (ccxt enableRateLimit)", async () => {
    const provider = makeProvider();
    await provider.listMarkets();
    const before = exchange.requests.length;
    const started = Date.now();
    await Promise.all(Array.from({ length: 10 }, () => provider.fetchCandles('BTC/USDT', '1h', START, 2)));
    expect(exchange.requests.length - before).toBe(10);
    // Unthrottled, 10 loopback requests take a few ms; ccxt's limiter (Binance: 50 ms per unit of request cost,
    // klines cost ≥ 1 unit here less a burst of one or two) spaces them over several hundred.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('refuses an unknown exchange id', () => {
    expect(() => new CcxtMarketDataProvider({ ...DEFAULT_CCXT_OPTIONS, exchangeId: 'no-such-exchange' })).toThrow(/Unknown ccxt exchange/);
  });
});
