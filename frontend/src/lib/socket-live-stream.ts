import { io, type Socket } from 'socket.io-client';
import { BaseLiveStream } from './live-stream';

/** socket.io implementation: JWT in the handshake, re-subscribes everything after each (re)connect. */
export class SocketLiveStream extends BaseLiveStream {
  private readonly socket: Socket;

  private refreshingAuth = false;
  private closed = false;

  /**
   * @param refreshSession called when the server refuses the handshake (expired access token): it should
   *   refresh the HTTP session and resolve true when a new token is available.
   */
  constructor(getToken: () => string | null, refreshSession?: () => Promise<boolean>, url?: string) {
    super();
    const options = {
      path: '/socket.io',
      // A function so each reconnect attempt sends the current (possibly refreshed) token.
      auth: (cb: (data: object) => void) => cb({ token: getToken() ?? '' }),
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    };
    this.socket = url ? io(url, options) : io(options);
    this.socket.on('connect', () => {
      const symbols = this.subscribedSymbols();
      if (symbols.length) this.socket.emit('subscribe', { symbols });
      this.setState('connected');
    });
    // socket.io retries network drops by itself, but not a refused handshake (expired token) nor a
    // server-side kick: for those, refresh the session and reconnect with the new token.
    const refreshThenReconnect = () => {
      if (this.socket.active || !refreshSession || this.refreshingAuth || this.closed) return;
      this.refreshingAuth = true;
      void refreshSession()
        .then((ok) => {
          if (ok && !this.closed) this.socket.connect();
        })
        .finally(() => {
          this.refreshingAuth = false;
        });
    };
    this.socket.on('disconnect', (reason) => {
      this.setState('disconnected');
      if (reason === 'io server disconnect') refreshThenReconnect();
    });
    this.socket.on('connect_error', () => {
      this.setState('disconnected');
      refreshThenReconnect();
    });
  }

  protected listen(event: string): void {
    this.socket.on(event, (payload: unknown) => this.dispatch(event, payload));
  }

  protected sendSubscribe(symbols: string[]): void {
    if (this.socket.connected) this.socket.emit('subscribe', { symbols });
  }

  protected sendUnsubscribe(symbols: string[]): void {
    if (this.socket.connected) this.socket.emit('unsubscribe', { symbols });
  }

  close(): void {
    this.closed = true;
    this.socket.close();
    this.setState('disconnected');
  }
}
