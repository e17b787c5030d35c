import * as ccxt from 'ccxt';
import type { ProviderTicker } from '../market-data-provider';
import type { LiveTickerSource } from '../live-tickers';
import { ccxtClientConfig, toProviderTicker } from './ccxt-shared';

export interface CcxtLiveTickerOptions {
  exchangeId: string;
  timeoutMs: number;
  /** Replaces the exchange's public REST base (markets are loaded over REST before subscribing). */
  publicApiUrl?: string;
  /** Replaces the exchange's websocket base (a mirror; the tests point it at a loopback fake). */
  wsUrl?: string;
}

type ProExchangeConstructor = new (config: Record<string, unknown>) => ccxt.Exchange;

function proClass(exchangeId: string): ProExchangeConstructor | undefined {
  const ExchangeClass = (ccxt.pro as unknown as Record<string, unknown>)[exchangeId];
  return typeof ExchangeClass === 'function' ? (ExchangeClass as ProExchangeConstructor) : undefined;
}

/** Whether ccxt has a websocket client for this exchange that can watch several tickers at once. */
export function exchangeStreamsTickers(exchangeId: string): boolean {
  const ExchangeClass = proClass(exchangeId);
  if (!ExchangeClass) return false;
  const probe = new ExchangeClass({});
  return probe.has['watchTickers'] === true;
}

/** Sets every websocket base URL of the exchange (strings at any depth of `urls.api.ws`) to `url`. */
function overrideWsUrls(urls: Record<string, unknown>, url: string): void {
  for (const [key, value] of Object.entries(urls)) {
    if (typeof value === 'string') urls[key] = url;
    else if (value && typeof value === 'object') overrideWsUrls(value as Record<string, unknown>, url);
  }
}

/** LiveTickerSource over ccxt's built-in websocket support (`exchange.watchTickers`). */
export class CcxtLiveTickerSource implements LiveTickerSource {
  readonly exchange: string;
  private readonly client: ccxt.Exchange;
  private agentLoaded?: Promise<unknown>;
  /** The symbol list of the current subscription (a different list subscribes again). */
  private subscription = '';
  /** `price|timestamp` last handed on per symbol. */
  private readonly handedOn = new Map<string, string>();

  constructor(private readonly options: CcxtLiveTickerOptions) {
    const ExchangeClass = proClass(options.exchangeId);
    if (!ExchangeClass) throw new Error(`ccxt has no websocket client for "${options.exchangeId}"`);
    this.exchange = options.exchangeId;
    this.client = new ExchangeClass(ccxtClientConfig(options.timeoutMs));
    const api = this.client.urls['api'] as Record<string, unknown>;
    if (options.publicApiUrl) api['public'] = options.publicApiUrl;
    if (options.wsUrl) {
      if (typeof api['ws'] === 'string') api['ws'] = options.wsUrl;
      else overrideWsUrls(api['ws'] as Record<string, unknown>, options.wsUrl);
    }
  }

  async watch(symbols: string[]): Promise<ProviderTicker[]> {
    // ccxt needs its http agent loaded before it opens a plain ws:// connection (a mirror or the tests' fake).
    if (this.options.wsUrl?.startsWith('ws://')) await (this.agentLoaded ??= this.client.loadHttpProxyAgent());
    const markets = this.client.markets ?? (await this.client.loadMarkets());
    const known = symbols.filter((symbol) => markets[symbol] !== undefined);
    if (known.length === 0) return [];
    // watchTickers resolves with the first message only, but ccxt applies every message it reads to `client.tickers`:
    // so hand on everything that changed since the last call — what arrived while the caller was publishing the
    // previous batch comes back at once, without waiting for the next message.
    const subscription = known.join(',');
    if (subscription === this.subscription) {
      const pending = this.changedTickers(known);
      if (pending.length > 0) return pending;
    }
    await this.client.watchTickers(known);
    this.subscription = subscription;
    return this.changedTickers(known);
  }

  /** Tickers of `symbols` whose price or time moved since they were last handed on. */
  private changedTickers(symbols: string[]): ProviderTicker[] {
    const result: ProviderTicker[] = [];
    for (const symbol of symbols) {
      const ticker = toProviderTicker(symbol, this.client.tickers[symbol], Date.now);
      if (!ticker) continue;
      const version = `${ticker.price}|${this.client.tickers[symbol]!.timestamp}`;
      if (this.handedOn.get(symbol) === version) continue;
      this.handedOn.set(symbol, version);
      result.push(ticker);
    }
    return result;
  }

  async close(): Promise<void> {
    this.subscription = '';
    await this.client.close();
  }
}
