/**
 * Interfaces for every outside system the domains use. Each has an in-process implementation (embedded default)
 * and a Redis-backed one (REDIS_URL set), chosen once in InfraModule.
 */
export const PUBSUB = Symbol('PUBSUB');
export const CACHE = Symbol('CACHE');
export const JOB_QUEUE = Symbol('JOB_QUEUE');
export const CLOCK = Symbol('CLOCK');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
/** The shared ioredis client, or null when REDIS_URL is unset. */
export const REDIS = Symbol('REDIS');

export type MessageHandler<T = unknown> = (payload: T) => void | Promise<void>;

export interface PubSub {
  publish(channel: string, payload: object): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe<T = unknown>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>>;
}

export interface Cache {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  del(key: string): Promise<void>;
}

export interface Job<T = unknown> {
  id: string;
  name: string;
  data: T;
  attempt: number;
}

export interface EnqueueOptions {
  /** Deterministic id: a job with an id already queued, running or completed is not added again. */
  jobId?: string;
  delayMs?: number;
  /** Total attempts including the first; failures are retried with exponential backoff. */
  attempts?: number;
  backoffMs?: number;
}

export interface JobQueue {
  enqueue<T>(queue: string, name: string, data: T, options?: EnqueueOptions): Promise<void>;
  process<T>(queue: string, handler: (job: Job<T>) => Promise<void>, options?: { concurrency?: number }): void;
  /** Jobs waiting or delayed, for metrics. */
  depth(queue: string): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export interface RateLimitResult {
  allowed: boolean;
  remaining: number;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit of `key` in a fixed window; refuses once `limit` hits were counted in it. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}
