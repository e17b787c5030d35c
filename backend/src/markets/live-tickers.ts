import type { ProviderTicker } from './market-data-provider';

/** DI token of the LiveTickerFeed, or null when tickers are only polled (replay, MARKET_STREAM=poll, no ws support). */
export const LIVE_TICKERS = Symbol('LIVE_TICKERS');

/**
 * An exchange's ticker stream (ccxt's built-in websocket client): `watch` resolves with the tickers that changed since
 * the previous call and rejects when the connection drops; the next call reconnects and subscribes again.
 */
export interface LiveTickerSource {
  readonly exchange: string;
  watch(symbols: string[]): Promise<ProviderTicker[]>;
  close(): Promise<void>;
}

export interface LiveTickerFeedOptions {
  /** The stream counts as live while its last batch is younger than this; after that REST polling takes over again. */
  staleAfterMs: number;
  /** First reconnect delay; later ones grow (decorrelated jitter) up to maxBackoffMs. */
  initialBackoffMs: number;
  maxBackoffMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface LiveTickerHandlers {
  /** The markets to watch, read before every call (the catalogue may change between batches). */
  symbols: () => string[] | Promise<string[]>;
  onTickers: (tickers: ProviderTicker[]) => Promise<void> | void;
  /** The first batch after one or more failures: what was missed meanwhile should be fetched over REST. */
  onReconnect: (failures: number) => void;
  /** A failed watch (the loop backs off, then tries again). */
  onError: (error: unknown, failures: number) => void;
}

export type LiveTickerState = 'stopped' | 'connecting' | 'live' | 'reconnecting';

/** Decorrelated-jitter backoff (AWS architecture blog): sleep = min(cap, random between base and 3 × the last sleep). */
export function nextBackoffMs(previousMs: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const upper = Math.max(baseMs, previousMs * 3);
  return Math.min(capMs, baseMs + random() * (upper - baseMs));
}

/**
 * Keeps one exchange ticker stream running: watch → hand the batch on → watch again; on a failure it waits (growing,
 * jittered backoff) and reconnects. `isLive()` says whether the stream currently delivers, so the caller polls REST
 * only when it does not (not connected yet, reconnecting, or silent for staleAfterMs).
 */
export class LiveTickerFeed {
  private state: LiveTickerState = 'stopped';
  private lastBatchAt = Number.NEGATIVE_INFINITY;
  private failures = 0;
  private loop?: Promise<void>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly source: LiveTickerSource,
    private readonly options: LiveTickerFeedOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()));
  }

  get exchange(): string {
    return this.source.exchange;
  }

  get status(): LiveTickerState {
    return this.state;
  }

  isLive(): boolean {
    return this.state === 'live' && this.now() - this.lastBatchAt < this.options.staleAfterMs;
  }

  /** Starts the loop unless it runs already. */
  start(handlers: LiveTickerHandlers): void {
    if (this.loop) return;
    this.state = 'connecting';
    this.loop = this.run(handlers).finally(() => {
      this.loop = undefined;
    });
  }

  /** Ends the loop and closes the connection (another process took over, or shutdown). */
  async stop(): Promise<void> {
    const loop = this.loop;
    this.state = 'stopped';
    await this.source.close().catch(() => undefined);
    await loop;
  }

  /** A method, not an inline comparison: stop() changes the state while run() awaits. */
  private stopped(): boolean {
    return this.state === 'stopped';
  }

  private async run(handlers: LiveTickerHandlers): Promise<void> {
    let backoffMs = 0;
    while (!this.stopped()) {
      try {
        const symbols = await handlers.symbols();
        if (symbols.length === 0) {
          await this.sleep(this.options.initialBackoffMs);
          continue;
        }
        const batch = await this.source.watch(symbols);
        if (this.stopped()) break;
        if (this.failures > 0) handlers.onReconnect(this.failures);
        this.failures = 0;
        backoffMs = 0;
        this.state = 'live';
        this.lastBatchAt = this.now();
        await handlers.onTickers(batch);
      } catch (error) {
        if (this.stopped()) break;
        this.failures++;
        this.state = 'reconnecting';
        handlers.onError(error, this.failures);
        backoffMs = nextBackoffMs(backoffMs, this.options.initialBackoffMs, this.options.maxBackoffMs, this.options.random);
        await this.sleep(backoffMs);
      }
    }
  }
}
