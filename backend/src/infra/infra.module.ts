import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '../config/app-config';
import { PeriodicTriggers } from './periodic-triggers';
import { InProcessCache, InProcessJobQueue, InProcessPubSub, InProcessRateLimiter, SystemClock } from './in-process';
import { CACHE, CLOCK, Clock, JOB_QUEUE, JobQueue, PUBSUB, PubSub, RATE_LIMITER, REDIS } from './ports';
import { BullJobQueue, closeRedisClient, createRedisClient, RedisCache, RedisPubSub, RedisRateLimiter } from './redis';

const logger = new Logger('Infra');
const logHandlerFailure = (error: unknown) => logger.error(`pub/sub handler failed: ${String(error)}`);

/** Chooses, once, Redis-backed or in-process implementations of the infra ports. */
@Global()
@Module({
  providers: [
    PeriodicTriggers,
    { provide: CLOCK, useClass: SystemClock },
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): Redis | null => {
        if (!config.redisUrl) return null;
        const client = createRedisClient(config.redisUrl);
        client.on('error', (error) => logger.warn(`Redis: ${error.message}`));
        return client;
      },
    },
    {
      provide: PUBSUB,
      inject: [AppConfig, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null): PubSub =>
        redis ? new RedisPubSub(redis, config.redisPrefix, logHandlerFailure) : new InProcessPubSub(logHandlerFailure),
    },
    {
      provide: CACHE,
      inject: [AppConfig, REDIS, CLOCK],
      useFactory: (config: AppConfig, redis: Redis | null, clock: Clock) => (redis ? new RedisCache(redis, config.redisPrefix) : new InProcessCache(clock)),
    },
    {
      provide: RATE_LIMITER,
      inject: [AppConfig, REDIS, CLOCK],
      useFactory: (config: AppConfig, redis: Redis | null, clock: Clock) =>
        redis ? new RedisRateLimiter(redis, config.redisPrefix) : new InProcessRateLimiter(clock),
    },
    {
      provide: JOB_QUEUE,
      inject: [AppConfig],
      useFactory: (config: AppConfig): JobQueue => {
        const onError = (queue: string, job: { id: string; name: string }, error: unknown) =>
          logger.error(`job ${queue}/${job.name} (${job.id}) failed: ${error instanceof Error ? error.message : String(error)}`);
        return config.redisUrl ? new BullJobQueue(config.redisUrl, config.redisPrefix, onError) : new InProcessJobQueue(onError);
      },
    },
  ],
  exports: [CLOCK, REDIS, PUBSUB, CACHE, RATE_LIMITER, JOB_QUEUE, PeriodicTriggers],
})
export class InfraModule implements OnApplicationShutdown {
  constructor(
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(PUBSUB) private readonly pubsub: PubSub,
    @Inject(JOB_QUEUE) private readonly jobs: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.jobs instanceof BullJobQueue) await this.jobs.close();
    if (this.jobs instanceof InProcessJobQueue) this.jobs.close();
    if (this.pubsub instanceof RedisPubSub) await this.pubsub.close();
    if (this.redis) await closeRedisClient(this.redis);
  }
}
