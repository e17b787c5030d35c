import { EventEmitter } from 'node:events';
import { jobDispatcher } from './job-dispatch';
import { Cache, Clock, EnqueueOptions, Job, JobQueue, JobTable, MessageHandler, PubSub, RateLimiter, RateLimitResult } from './ports';

/** Pub/sub inside one process: what a single-process (embedded) deployment needs. */
export class InProcessPubSub implements PubSub {
  private readonly emitter = new EventEmitter().setMaxListeners(0);

  /** `onError` receives a handler's failure (like RedisPubSub's): a failing subscriber must not crash the process. */
  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  async publish(channel: string, payload: object): Promise<void> {
    // Handlers run on a later tick, as they would with Redis, so publishers never depend on subscriber timing.
    const clone = structuredClone(payload);
    setImmediate(() => this.emitter.emit(channel, clone));
  }

  async subscribe<T>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>> {
    const listener = (payload: T) => {
      Promise.resolve(handler(payload)).catch(this.onError);
    };
    this.emitter.on(channel, listener);
    return async () => {
      this.emitter.off(channel, listener);
    };
  }

  /** In one process nothing is ever lost: the listener is never called. */
  onResubscribed(): () => void {
    return () => undefined;
  }
}

export class InProcessCache implements Cache {
  private readonly entries = new Map<string, { value: unknown; expiresAt: number }>();

  constructor(private readonly clock: Clock) {}

  async get<T>(key: string): Promise<T | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return structuredClone(entry.value) as T;
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const expiresAt = ttlSeconds ? this.clock.now().getTime() + ttlSeconds * 1000 : Number.POSITIVE_INFINITY;
    this.entries.set(key, { value: structuredClone(value), expiresAt });
  }

  async del(key: string): Promise<void> {
    this.entries.delete(key);
  }
}

type Handler = (job: Job<unknown>) => Promise<void>;

/**
 * In-process job queue with the semantics the app relies on from BullMQ: deterministic job ids are accepted
 * once, failures retry with exponential backoff, bounded concurrency per queue.
 */
export class InProcessJobQueue implements JobQueue {
  private readonly seenIds = new Map<string, Set<string>>();
  private readonly pending = new Map<string, Job<unknown>[]>();
  private readonly handlers = new Map<string, { handler: Handler; concurrency: number; running: number }>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private delayed = new Map<string, number>();
  private closed = false;
  private sequence = 0;

  constructor(private readonly onError: (queue: string, job: Job<unknown>, error: unknown) => void = () => undefined) {}

  async enqueue<T>(queue: string, name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    const id = options.jobId ?? `${name}:${++this.sequence}`;
    const seen = this.seenIds.get(queue) ?? new Set<string>();
    this.seenIds.set(queue, seen);
    if (seen.has(id)) return;
    seen.add(id);
    const job: Job<unknown> & { options: EnqueueOptions } = { id, name, data, attempt: 1, options };
    this.schedule(queue, job, options.delayMs ?? 0);
  }

  /** One handler for every job of the queue (any payload type), or a handler table checked against the catalogue. */
  process<T>(queue: string, handler: (job: Job<T>) => Promise<void>, options?: { concurrency?: number }): void;
  process(queue: string, handler: JobTable | ((job: never) => Promise<void>), options?: { concurrency?: number }): void;
  process(queue: string, handler: JobTable | ((job: never) => Promise<void>), options: { concurrency?: number } = {}): void {
    this.handlers.set(queue, {
      handler: jobDispatcher(queue, handler as Parameters<typeof jobDispatcher>[1]),
      concurrency: options.concurrency ?? 1,
      running: 0,
    });
    this.drain(queue);
  }

  /** The queues this process has a processor on (the boot-time role summary). */
  processedQueues(): string[] {
    return [...this.handlers.keys()].sort();
  }

  async depth(queue: string): Promise<number> {
    return (this.pending.get(queue)?.length ?? 0) + (this.delayed.get(queue) ?? 0);
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private schedule(queue: string, job: Job<unknown>, delayMs: number): void {
    if (this.closed) return;
    if (delayMs <= 0) {
      const list = this.pending.get(queue) ?? [];
      list.push(job);
      this.pending.set(queue, list);
      setImmediate(() => this.drain(queue));
      return;
    }
    this.delayed.set(queue, (this.delayed.get(queue) ?? 0) + 1);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.delayed.set(queue, (this.delayed.get(queue) ?? 1) - 1);
      this.schedule(queue, job, 0);
    }, delayMs);
    this.timers.add(timer);
  }

  private drain(queue: string): void {
    const worker = this.handlers.get(queue);
    const list = this.pending.get(queue);
    if (!worker || !list || this.closed) return;
    while (worker.running < worker.concurrency && list.length > 0) {
      const job = list.shift() as Job<unknown> & { options: EnqueueOptions };
      worker.running++;
      worker
        .handler(job)
        .catch((error) => {
          const attempts = job.options.attempts ?? 1;
          if (job.attempt < attempts) {
            const backoff = (job.options.backoffMs ?? 1000) * 2 ** (job.attempt - 1);
            this.schedule(queue, { ...job, attempt: job.attempt + 1 } as Job<unknown>, backoff);
          } else {
            this.onError(queue, job, error);
          }
        })
        .finally(() => {
          worker.running--;
          this.drain(queue);
        });
    }
  }
}

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export class InProcessRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly clock: Clock) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowSeconds * 1000 };
      this.windows.set(key, window);
    }
    window.count++;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.resetAt - now) / 1000));
    return { allowed: window.count <= limit, remaining: Math.max(0, limit - window.count), retryAfterSeconds };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }
}
