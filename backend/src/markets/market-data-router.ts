import { Candle, Timeframe } from './candle';
import { MarketIds } from './market-id';
import { exchangeDisplayName } from './exchanges-config';
import { MarketDataProvider, MarketDataRefusedError, MarketDataUnavailableError, MarketInfo, ProviderTicker } from './market-data-provider';
import { MarketSource } from './tick';

/** What the install knows of one exchange's health, as GET /markets and the dashboard show it. */
export interface ExchangeStatus {
  exchange: string;
  /** ok: last call answered; refused: the exchange refuses this server (HTTP 451/403, region); unreachable; unknown: not asked yet. */
  state: 'ok' | 'refused' | 'unreachable' | 'unknown';
  /** For people: what happened and what to do (empty when ok). */
  message: string | null;
  /** Epoch ms of the last change. */
  since: number;
}

/** Advice for a refused region: the fix is another exchange, not retries. `nameOf` gives exchanges' names for people. */
export function refusedAdvice(exchange: string, configured: readonly string[], nameOf: (id: string) => string = (id) => exchangeDisplayName(id)): string {
  const others = configured.filter((id) => id !== exchange);
  const example = ['kraken', 'coinbase', 'okx', 'bitstamp'].find((id) => id !== exchange) ?? 'kraken';
  return (
    `${nameOf(exchange)} refuses requests from this server's location (it answered HTTP 451/403). ` +
    (others.length > 0
      ? `Prices keep coming from ${others.map(nameOf).join(', ')}; add the markets you need there.`
      : `Add another exchange, e.g. EXCHANGES=${example},${exchange}, and restart.`)
  );
}

/** Advice when an exchange cannot be reached on the very first start (no network): the replay source works offline. */
export function offlineAdvice(exchange: string): string {
  return (
    `${exchange} cannot be reached (no network?). To run without network, start with the replay source: ` +
    `MARKET_SOURCE=replay REPLAY_DIR=<folder of {BASE}{QUOTE}_1h.csv files> npm start, or add it beside the exchange: EXCHANGES=replay,${exchange}.`
  );
}

/**
 * Several market data sources behind the one MarketDataProvider interface, addressed by market id (market-id.ts):
 * `BTC/USDT` goes to the home exchange, `BTC/USDT@kraken` to kraken. Each exchange keeps its own client, rate limiter,
 * retries and circuit breaker (its provider's); one exchange failing never stops the others' tickers. The health of
 * each exchange is recorded from the outcome of its calls (ExchangeStatus; onStatus hears every change).
 */
export class MarketDataRouter implements MarketDataProvider {
  readonly ids: MarketIds;
  private readonly providers = new Map<string, MarketDataProvider>();
  private readonly statuses = new Map<string, ExchangeStatus>();
  private readonly everReached = new Set<string>();

  constructor(
    providers: readonly MarketDataProvider[],
    private readonly onStatus: (status: ExchangeStatus) => void = () => undefined,
  ) {
    if (providers.length === 0) throw new Error('at least one exchange is needed');
    for (const provider of providers) {
      this.providers.set(provider.exchange, provider);
      this.statuses.set(provider.exchange, { exchange: provider.exchange, state: 'unknown', message: null, since: Date.now() });
    }
    this.ids = new MarketIds(providers[0]!.exchange, [...this.providers.keys()]);
  }

  /** The home exchange's. */
  get source(): MarketSource {
    return this.home.source;
  }

  /** The home exchange (where bare symbols live). */
  get exchange(): string {
    return this.ids.home;
  }

  get home(): MarketDataProvider {
    return this.providers.get(this.ids.home)!;
  }

  /** Every exchange, home first. */
  list(): MarketDataProvider[] {
    return [...this.providers.values()];
  }

  get(exchange: string): MarketDataProvider | undefined {
    return this.providers.get(exchange);
  }

  /** The provider of a market's exchange; a market on an exchange that is not configured is a MarketDataUnavailableError. */
  providerOf(market: string): MarketDataProvider {
    const exchange = this.ids.exchangeOf(market);
    const provider = this.providers.get(exchange);
    if (!provider) throw new MarketDataUnavailableError(`${exchange} is not among the configured exchanges (EXCHANGES=${this.ids.exchanges.join(',')})`);
    return provider;
  }

