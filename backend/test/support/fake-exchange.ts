import { AddressInfo } from 'node:net';
import http from 'node:http';
import { aggregateCandles } from '../../src/markets/aggregate';
import { Candle, TIMEFRAME_MS, Timeframe, isTimeframe } from '../../src/markets/candle';

/**
 * A loopback fake of Binance's public spot REST API (the subset ccxt uses for markets, klines and 24h tickers),
 * so tests run the real ccxt client end to end. Failure modes make the exchange hang, rate-limit (429) or answer
 * malformed JSON, either until changed or for the next N requests.
 */
export type FakeExchangeMode = 'ok' | 'timeout' | 'rate-limit' | 'malformed' | 'server-error' | 'region-refused';

export interface FakeMarket {
  base: string;
  quote: string;
  /** 1h candles, oldest first; 1d klines are aggregated from them. */
  candles: Candle[];
  /** Overrides for the 24h ticker (defaults come from the candles). */
  quoteVolume?: number;
}

export interface FakeExchange {
  /** e.g. `http://127.0.0.1:41234/api/v3` — give it to ccxt as `urls.api.public`. */
  readonly publicApiUrl: string;
  /** Every request path served so far (without query string), in order. */
  readonly requests: string[];
  setMode(mode: FakeExchangeMode): void;
  /** Fail only the next `count` requests with `mode`, then answer normally again. */
  failNext(count: number, mode: Exclude<FakeExchangeMode, 'ok'>): void;
  /** Replaces or adds the market of `${base}${quote}`. */
  setMarket(market: FakeMarket): void;
  close(): Promise<void>;
}

/** A deterministic random walk of hourly candles, handy for fixtures. */
export function syntheticCandles(start: number, count: number, startPrice = 100, seed = 1): Candle[] {
  const candles: Candle[] = [];
  let price = startPrice;
  let state = seed;
  const random = (): number => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  for (let i = 0; i < count; i++) {
    const open = price;
    const close = Math.max(0.0001, open * (1 + (random() - 0.5) * 0.02));
    const high = Math.max(open, close) * (1 + random() * 0.005);
    const low = Math.min(open, close) * (1 - random() * 0.005);
    candles.push({ openTime: start + i * TIMEFRAME_MS['1h'], open, high, low, close, volume: 10 + random() * 100 });
    price = close;
  }
  return candles;
}

function exchangeSymbol(market: FakeMarket): string {
  return `${market.base}${market.quote}`;
}

function symbolInfo(market: FakeMarket): Record<string, unknown> {
  return {
    symbol: exchangeSymbol(market),
    status: 'TRADING',
    baseAsset: market.base,
    baseAssetPrecision: 8,
    quoteAsset: market.quote,
    quotePrecision: 8,
    quoteAssetPrecision: 8,
    orderTypes: ['LIMIT', 'MARKET'],
    icebergAllowed: true,
    ocoAllowed: true,
    isSpotTradingAllowed: true,
    isMarginTradingAllowed: false,
    filters: [
      { filterType: 'PRICE_FILTER', minPrice: '0.00000001', maxPrice: '1000000.00000000', tickSize: '0.00000001' },
      { filterType: 'LOT_SIZE', minQty: '0.00000001', maxQty: '9000000.00000000', stepSize: '0.00000001' },
    ],
    permissions: ['SPOT'],
    permissionSets: [['SPOT']],
  };
}

function kline(candle: Candle, timeframe: Timeframe): unknown[] {
  return [
    candle.openTime,
    candle.open.toFixed(8),
    candle.high.toFixed(8),
    candle.low.toFixed(8),
    candle.close.toFixed(8),
    candle.volume.toFixed(8),
    candle.openTime + TIMEFRAME_MS[timeframe] - 1,
    (candle.volume * candle.close).toFixed(8),
    100,
    '0',
    '0',
    '0',
  ];
}

