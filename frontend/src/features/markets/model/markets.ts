// Pure market-table logic: applying live ticks, sorting, filtering. No React here.

/** backfilling: its history is loading; collecting: not enough history for forecasts yet; forecasting: forecast every slot. */
export type MarketStage = 'backfilling' | 'collecting' | 'forecasting';

export interface BackfillProgress {
  fetched: number;
  expected: number;
  /** 0 to 100 */
  percent: number;
  etaSeconds: number | null;
  error: string | null;
}

export interface Market {
  /** Market id: `BTC/USDT` on the home exchange, `BTC/USDT@kraken` on another. */
  symbol: string;
  /** ccxt id of the market's exchange, and its name for people. */
  exchange: string;
  exchangeName: string;
  base: string;
  quote: string;
  price: number;
  change24h: number;
  volume24h: number;
  updatedAt: string;
  stage: MarketStage;
  historyDays: number;
  backfill: BackfillProgress | null;
}

/** One configured exchange and its health, as the server last saw it. */
export interface ExchangeStatus {
  exchange: string;
  name: string;
  home: boolean;
  state: 'ok' | 'refused' | 'unreachable' | 'unknown';
  /** What happened and what to do, written for people (null when fine). */
  message: string | null;
}

export interface MarketsResponse {
  source: 'ccxt' | 'replay';
  /** The home exchange. */
  exchange: string;
  exchanges: ExchangeStatus[];
  /** Days of hourly history a market needs before forecasts start. */
  forecastMinHistoryDays: number;
  markets: Market[];
}

/** The socket `market_backfill` event: a market's stage and backfill progress (to every client). */
export interface MarketBackfillEvent {
  symbol: string;
  base: string;
  quote: string;
  stage: MarketStage;
  historyDays: number;
  backfill: BackfillProgress | null;
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
  exchange?: string;
  exchangeName?: string;
  base: string;
  quote: string;
  price: number | string | null;
  change24h: number | string | null;
  volume24h: number | string | null;
  updatedAt?: string;
  lastUpdate?: string | null;
  stage?: MarketStage;
  historyDays?: number;
  backfill?: BackfillProgress | null;
}

/** Normalises the wire format once, at the fetcher, so the table only ever sees numbers. */
export function normaliseMarkets(body: {
  source: MarketsResponse['source'];
  exchange: string;
  exchanges?: ExchangeStatus[];
  forecastMinHistoryDays?: number;
  markets: RawMarket[];
}): MarketsResponse {
  const exchanges = body.exchanges ?? [{ exchange: body.exchange, name: exchangeLabel(body.exchange), home: true, state: 'unknown', message: null }];
  const names = new Map(exchanges.map((e) => [e.exchange, e.name]));
  return {
    source: body.source,
    exchange: body.exchange,
    exchanges,
    forecastMinHistoryDays: body.forecastMinHistoryDays ?? 2,
    markets: body.markets.map((m) => ({
      symbol: m.symbol,
      exchange: m.exchange ?? body.exchange,
      exchangeName: m.exchangeName ?? names.get(m.exchange ?? body.exchange) ?? exchangeLabel(m.exchange ?? body.exchange),
      base: m.base,
      quote: m.quote,
      price: Number(m.price),
      change24h: Number(m.change24h),
      volume24h: Number(m.volume24h),
      updatedAt: m.updatedAt ?? m.lastUpdate ?? new Date(0).toISOString(),
      stage: m.stage ?? 'forecasting',
      historyDays: m.historyDays ?? 0,
      backfill: m.backfill ?? null,
    })),
  };
}

/**
 * A new response with the market's stage and progress from a `market_backfill` event; the same object when the
 * market is not listed (the caller refetches the list: an admin added it) or nothing changed.
 */
export function applyBackfill(response: MarketsResponse | undefined, event: MarketBackfillEvent): MarketsResponse | undefined {
  if (!response) return response;
  const index = response.markets.findIndex((market) => market.symbol === event.symbol);
  if (index < 0) return response;
  const current = response.markets[index]!;
  // Events may arrive out of order: a running backfill never goes back.
  if (current.stage === 'backfilling' && event.stage === 'backfilling' && (event.backfill?.percent ?? 0) < (current.backfill?.percent ?? 0)) return response;
  const markets = response.markets.slice();
  markets[index] = { ...current, stage: event.stage, historyDays: event.historyDays, backfill: event.backfill };
  return { ...response, markets };
}

/** An exchange id as people read it when the server sent no name: `binance` → `Binance`. */
export function exchangeLabel(id: string): string {
  return id === 'replay' ? 'Replay' : id.charAt(0).toUpperCase() + id.slice(1);
}

/** Only the markets of one exchange (`undefined`: every exchange). */
export function onExchange(markets: readonly Market[], exchange: string | undefined): Market[] {
  return exchange ? markets.filter((market) => market.exchange === exchange) : [...markets];
}

/** Exchanges that need the investor's attention: refused (region) or unreachable, with what to do. */
export function troubledExchanges(exchanges: readonly ExchangeStatus[]): ExchangeStatus[] {
  return exchanges.filter((e) => e.state === 'refused' || e.state === 'unreachable');
}

/** "Binance", "Binance and Kraken", "Binance, Kraken and Coinbase". */
export function listNames(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** Only the starred markets. */
export function onlyWatched(markets: readonly Market[], watched: ReadonlySet<string>): Market[] {
  return markets.filter((market) => watched.has(market.symbol));
}

export interface StageWords {
  /** Short: "Loading history 42 %", "Collecting history", "Forecasting". */
  label: string;
  /** What it means for an investor, shown after the label ("Collecting history — forecasts start when …"). */
  detail: string;
}

/** What the stage of a market means, in words (durations come formatted from the caller). */
export function describeStage(market: Pick<Market, 'stage' | 'historyDays' | 'backfill'>, minDays: number, formatEta: (ms: number) => string): StageWords {
  if (market.stage === 'backfilling') {
    const percent = Math.floor(market.backfill?.percent ?? 0);
    const eta = market.backfill?.etaSeconds;
    const left = eta === null || eta === undefined || eta <= 0 ? '' : eta < 60 ? ', less than a minute left' : `, about ${formatEta(eta * 1000)} left`;
    return { label: `Loading history ${percent} %`, detail: `past prices are being loaded${left}; forecasts start once enough history is stored` };
  }
  if (market.stage === 'collecting') {
    const stopped = market.backfill?.error ? '; loading past prices stopped early, the rest is fetched in the background' : '';
    return { label: 'Collecting history', detail: `forecasts start when ${minDays} days are stored (${market.historyDays} so far)${stopped}` };
  }
  return { label: 'Forecasting', detail: 'forecast at every run; a market just added gets its first forecast at the next one' };
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
