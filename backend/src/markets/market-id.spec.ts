import { describe, expect, it } from 'vitest';
import type { Env } from '../config/env.schema';
import { exchangeSpecs, priceExchangeOrder } from './exchanges-config';
import { MarketIds } from './market-id';
import { MarketDataRouter, refusedAdvice } from './market-data-router';
import { MarketDataRefusedError, MarketDataUnavailableError, type MarketDataProvider, type ProviderTicker } from './market-data-provider';
import { marketLabel, pairOf, parseSymbol, splitSymbol } from './symbols';

describe('market ids', () => {
  const ids = new MarketIds('binance', ['binance', 'kraken']);

  it('keeps bare symbols on the home exchange and suffixes the others', () => {
    expect(ids.id('binance', 'BTC/USDT')).toBe('BTC/USDT');
    expect(ids.id('kraken', 'BTC/USDT')).toBe('BTC/USDT@kraken');
    expect(ids.ref('BTC/USDT')).toEqual({ exchange: 'binance', symbol: 'BTC/USDT' });
    expect(ids.ref('BTC/USDT@kraken')).toEqual({ exchange: 'kraken', symbol: 'BTC/USDT' });
  });

  it.each([
    ['btc-usdt', 'BTC/USDT'],
    ['BTCUSDT@Kraken', 'BTC/USDT@kraken'],
    ['BTC/USDT@binance', 'BTC/USDT'], // the home exchange spelled out is the bare id
    [' eth_usdt@kraken ', 'ETH/USDT@kraken'],
  ])('reads %j as %s', (input, expected) => {
    expect(ids.parse(input)).toBe(expected);
  });

  it.each(['BTC/USDT@', '@kraken', 'BTC/USDT@kra ken', 'BTC/USDT@1x', 'BTC@kraken'])('rejects %j', (input) => {
    expect(parseSymbol(input)).toBeUndefined();
  });

  it('splits, labels and groups market ids', () => {
    expect(splitSymbol('SOL/USDT@kraken')).toEqual({ base: 'SOL', quote: 'USDT' });
    expect(pairOf('SOL/USDT@kraken')).toBe('SOL/USDT');
    expect(marketLabel('SOL/USDT@kraken')).toBe('SOL/USDT on kraken');
    expect(marketLabel('SOL/USDT')).toBe('SOL/USDT');
    expect([...ids.byExchange(['A/USDT', 'B/USDT@kraken', 'C/USDT'])]).toEqual([
      ['binance', { ids: ['A/USDT', 'C/USDT'], symbols: ['A/USDT', 'C/USDT'] }],
      ['kraken', { ids: ['B/USDT@kraken'], symbols: ['B/USDT'] }],
    ]);
  });
});