  sourceOf(market: string): MarketSource {
    return this.providers.get(this.ids.exchangeOf(market))?.source ?? this.source;
  }

  /** "now" of the market's own source (the replay clock may differ from an exchange's). */
  nowFor(market: string): number {
    return (this.providers.get(this.ids.exchangeOf(market)) ?? this.home).now();
  }

  status(): ExchangeStatus[] {
    return [...this.statuses.values()];
  }

  /** Runs one call of `exchange`'s provider and records what it says of the exchange's health. */
  async track<T>(exchange: string, call: () => Promise<T>): Promise<T> {
    try {
      const result = await call();
      this.everReached.add(exchange);
      this.record(exchange, 'ok', null);
      return result;
    } catch (error) {
      if (error instanceof MarketDataRefusedError) {
        this.record(
          exchange,
          'refused',
          refusedAdvice(exchange, this.ids.exchanges, (id) => exchangeDisplayName(id, this.providers.get(id)?.name)),
        );
      } else if (error instanceof MarketDataUnavailableError) {
        const hint = this.everReached.has(exchange) ? '' : ` ${offlineAdvice(exchange)}`;
        this.record(exchange, 'unreachable', `${error.message.slice(0, 200)}.${hint}`);
      }
      throw error;
    }
  }

  private record(exchange: string, state: ExchangeStatus['state'], message: string | null): void {
    const previous = this.statuses.get(exchange);
    if (previous && previous.state === state && previous.message === message) return;
    const status = { exchange, state, message, since: Date.now() };
    this.statuses.set(exchange, status);
    this.onStatus(status);
  }

  /** Every exchange's spot markets, `symbol` as market id; an exchange that fails is left out unless all fail. */
  async listMarkets(): Promise<MarketInfo[]> {
    const lists = await Promise.allSettled(this.list().map((provider) => this.listMarketsOf(provider.exchange)));
    const ok = lists.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (ok.length === 0) throw (lists[0] as PromiseRejectedResult).reason;
    return ok.flat();
  }

  /** One exchange's spot markets, `symbol` as market id. */
  async listMarketsOf(exchange: string): Promise<MarketInfo[]> {
    const provider = this.providers.get(exchange);
    if (!provider) throw new MarketDataUnavailableError(`${exchange} is not among the configured exchanges (EXCHANGES=${this.ids.exchanges.join(',')})`);
    const markets = await this.track(exchange, () => provider.listMarkets());
    return markets.map((market) => ({ ...market, symbol: this.ids.id(exchange, market.symbol) }));
  }

  /** The home exchange's default list (only the home catalogue is seeded without TRACKED_SYMBOLS). */
  async defaultSymbols(count: number): Promise<string[]> {
    return this.track(this.ids.home, () => this.home.defaultSymbols(count));
  }

  async fetchCandles(market: string, timeframe: Timeframe, since: number, limit: number): Promise<Candle[]> {
    const provider = this.providerOf(market);
    const { symbol } = this.ids.ref(market);
    return this.track(provider.exchange, () => provider.fetchCandles(symbol, timeframe, since, limit));
  }

  /**
   * Tickers of market ids, each exchange asked once (in parallel); their `symbol` is the market id and `source` their
   * exchange's. An exchange that fails is left out (its markets keep their last price) unless every one fails.
   */
  async fetchTickers(markets: string[]): Promise<ProviderTicker[]> {
    const groups = [...this.ids.byExchange(markets)].filter(([exchange]) => this.providers.has(exchange));
    const results = await Promise.allSettled(
      groups.map(async ([exchange, group]) => {
        const provider = this.providers.get(exchange)!;
        const tickers = await this.track(exchange, () => provider.fetchTickers(group.symbols));
        return tickers.map((ticker) => ({ ...ticker, symbol: this.ids.id(exchange, ticker.symbol), source: provider.source }));
      }),
    );
    const ok = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
    if (ok.length === 0 && results.length > 0) throw (results[0] as PromiseRejectedResult).reason;
    return ok.flat();
  }

  now(): number {
    return this.home.now();
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((provider) => provider.close()));
  }
}
