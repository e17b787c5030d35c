import { Queue, Worker } from 'bullmq';
import Redis, { RedisOptions } from 'ioredis';
import { jobDispatcher } from './job-dispatch';
import { Cache, EnqueueOptions, Job, JobQueue, JobTable, MessageHandler, PubSub, RateLimiter, RateLimitResult } from './ports';

/** One place for connection settings: every Redis client of the app is made here. */
export function createRedisClient(url: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    // Keep retrying forever with a capped delay: a Redis restart must not need an app restart.
    retryStrategy: (times) => Math.min(times * 200, 2_000),
    maxRetriesPerRequest: 3,
    enableReadyCheck: true,
    ...extra,
  });
}

/**
 * Closes a client without failing the commands still in flight: quit() lets queued replies arrive first, whereas
 * disconnect() rejects them with "Connection is closed" — an unhandled rejection when their caller never awaited them
 * (the socket.io redis-adapter's (un)subscribe calls). Bounded, so an unreachable Redis cannot hold up a shutdown.
 */
export async function closeRedisClient(client: Redis, timeoutMs = 1_000): Promise<void> {
  const graceful = (async () => {
    if (client.status === 'wait' || client.status === 'end') return;
    if (client.status !== 'ready')
      await new Promise<void>((resolve) => {
        client.once('ready', resolve);
        client.once('end', resolve);
      });
    if (client.status === 'ready') await client.quit().catch(() => undefined);
  })();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([graceful, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
  if (client.status !== 'end') client.disconnect();
}

export class RedisPubSub implements PubSub {
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, Set<MessageHandler<unknown>>>();

  constructor(
    private readonly publisher: Redis,
    private readonly prefix: string,
    onError: (error: unknown) => void = () => undefined,
  ) {
    this.subscriber = publisher.duplicate({ maxRetriesPerRequest: null });
    this.subscriber.on('message', (channel: string, message: string) => {
      const handlers = this.handlers.get(channel);
      if (!handlers) return;
      const payload = JSON.parse(message) as unknown;
      for (const handler of handlers) Promise.resolve(handler(payload)).catch(onError);
    });
    this.subscriber.on('error', onError);
    // ioredis re-subscribes every channel on reconnect before it reports 'ready'; the first 'ready' is the start.
    let connectedBefore = false;
    this.subscriber.on('ready', () => {
      if (connectedBefore) for (const listener of this.resubscribed) listener();
      connectedBefore = true;
    });
  }

  private readonly resubscribed = new Set<() => void>();

  onResubscribed(listener: () => void): () => void {
    this.resubscribed.add(listener);
    return () => this.resubscribed.delete(listener);
  }

  async publish(channel: string, payload: object): Promise<void> {
    await this.publisher.publish(this.prefix + channel, JSON.stringify(payload));
  }

  async subscribe<T>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>> {
    const key = this.prefix + channel;
    let set = this.handlers.get(key);
    if (!set) {
      set = new Set();
      this.handlers.set(key, set);
      await this.subscriber.subscribe(key);
    }
    set.add(handler as MessageHandler<unknown>);
    return async () => {
      set?.delete(handler as MessageHandler<unknown>);
      if (set?.size === 0) {
        this.handlers.delete(key);
        await this.subscriber.unsubscribe(key);
      }
    };
  }

  async close(): Promise<void> {
    await closeRedisClient(this.subscriber);
  }
}

export class RedisCache implements Cache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async get<T>(key: string): Promise<T | undefined> {
    const raw = await this.redis.get(this.prefix + 'cache:' + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const raw = JSON.stringify(value);
    if (ttlSeconds) await this.redis.set(this.prefix + 'cache:' + key, raw, 'EX', Math.ceil(ttlSeconds));
    else await this.redis.set(this.prefix + 'cache:' + key, raw);
  }

  async del(key: string): Promise<void> {
    await this.redis.del(this.prefix + 'cache:' + key);
  }
}

/** BullMQ queues: deterministic job ids make a slot's job unique across every replica that enqueues it. */
export class BullJobQueue implements JobQueue {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];

  constructor(
    private readonly url: string,
    private readonly prefix: string,
    private readonly onError: (queue: string, job: Job<unknown>, error: unknown) => void = () => undefined,
  ) {}

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: createRedisClient(this.url, { maxRetriesPerRequest: null }), prefix: this.bullPrefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  private get bullPrefix(): string {
    return `${this.prefix}bull`;
  }

  async enqueue<T>(queue: string, name: string, data: T, options: EnqueueOptions = {}): Promise<void> {
    await this.queue(queue).add(name, data, {
      // BullMQ reserves ':' in custom ids.
      jobId: options.jobId?.replace(/:/g, '_'),
      delay: options.delayMs,
      attempts: options.attempts ?? 1,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      // Completed ids are kept for a week so that re-enqueueing a finished slot is a no-op.
      removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
  }

  /** One handler for every job of the queue (any payload type), or a handler table checked against the catalogue. */
  process<T>(queue: string, handler: (job: Job<T>) => Promise<void>, options?: { concurrency?: number }): void;
  process(queue: string, handler: JobTable | ((job: never) => Promise<void>), options?: { concurrency?: number }): void;
  process(queue: string, handler: JobTable | ((job: never) => Promise<void>), options: { concurrency?: number } = {}): void {
    const run = jobDispatcher(queue, handler as Parameters<typeof jobDispatcher>[1]);
    const worker = new Worker(queue, async (job) => run({ id: job.id ?? '', name: job.name, data: job.data as unknown, attempt: job.attemptsMade + 1 }), {
      connection: createRedisClient(this.url, { maxRetriesPerRequest: null }),
      prefix: this.bullPrefix,
      concurrency: options.concurrency ?? 1,
    });
    worker.on('failed', (job, error) => {
      if (job) this.onError(queue, { id: job.id ?? '', name: job.name, data: job.data, attempt: job.attemptsMade }, error);
    });
    worker.on('error', () => undefined);
    this.workers.push(worker);
  }

  /** The queues this process has a processor on (the boot-time role summary). */
  processedQueues(): string[] {
    return [...new Set(this.workers.map((worker) => worker.name))].sort();
  }

  async depth(queue: string): Promise<number> {
    const counts = await this.queue(queue).getJobCounts('waiting', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, value) => sum + value, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult> {
    const redisKey = `${this.prefix}ratelimit:${key}`;
    const results = await this.redis
      .multi()
      .incr(redisKey)
      .pexpire(redisKey, windowSeconds * 1000, 'NX')
      .pttl(redisKey)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const ttlMs = Number(results?.[2]?.[1] ?? windowSeconds * 1000);
    return {
      allowed: count <= limit,
      remaining: Math.max(0, limit - count),
      retryAfterSeconds: Math.max(1, Math.ceil(ttlMs / 1000)),
    };
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(`${this.prefix}ratelimit:${key}`);
  }
}