describe('exchange configuration', () => {
  const env = (overrides: Partial<Env>): Env =>
    ({
      EXCHANGES: [],
      EXCHANGE_ID: 'binance',
      MARKET_SOURCE: 'ccxt',
      EXCHANGE_API_URLS: [],
      EXCHANGE_WS_URLS: [],
      PRICE_EXCHANGES: [],
      REPLAY_SPEED: 1,
      ...overrides,
    }) as unknown as Env;
  const known = (id: string) => ['binance', 'kraken', 'binanceus'].includes(id);

  it('defaults to the one exchange of MARKET_SOURCE / EXCHANGE_ID, with its old URL overrides', () => {
    expect(exchangeSpecs(env({ EXCHANGE_PUBLIC_API_URL: 'http://127.0.0.1:1/api' }), known)).toEqual([
      { id: 'binance', kind: 'ccxt', publicApiUrl: 'http://127.0.0.1:1/api', wsUrl: undefined },
    ]);
    expect(exchangeSpecs(env({ MARKET_SOURCE: 'replay' }), known)).toEqual([{ id: 'replay', kind: 'replay' }]);
  });

  it('configures several exchanges, each with its own overrides, and refuses what it cannot honour', () => {
    expect(exchangeSpecs(env({ EXCHANGES: ['replay', 'Kraken'], EXCHANGE_API_URLS: ['kraken=http://127.0.0.1:2'] }), known)).toEqual([
      { id: 'replay', kind: 'replay' },
      { id: 'kraken', kind: 'ccxt', publicApiUrl: 'http://127.0.0.1:2', wsUrl: undefined },
    ]);
    expect(() => exchangeSpecs(env({ EXCHANGES: ['binance', 'nosuch'] }), known)).toThrow(/"nosuch" is not an exchange ccxt knows/);
    expect(() => exchangeSpecs(env({ EXCHANGES: ['binance', 'binance'] }), known)).toThrow(/listed twice/);
    expect(() => exchangeSpecs(env({ EXCHANGE_API_URLS: ['kraken=http://127.0.0.1:2'] }), known)).toThrow(/not in EXCHANGES/);
    expect(() => exchangeSpecs(env({ EXCHANGE_API_URLS: ['kraken'], EXCHANGES: ['kraken'] }), known)).toThrow(/is not exchange=url/);
    expect(() => exchangeSpecs(env({ EXCHANGES: ['replay', 'binance'], REPLAY_SPEED: 60 }), known)).toThrow(/REPLAY_SPEED must be 1/);
  });

  it('orders prices by PRICE_EXCHANGES, then the rest of EXCHANGES', () => {
    expect(priceExchangeOrder(env({ PRICE_EXCHANGES: ['kraken'] }), ['binance', 'replay', 'kraken'])).toEqual(['kraken', 'binance', 'replay']);
    expect(() => priceExchangeOrder(env({ PRICE_EXCHANGES: ['okx'] }), ['binance'])).toThrow(/PRICE_EXCHANGES: "okx" is not in EXCHANGES/);
  });
});

describe('MarketDataRouter', () => {
  const provider = (exchange: string, fetchTickers: (symbols: string[]) => Promise<ProviderTicker[]>): MarketDataProvider =>
    ({
      source: 'ccxt',
      exchange,
      listMarkets: async () => [],
      defaultSymbols: async () => [],
      fetchCandles: async () => [],
      fetchTickers,
      now: () => 0,
      close: async () => undefined,
    }) as MarketDataProvider;
  const ticker = (symbol: string, price: number): ProviderTicker => ({ symbol, price, change24h: 0, volume24h: 0, quoteVolume24h: 0, timestamp: 1 });

  it('asks each exchange for its own pairs and hands back market ids; one failing exchange does not stop the others', async () => {
    const asked: string[][] = [];
    const router = new MarketDataRouter([
      provider('binance', async (symbols) => (asked.push(symbols), symbols.map((s) => ticker(s, 1)))),
      provider('kraken', async () => {
        throw new MarketDataUnavailableError('kraken fetchTickers failed: 503');
      }),
    ]);
    const tickers = await router.fetchTickers(['BTC/USDT', 'BTC/USDT@kraken', 'ETH/USDT']);
    expect(asked).toEqual([['BTC/USDT', 'ETH/USDT']]);
    expect(tickers.map((t) => [t.symbol, t.source])).toEqual([
      ['BTC/USDT', 'ccxt'],
      ['ETH/USDT', 'ccxt'],
    ]);
    expect(router.status().map((s) => [s.exchange, s.state])).toEqual([
      ['binance', 'ok'],
      ['kraken', 'unreachable'],
    ]);
    // Never reached since start: the advice to use the replay source comes with it.
    expect(router.status()[1]!.message).toMatch(/MARKET_SOURCE=replay/);
  });

  it('records a refused region with the advice to add another exchange', async () => {
    const seen: string[] = [];
    const router = new MarketDataRouter(
      [
        provider('binance', async () => {
          throw new MarketDataRefusedError('binance refused fetchTickers');
        }),
      ],
      (status) => seen.push(`${status.exchange}:${status.state}`),
    );
    await expect(router.fetchTickers(['BTC/USDT'])).rejects.toBeInstanceOf(MarketDataRefusedError);
    expect(seen).toEqual(['binance:refused']);
    expect(router.status()[0]!.message).toBe(refusedAdvice('binance', ['binance']));
    expect(refusedAdvice('binance', ['binance'])).toMatch(/Add another exchange, e\.g\. EXCHANGES=kraken,binance/);
  });
});