function ticker24h(market: FakeMarket, now: number): Record<string, unknown> {
  const last = market.candles.at(-1)!;
  const dayAgo = market.candles.at(-25) ?? market.candles[0]!;
  const window = market.candles.slice(-24);
  const volume = window.reduce((sum, c) => sum + c.volume, 0);
  const change = last.close - dayAgo.close;
  return {
    symbol: exchangeSymbol(market),
    priceChange: change.toFixed(8),
    priceChangePercent: ((change / dayAgo.close) * 100).toFixed(3),
    weightedAvgPrice: last.close.toFixed(8),
    prevClosePrice: dayAgo.close.toFixed(8),
    lastPrice: last.close.toFixed(8),
    lastQty: '1.00000000',
    bidPrice: last.close.toFixed(8),
    bidQty: '1.00000000',
    askPrice: last.close.toFixed(8),
    askQty: '1.00000000',
    openPrice: dayAgo.close.toFixed(8),
    highPrice: Math.max(...window.map((c) => c.high)).toFixed(8),
    lowPrice: Math.min(...window.map((c) => c.low)).toFixed(8),
    volume: volume.toFixed(8),
    quoteVolume: (market.quoteVolume ?? volume * last.close).toFixed(8),
    openTime: now - 86_400_000,
    closeTime: now,
    firstId: 1,
    lastId: 100,
    count: 100,
  };
}

export async function startFakeExchange(markets: FakeMarket[], clock: () => number = Date.now): Promise<FakeExchange> {
  const bySymbol = new Map(markets.map((market) => [exchangeSymbol(market), market]));
  const requests: string[] = [];
  const hanging = new Set<http.ServerResponse>();
  let mode: FakeExchangeMode = 'ok';
  let failures: { count: number; mode: Exclude<FakeExchangeMode, 'ok'> } | undefined;

  const send = (res: http.ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url.pathname);
    let current: FakeExchangeMode = mode;
    if (failures && failures.count > 0) {
      current = failures.mode;
      failures.count -= 1;
    }
    switch (current) {
      case 'timeout':
        hanging.add(res); // never answered; the client's timeout has to fire
        res.on('close', () => hanging.delete(res));
        return;
      case 'rate-limit':
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        res.end(JSON.stringify({ code: -1003, msg: 'Too many requests; current limit is 6000 request weight per 1 MINUTE.' }));
        return;
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"symbols": [{"symbol": "BTCUSDT", "status": ');
        return;
      case 'server-error':
        send(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
        return;
      case 'region-refused':
        // What Binance answers from a restricted region (HTTP 451).
        send(res, 451, {
          code: 0,
          msg: "Service unavailable from a restricted location according to 'b. Eligibility' in https://www.binance.com/en/terms.",
        });
        return;
      case 'ok':
        break;
    }
    const params = url.searchParams;
    switch (url.pathname) {
      case '/api/v3/ping':
        return send(res, 200, {});
      case '/api/v3/time':
        return send(res, 200, { serverTime: clock() });
      case '/api/v3/exchangeInfo':
        return send(res, 200, {
          timezone: 'UTC',
          serverTime: clock(),
          rateLimits: [],
          exchangeFilters: [],
          symbols: [...bySymbol.values()].map(symbolInfo),
        });
      case '/api/v3/klines': {
        const market = bySymbol.get(params.get('symbol') ?? '');
        const interval = params.get('interval') ?? '';
        if (!market || !isTimeframe(interval)) return send(res, 400, { code: -1121, msg: 'Invalid symbol.' });
        const startTime = Number(params.get('startTime') ?? 0);
        const endTime = Number(params.get('endTime') ?? Number.MAX_SAFE_INTEGER);
        const limit = Math.min(1000, Number(params.get('limit') ?? 500));
        const series = interval === '1h' ? market.candles : aggregateCandles(market.candles, interval);
        const rows = series
          .filter((c) => c.openTime >= startTime && c.openTime <= endTime)
          .slice(0, limit)
          .map((c) => kline(c, interval));
        return send(res, 200, rows);
      }
      case '/api/v3/ticker/24hr': {
        const wanted = params.get('symbols') ? (JSON.parse(params.get('symbols')!) as string[]) : [...bySymbol.keys()];
        const rows = wanted.flatMap((symbol) => {
          const market = bySymbol.get(symbol);
          return market ? [ticker24h(market, clock())] : [];
        });
        return send(res, 200, rows);
      }
      default:
        return send(res, 404, { code: -1, msg: `fake exchange: no route ${url.pathname}` });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    publicApiUrl: `http://127.0.0.1:${port}/api/v3`,
    requests,
    setMode: (next) => {
      mode = next;
    },
    failNext: (count, failMode) => {
      failures = { count, mode: failMode };
    },
    setMarket: (market) => {
      bySymbol.set(exchangeSymbol(market), market);
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
