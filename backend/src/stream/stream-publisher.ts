import { Inject, Injectable, Logger } from '@nestjs/common';
import { Emitter } from '@socket.io/redis-emitter';
import type Redis from 'ioredis';
import type { Server } from 'socket.io';
import { AppConfig } from '../config/app-config';
import { REDIS } from '../infra/ports';
import { StreamEvent, symbolRoom, userRoom, watchlistRoom } from './rooms';

/** Key prefix shared by the redis-adapter (api replicas) and the redis-emitter (any process). */
export function socketIoRedisKey(redisPrefix: string): string {
  return `${redisPrefix}socket.io`;
}

/** Anything that can target a room: a socket.io Server or a redis Emitter. */
interface RoomBroadcaster {
  to(room: string): { emit(event: string, ...args: unknown[]): unknown };
  in(room: string): { socketsJoin(rooms: string | string[]): unknown; socketsLeave(rooms: string | string[]): unknown };
  emit(event: string, ...args: unknown[]): unknown;
}

/**
 * Pushes events to socket clients from ANY process. With REDIS_URL it emits through `@socket.io/redis-emitter`,
 * which every api replica (running the redis adapter) delivers to its own sockets — so the worker needs no
 * socket server. Without Redis it emits on the in-process server the gateway attaches (role `all`).
 */
@Injectable()
export class StreamPublisher {
  private readonly logger = new Logger(StreamPublisher.name);
  private readonly emitter?: Emitter;
  private server?: Server;
  private warnedNoServer = false;

  constructor(config: AppConfig, @Inject(REDIS) redis: Redis | null) {
    if (redis) this.emitter = new Emitter(redis, { key: socketIoRedisKey(config.redisPrefix) });
  }

  /** Called by the gateway once its server exists (used when there is no Redis). */
  attachServer(server: Server): void {
    this.server = server;
  }

  toSymbol(symbol: string, event: StreamEvent, payload: unknown): void {
    this.emit(symbolRoom(symbol), event, payload);
  }

  toUser(userId: string, event: StreamEvent, payload: unknown): void {
    this.emit(userRoom(userId), event, payload);
  }

  /** To every connected client (catalogue changes such as a market's backfill progress: nothing private). */
  toAll(event: StreamEvent, payload: unknown): void {
    this.emit(undefined, event, payload);
  }

  /** A market the user starred: their sockets subscribed to the watchlist join its room (on every replica). */
  watchlistAdded(userId: string, symbol: string): void {
    this.target()?.in(watchlistRoom(userId)).socketsJoin(symbolRoom(symbol));
  }

  /** A market the user unstarred: their watchlist sockets leave its room. */
  watchlistRemoved(userId: string, symbol: string): void {
    this.target()?.in(watchlistRoom(userId)).socketsLeave(symbolRoom(symbol));
  }

  private target(): RoomBroadcaster | undefined {
    const target: RoomBroadcaster | undefined = this.emitter ?? this.server;
    if (!target && !this.warnedNoServer) {
      this.warnedNoServer = true;
      this.logger.warn('No socket server in this process and no REDIS_URL: stream events are dropped');
    }
    return target;
  }

  private emit(room: string | undefined, event: StreamEvent, payload: unknown): void {
    const target = this.target();
    if (!target) return;
    if (room === undefined) target.emit(event, payload);
    else target.to(room).emit(event, payload);
  }
}
