import { io, type Socket } from 'socket.io-client';
import { BaseLiveStream } from './live-stream';

/** socket.io implementation: JWT in the handshake, re-subscribes everything after each (re)connect. */
export class SocketLiveStream extends BaseLiveStream {
  private readonly socket: Socket;

  constructor(getToken: () => string | null, url?: string) {
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
    this.socket.on('disconnect', () => this.setState('disconnected'));
    this.socket.on('connect_error', () => this.setState('disconnected'));
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
    this.socket.close();
    this.setState('disconnected');
  }
}
