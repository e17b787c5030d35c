import type { AppJobs, JobCatalog } from './jobs';

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
  /**
   * Calls `listener` each time the subscriptions are back after a lost connection. Messages published while they
   * were down are gone (pub/sub keeps nothing), so a subscriber that must not miss a change re-reads its state
   * here. Returns a function that removes the listener.
   */
  onResubscribed(listener: () => void): () => void;
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

type NameOf<C extends JobCatalog> = keyof C['jobs'] & keyof C['queues'] & string;
/** Queues of a catalogue. */
export type QueueOf<C extends JobCatalog = AppJobs> = C['queues'][NameOf<C>];
/** Names of the jobs that run on queue Q. */
export type JobNamesOn<Q extends string, C extends JobCatalog = AppJobs> = {
  [N in NameOf<C>]: Q extends C['queues'][N] ? N : never;
}[NameOf<C>];
/** A job of name N with its payload type. */
export type JobOf<N extends NameOf<C>, C extends JobCatalog = AppJobs> = Job<C['jobs'][N]> & { name: N };
/** Any job of queue Q, discriminated by `name`. */
export type JobOnQueue<Q extends string, C extends JobCatalog = AppJobs> = { [N in JobNamesOn<Q, C>]: JobOf<N, C> }[JobNamesOn<Q, C>];
export type JobHandler<Q extends string, C extends JobCatalog = AppJobs> = (job: JobOnQueue<Q, C>) => Promise<void>;
/** One domain's handler table for queue Q: a handler for every job of that queue, none for any other. */
export type JobHandlers<Q extends string, C extends JobCatalog = AppJobs> = { [N in JobNamesOn<Q, C>]: (job: JobOf<N, C>) => Promise<void> };

/** A handler table as the queue implementations see it (untyped: JobHandlers is its typed form). */
export type JobTable = Readonly<Record<string, (job: never) => Promise<void>>>;

/**
 * Jobs typed by the catalogue (infra/jobs.ts): `enqueue` takes a known name, its queue and its payload; `process`
 * takes the queue's handler table (or one handler for every job of the queue). This typed port is what the domains
 * inject (JOB_QUEUE); the implementations (InProcessJobQueue, BullJobQueue) are transports that also accept any
 * queue and job name, which their own tests use.
 */
export interface JobQueue<C extends JobCatalog = AppJobs> {
  enqueue<N extends NameOf<C>>(queue: C['queues'][N], name: N, data: C['jobs'][N], options?: EnqueueOptions): Promise<void>;
  process<Q extends QueueOf<C>>(queue: Q, handler: JobHandler<Q, C> | JobHandlers<Q, C>, options?: { concurrency?: number }): void;
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
