// Pure market-table logic: applying live ticks, sorting, filtering. No React here.

export interface Market {
  symbol: string;
  base: string;
  quote: string;
  price: number;
  change24h: number;
  volume24h: number;
  updatedAt: string;
}

export interface MarketsResponse {
  source: 'ccxt' | 'replay';
  exchange: string;
  markets: Market[];
}

export interface Tick {
  symbol: string;
  price: number | string;
  change24h: number | string;
  volume24h: number | string;
  timestamp: string;
}

/**
 * Raw market as the server may send it (a superset of the generated MarketDto): decimals as strings, null before the
 * first ticker, `lastUpdate` as the wire name of updatedAt.
 */
export interface RawMarket {
  symbol: string;
  base: string;
  quote: string;
  price: number | string | null;
  change24h: number | string | null;
  volume24h: number | string | null;
  updatedAt?: string;
  lastUpdate?: string | null;
}

/** Normalises the wire format once, at the fetcher, so the table only ever sees numbers. */
export function normaliseMarkets(body: { source: MarketsResponse['source']; exchange: string; markets: RawMarket[] }): MarketsResponse {
  return {
    source: body.source,
    exchange: body.exchange,
    markets: body.markets.map((m) => ({
      symbol: m.symbol,
      base: m.base,
      quote: m.quote,
      price: Number(m.price),
      change24h: Number(m.change24h),
      volume24h: Number(m.volume24h),
      updatedAt: m.updatedAt ?? m.lastUpdate ?? new Date(0).toISOString(),
    })),
  };
}

/** Returns a new response with the tick applied, or the same object when nothing changes (no re-render). */
export function applyTicker(response: MarketsResponse | undefined, tick: Tick): MarketsResponse | undefined {
  if (!response) return response;
  const index = response.markets.findIndex((market) => market.symbol === tick.symbol);
  if (index < 0) return response;
  const current = response.markets[index]!;
  // Ticks may arrive out of order after a reconnect: never go back in time.
  if (Date.parse(tick.timestamp) < Date.parse(current.updatedAt)) return response;
  const markets = response.markets.slice();
  markets[index] = {
    ...current,
    price: Number(tick.price),
    change24h: Number(tick.change24h),
    volume24h: Number(tick.volume24h),
    updatedAt: tick.timestamp,
  };
  return { ...response, markets };
}

export type SortKey = 'symbol' | 'price' | 'change24h' | 'volume24h';
export type SortDirection = 'asc' | 'desc';

export function sortMarkets(markets: readonly Market[], key: SortKey, dir: SortDirection): Market[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...markets].sort((a, b) => {
    const order = key === 'symbol' ? a.symbol.localeCompare(b.symbol) : a[key] - b[key];
    return order * sign || a.symbol.localeCompare(b.symbol);
  });
}

export function filterMarkets(markets: readonly Market[], query: string): Market[] {
  const needle = query.trim().toUpperCase();
  if (!needle) return [...markets];
  return markets.filter((market) => market.symbol.toUpperCase().includes(needle) || market.base.toUpperCase().startsWith(needle));
}

/** SVG polyline points for a sparkline of closes, scaled into width × height. */
export function sparklinePoints(values: readonly number[], width: number, height: number): string {
  if (values.length < 2) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const span = max - min || 1;
  const step = width / (values.length - 1);
  return values.map((value, i) => `${(i * step).toFixed(1)},${(height - ((value - min) / span) * height).toFixed(1)}`).join(' ');
}
