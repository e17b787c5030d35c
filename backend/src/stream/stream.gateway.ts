import { Inject, OnApplicationShutdown } from '@nestjs/common';
import { ConnectedSocket, MessageBody, OnGatewayConnection, OnGatewayInit, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import { createAdapter } from '@socket.io/redis-adapter';
import type Redis from 'ioredis';
import type { Server, Socket } from 'socket.io';
import { AuthUser } from '../auth/auth-user';
import { AuthChange, AuthStateCache } from '../auth/auth-state';
import { AuthService } from '../auth/auth.service';
import { clientAddress } from '../common/client-ip';
import { AppConfig } from '../config/app-config';
import { CACHE, Cache, REDIS } from '../infra/ports';
import { MetricsService } from '../metrics/metrics.service';
import { Tick, tickerCacheKey } from '../markets/tick';
import { parseSymbol } from '../markets/symbols';
import { marketIdsOf } from '../markets/exchanges-config';
import type { MarketIds } from '../markets/market-id';
import { MAX_SYMBOLS_PER_SOCKET, MAX_SYMBOLS_PER_SUBSCRIBE, SYMBOL_ROOM_PREFIX, symbolRoom, userRoom, watchlistRoom } from './rooms';
import { StreamPublisher, socketIoRedisKey } from './stream-publisher';
import { StreamWatchlist } from './stream-watchlist';
import { closeRedisClient } from '../infra/redis';

interface SymbolsMessage {
  symbols?: unknown;
  /** true: also the user's watchlist, followed as stars change (subscribe), or stop following it (unsubscribe). */
  watchlist?: unknown;
}

export interface SubscribeAck {
  ok: boolean;
  /** Symbols now subscribed, in unified form (`BTC/USDT`). */
  symbols: string[];
  /** Entries that are not market symbols. */
  rejected?: string[];
  /** Present when the message named the watchlist: the socket now follows it (subscribe) or no longer does. */
  watchlist?: boolean;
  error?: string;
}

type AuthedSocket = Socket & { data: { user?: AuthUser; ip?: string } };

/** Unified symbols from a client message; anything unparseable goes to `rejected`. */
function readSymbols(
  message: unknown,
  parse: (entry: string) => string | undefined = parseSymbol,
): { symbols: string[]; rejected: string[] } | { error: string } {
  const body = message as SymbolsMessage | undefined;
  const list = body?.symbols === undefined && body?.watchlist === true ? [] : body?.symbols;
  if (!Array.isArray(list)) return { error: 'Expected { symbols: string[] } and/or { watchlist: true }' };
  if (list.length > MAX_SYMBOLS_PER_SUBSCRIBE) return { error: `At most ${MAX_SYMBOLS_PER_SUBSCRIBE} symbols per message` };
  // Checked before anything touches the entries: String() of an object like {"toString": 1} throws.
  if (!list.every((entry) => typeof entry === 'string')) return { error: 'Expected { symbols: string[] }: every symbol must be a string like "BTC/USDT"' };
  const symbols = new Set<string>();
  const rejected: string[] = [];
  for (const entry of list as string[]) {
    const symbol = entry.length <= 72 ? parse(entry) : undefined;
    if (symbol) symbols.add(symbol);
    else rejected.push(entry.slice(0, 40));
  }
  return { symbols: [...symbols], rejected };
}

/**
 * socket.io gateway at `/socket.io`. The handshake must carry `auth: { token }` (access token or API key) or the
 * connection is refused. Each socket joins `user:<id>`; `subscribe` joins `symbol:<SYMBOL>` rooms and answers
 * with the latest ticker of each symbol, so a client never waits for the next tick to show a price.
 */
/** Client messages are small subscribe lists; anything larger is abuse and ends that client's connection only. */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * 1024;

/** CORS and the Origin check come from ConfiguredIoAdapter (ALLOWED_ORIGINS; same origin by default). */
@WebSocketGateway({ path: '/socket.io', serveClient: false, maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES })
export class StreamGateway implements OnGatewayInit<Server>, OnGatewayConnection<AuthedSocket>, OnApplicationShutdown {
  private adapterClients: Redis[] = [];
  private server?: Server;
  private stopListening?: () => void;
  /** Open sockets on this process, per user and per client address (MAX_SOCKETS_PER_USER / _PER_IP). */
  private readonly perUser = new Map<string, number>();
  private readonly perIp = new Map<string, number>();

  constructor(
    private readonly auth: AuthService,
    private readonly states: AuthStateCache,
    private readonly publisher: StreamPublisher,
    private readonly config: AppConfig,
    @Inject(CACHE) private readonly cache: Cache,
    @Inject(REDIS) private readonly redis: Redis | null,
    private readonly metrics: MetricsService,
    private readonly watchlist: StreamWatchlist,
  ) {
    this.marketIds = marketIdsOf(config.env);
  }

  /** `BTC/USDT@binance` on a binance-home install is the room `BTC/USDT`: subscriptions use canonical market ids. */
  private readonly marketIds: MarketIds;

  afterInit(server: Server): void {
    if (this.redis) {
      // Every api replica receives what any process emits (redis-emitter) or broadcasts.
      const pub = this.redis.duplicate();
      const sub = this.redis.duplicate();
      this.adapterClients = [pub, sub];
      server.adapter(createAdapter(pub, sub, { key: socketIoRedisKey(this.config.redisPrefix) }));
    }
    this.server = server;
    server.use((socket: AuthedSocket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token.length === 0 || token.length > 4096) {
        next(new Error('Authentication required: pass auth: { token } (access token or API key)'));
        return;
      }
      const ip = clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], this.config.env.TRUST_PROXY);
      if ((this.perIp.get(ip) ?? 0) >= this.config.env.MAX_SOCKETS_PER_IP) {
        next(new Error(`Too many connections from this address (at most ${this.config.env.MAX_SOCKETS_PER_IP})`));
        return;
      }
      this.auth.authenticateToken(token).then(
        (user) => {
          if ((this.perUser.get(user.id) ?? 0) >= this.config.env.MAX_SOCKETS_PER_USER) {
            next(new Error(`Too many connections for this account (at most ${this.config.env.MAX_SOCKETS_PER_USER}): close other tabs or scripts`));
            return;
          }
          socket.data.user = user;
          socket.data.ip = ip;
          next();
        },
        () => next(new Error('Invalid or expired token')),
      );
    });
    // A password change, sign-out everywhere, account deletion or key revocation on any replica reaches this one here.
    this.stopListening = this.states.onChange((change) => void this.recheck(change));
    this.publisher.attachServer(server);
    this.metrics.instrumentSocketServer(server);
  }

  async handleConnection(socket: AuthedSocket): Promise<void> {
    const user = socket.data.user;
    if (!user) {
      socket.disconnect(true);
      return;
    }
    const ip = socket.data.ip ?? socket.handshake.address;
    this.count(this.perUser, user.id, 1);
    this.count(this.perIp, ip, 1);
    socket.once('disconnect', () => {
      this.count(this.perUser, user.id, -1);
      this.count(this.perIp, ip, -1);
    });
    this.endAtExpiry(socket, user.expiresAt);
    await socket.join(userRoom(user.id));
  }

  private count(map: Map<string, number>, key: string, delta: number): void {
    const next = (map.get(key) ?? 0) + delta;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  }

  /** Closes this process's sockets of the changed user whose credential no longer holds. */
  private async recheck(change: AuthChange): Promise<void> {
    const ids = this.server?.of('/').adapter.rooms.get(userRoom(change.userId));
    if (!ids || ids.size === 0) return;
    const sockets = [...ids].map((id) => this.server?.of('/').sockets.get(id)).filter((socket): socket is AuthedSocket => !!socket);
    const state = await this.states.user(change.userId).catch(() => undefined);
    for (const socket of sockets) {
      const user = socket.data.user;
      if (!user) continue;
      const revoked =
        !state ||
        !state.exists ||
        (user.via === 'jwt' && user.epoch !== state.epoch) ||
        (user.via === 'api_key' && change.keyHash !== undefined && change.keyHash === user.keyHash);
      if (!revoked) {
        // The role may have changed: later checks on this socket see the current one.
        socket.data.user = { ...user, role: state.role, isAdmin: state.role === 'admin' };
        continue;
      }
      socket.emit('session_revoked', { message: 'This session or API key was revoked: sign in again' });
      socket.disconnect(true);
    }
  }

  /**
   * A socket opened with an access token lives no longer than the token: at its expiry the server says why and
   * disconnects, and the client refreshes its session and reconnects with the new token (socket.io does not
   * reconnect by itself after a server-side disconnect).
   */
  private endAtExpiry(socket: AuthedSocket, expiresAt: number | undefined): void {
    if (expiresAt === undefined) return;
    const timer = setTimeout(
      () => {
        socket.emit('session_expired', { message: 'Access token expired: refresh the session and reconnect' });
        socket.disconnect(true);
      },
      Math.max(0, expiresAt - Date.now()),
    );
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  }

  @SubscribeMessage('subscribe')
  async subscribe(@ConnectedSocket() socket: AuthedSocket, @MessageBody() message: unknown): Promise<SubscribeAck> {
    const parsed = readSymbols(message, (entry) => this.marketIds.parse(entry));
    if ('error' in parsed) return { ok: false, symbols: [], error: parsed.error };
    const starred = await this.watchlistOf(socket, message);
    if (starred && 'error' in starred) return { ok: false, symbols: [], error: starred.error };
    const symbols = [...new Set([...parsed.symbols, ...(starred?.symbols ?? [])])];
    const joined = [...socket.rooms].filter((room) => room.startsWith(SYMBOL_ROOM_PREFIX));
    const added = symbols.filter((symbol) => !socket.rooms.has(symbolRoom(symbol)));
    if (joined.length + added.length > MAX_SYMBOLS_PER_SOCKET) {
      return { ok: false, symbols: [], error: `At most ${MAX_SYMBOLS_PER_SOCKET} symbols per connection; unsubscribe some first` };
    }
    // The watchlist room first: a star added meanwhile then reaches this socket too (socketsJoin on that room).
    if (starred) await socket.join(watchlistRoom(starred.userId));
    await socket.join(symbols.map(symbolRoom));
    // Snapshot after joining: a tick racing in between is at worst delivered twice, never missed.
    const ticks = await Promise.all(symbols.map((symbol) => this.cache.get<Tick>(tickerCacheKey(symbol))));
    for (const tick of ticks) if (tick) socket.emit('ticker', tick);
    return { ok: true, symbols, ...(parsed.rejected.length ? { rejected: parsed.rejected } : {}), ...(starred ? { watchlist: true } : {}) };
  }

  @SubscribeMessage('unsubscribe')
  async unsubscribe(@ConnectedSocket() socket: AuthedSocket, @MessageBody() message: unknown): Promise<SubscribeAck> {
    const parsed = readSymbols(message, (entry) => this.marketIds.parse(entry));
    if ('error' in parsed) return { ok: false, symbols: [], error: parsed.error };
    const starred = await this.watchlistOf(socket, message);
    if (starred && 'error' in starred) return { ok: false, symbols: [], error: starred.error };
    if (starred) await socket.leave(watchlistRoom(starred.userId));
    const symbols = [...new Set([...parsed.symbols, ...(starred?.symbols ?? [])])];
    await Promise.all(symbols.map((symbol) => socket.leave(symbolRoom(symbol))));
    return { ok: true, symbols, ...(starred ? { watchlist: false } : {}) };
  }

  /** The socket user's starred markets when the message says `watchlist: true` (undefined when it does not). */
  private async watchlistOf(socket: AuthedSocket, message: unknown): Promise<{ userId: string; symbols: string[] } | { error: string } | undefined> {
    if ((message as SymbolsMessage | undefined)?.watchlist !== true) return undefined;
    const userId = socket.data.user?.id;
    const symbols = userId ? this.watchlist.symbols(userId) : undefined;
    if (!userId || !symbols) return { error: 'The watchlist is not available on this connection' };
    return { userId, symbols: await symbols };
  }

  /** After Nest has closed the socket server (whose adapter unsubscribes on close), drop the adapter's clients. */
  async onApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    await Promise.all(this.adapterClients.map((client) => closeRedisClient(client)));
  }
}
