// The live stream (socket.io on the backend) behind an interface: the app only needs
// "subscribe to symbols", "listen to events" and "am I connected". Tests use FakeLiveStream.

/** Decimal fields may arrive as strings (exact decimals); consumers convert with Number(). */
export interface TickerEvent {
  symbol: string;
  price: number | string;
  change24h: number | string;
  volume24h: number | string;
  timestamp: string;
  source: string;
}

export interface Candle {
  openTime: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface CandleEvent {
  symbol: string;
  timeframe: string;
  candle: Candle;
}

export interface NotificationEvent {
  id: string;
  alertId: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface PortfolioEvent {
  portfolioId: string;
  totalValue: string;
  [key: string]: unknown;
}

export interface LiveEvents {
  ticker: TickerEvent;
  candle: CandleEvent;
  forecast: { symbol: string; [key: string]: unknown };
  notification: NotificationEvent;
  portfolio: PortfolioEvent;
  /** A market's stage and backfill progress (markets feature: MarketBackfillEvent). */
  market_backfill: { symbol: string; stage: 'backfilling' | 'collecting' | 'forecasting'; [key: string]: unknown };
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface LiveStream {
  on<E extends keyof LiveEvents>(event: E, handler: (payload: LiveEvents[E]) => void): () => void;
  /** Reference-counted: symbols stay subscribed (and are re-subscribed after a reconnect) until released. */
  subscribe(symbols: string[]): () => void;
  onConnectionChange(handler: (state: ConnectionState) => void): () => void;
  readonly state: ConnectionState;
  close(): void;
}

type Handler = (payload: unknown) => void;

/** Shared bookkeeping for both implementations. */
export abstract class BaseLiveStream implements LiveStream {
  protected readonly handlers = new Map<string, Set<Handler>>();
  protected readonly symbolRefs = new Map<string, number>();
  private readonly connectionHandlers = new Set<(state: ConnectionState) => void>();
  private currentState: ConnectionState = 'connecting';

  get state(): ConnectionState {
    return this.currentState;
  }

  on<E extends keyof LiveEvents>(event: E, handler: (payload: LiveEvents[E]) => void): () => void {
    let set = this.handlers.get(event);
    if (!set) {
      set = new Set();
      this.handlers.set(event, set);
      this.listen(event);
    }
    set.add(handler as Handler);
    return () => set.delete(handler as Handler);
  }

  subscribe(symbols: string[]): () => void {
    const added = symbols.filter((symbol) => {
      const refs = this.symbolRefs.get(symbol) ?? 0;
      this.symbolRefs.set(symbol, refs + 1);
      return refs === 0;
    });
    if (added.length) this.sendSubscribe(added);
    return () => {
      const removed = symbols.filter((symbol) => {
        const refs = (this.symbolRefs.get(symbol) ?? 1) - 1;
        if (refs <= 0) this.symbolRefs.delete(symbol);
        else this.symbolRefs.set(symbol, refs);
        return refs <= 0;
      });
      if (removed.length) this.sendUnsubscribe(removed);
    };
  }

  onConnectionChange(handler: (state: ConnectionState) => void): () => void {
    this.connectionHandlers.add(handler);
    return () => this.connectionHandlers.delete(handler);
  }

  protected setState(state: ConnectionState): void {
    this.currentState = state;
    for (const handler of this.connectionHandlers) handler(state);
  }

  protected dispatch(event: string, payload: unknown): void {
    for (const handler of this.handlers.get(event) ?? []) handler(payload);
  }

  protected subscribedSymbols(): string[] {
    return [...this.symbolRefs.keys()];
  }

  protected abstract listen(event: string): void;
  protected abstract sendSubscribe(symbols: string[]): void;
  protected abstract sendUnsubscribe(symbols: string[]): void;
  abstract close(): void;
}

/** In-memory stream for tests and for rendering without a backend. */
export class FakeLiveStream extends BaseLiveStream {
  readonly subscribeCalls: string[][] = [];
  constructor(initialState: ConnectionState = 'connected') {
    super();
    this.setState(initialState);
  }
  emit<E extends keyof LiveEvents>(event: E, payload: LiveEvents[E]): void {
    this.dispatch(event, payload);
  }
  setConnection(state: ConnectionState): void {
    this.setState(state);
    if (state === 'connected' && this.subscribedSymbols().length) this.subscribeCalls.push(this.subscribedSymbols());
  }
  get symbols(): string[] {
    return this.subscribedSymbols();
  }
  protected listen(): void {}
  protected sendSubscribe(symbols: string[]): void {
    this.subscribeCalls.push(symbols);
  }
  protected sendUnsubscribe(): void {}
  close(): void {
    this.setState('disconnected');
  }
}
