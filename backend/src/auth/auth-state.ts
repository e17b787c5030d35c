import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { ApiKeyScope } from '../api-keys/api-key.entity';
import { PUBSUB, PubSub } from '../infra/ports';
import type { UserRole } from '../users/user.entity';
import { AuthStateRepository } from './auth-state.repository';

/** What the guard needs to know about a user on every request: read from the user row, never from a token claim. */
export interface UserAuthState {
  exists: boolean;
  role: UserRole;
  /** Access tokens issued under another epoch are refused. */
  epoch: number;
}

/** A verified API key (the key itself is never kept: entries are keyed by its SHA-256). */
export interface VerifiedKey {
  id: string;
  userId: string;
  scope: ApiKeyScope;
  email: string;
  createdAt: string;
  lastUsedAt: number | null;
}

/** Published by whoever changes a user's role, epoch or existence, or revokes an API key. */
export interface AuthChange {
  userId: string;
  /** SHA-256 of a revoked API key. */
  keyHash?: string;
  reason: 'epoch' | 'role' | 'deleted' | 'api_key_revoked';
}

export const AUTH_CHANGED_CHANNEL = 'auth:changed';

/**
 * Safety net only: entries are kept exact by AUTH_CHANGED_CHANNEL messages (every replica drops the entry the moment a
 * change is published). The TTL bounds staleness if a message is ever lost (a Redis subscriber reconnecting, or an
 * operator CLI run without REDIS_URL while a server is up).
 */
const SAFETY_TTL_MS = 60_000;

/**
 * A cache whose loads cannot resurrect invalidated data: a load that overlaps an invalidation of the same key is
 * discarded and run again, so a read that started before a revocation committed never lands in the cache after it.
 */
class InvalidatingCache<V extends object> {
  private readonly entries: LRUCache<string, V>;
  /** Invalidation sequence per key, kept as long as a load may be in flight. */
  private readonly invalidatedAt = new LRUCache<string, number>({ max: 100_000, ttl: 120_000 });
  private readonly inflight = new Map<string, Promise<V | null>>();
  private sequence = 0;

  constructor(max: number) {
    this.entries = new LRUCache<string, V>({ max, ttl: SAFETY_TTL_MS, updateAgeOnGet: false });
  }

  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  async get(key: string, load: () => Promise<V | null>): Promise<V | null> {
    const hit = this.entries.get(key);
    if (hit) return hit;
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = this.load(key, load).finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    return pending;
  }

  private async load(key: string, load: () => Promise<V | null>): Promise<V | null> {
    for (let attempt = 0; ; attempt++) {
      const started = this.sequence;
      const value = await load();
      const untouched = (this.invalidatedAt.get(key) ?? -1) <= started;
      if (untouched || attempt >= 3) {
        if (value && untouched) this.entries.set(key, value);
        return value;
      }
    }
  }

  invalidate(key: string): void {
    this.invalidatedAt.set(key, ++this.sequence);
    this.entries.delete(key);
    this.inflight.delete(key);
  }

  clear(): void {
    this.sequence++;
    for (const key of this.entries.keys()) this.invalidatedAt.set(key, this.sequence);
    this.entries.clear();
    this.inflight.clear();
  }
}

/**
 * Per-request authorization state (user role and token epoch, verified API keys), cached in process and invalidated
 * on every replica through the PubSub port. Lookups on a warm cache are a Map read; a change is published by the
 * process that made it, and each replica drops its copy and re-checks the sockets of that user (see StreamGateway).
 */
@Injectable()
export class AuthStateCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(AuthStateCache.name);
  private readonly users = new InvalidatingCache<UserAuthState>(100_000);
  private readonly keys = new InvalidatingCache<VerifiedKey>(20_000);
  private readonly listeners = new Set<(change: AuthChange) => void>();
  private unsubscribe?: () => Promise<void>;

  constructor(
    private readonly rows: AuthStateRepository,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
  ) {}

  async onModuleInit(): Promise<void> {
    this.unsubscribe = await this.pubsub.subscribe<AuthChange>(AUTH_CHANGED_CHANNEL, (change) => this.apply(change));
  }

  async onModuleDestroy(): Promise<void> {
    await this.unsubscribe?.();
  }

  /** The user's current role and epoch; `exists: false` for a deleted account. */
  async user(userId: string): Promise<UserAuthState> {
    const cached = this.users.peek(userId);
    if (cached) return cached;
    return (await this.users.get(userId, () => this.rows.userState(userId))) as UserAuthState;
  }

  /** The active key with this hash, or null (unknown or revoked). */
  async apiKey(keyHash: string): Promise<VerifiedKey | null> {
    const cached = this.keys.peek(keyHash);
    if (cached) return cached;
    return this.keys.get(keyHash, () => this.rows.activeKey(keyHash));
  }

  /** Applies a change here at once, then tells every other replica. */
  async publish(change: AuthChange): Promise<void> {
    this.apply(change);
    try {
      await this.pubsub.publish(AUTH_CHANGED_CHANNEL, change);
    } catch (error) {
      // The change is committed; other replicas fall back to the safety TTL. Say so loudly.
      this.logger.error(
        `could not publish an auth change for user ${change.userId} (other replicas learn it within ${SAFETY_TTL_MS / 1000} s): ${String(error)}`,
      );
    }
  }

  /** Sockets (StreamGateway) re-check their credential on each change. */
  onChange(listener: (change: AuthChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private apply(change: AuthChange): void {
    if (!change || typeof change.userId !== 'string') return;
    this.users.invalidate(change.userId);
    if (typeof change.keyHash === 'string') this.keys.invalidate(change.keyHash);
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(`auth change listener failed: ${String(error)}`);
      }
    }
  }
}
