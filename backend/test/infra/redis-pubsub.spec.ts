import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createRedisClient, RedisPubSub } from '../../src/infra/redis';

/**
 * A Redis restart drops the subscriber connection; messages published before it is back reach nobody. RedisPubSub
 * says when its subscriptions are back (onResubscribed), so the alert engine can re-read its rules (the scale suite's
 * Redis-restart test once lost an alert created in that window).
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const runs = process.env.CI === 'true' || !!process.env.TEST_REDIS_URL;

describe.runIf(runs)('RedisPubSub after a lost connection', () => {
  it('tells its listeners once the subscriptions are back, and delivers messages again', async () => {
    const name = `coincast-test-pubsub-${randomBytes(4).toString('hex')}`;
    const publisher = createRedisClient(REDIS_URL, { connectionName: name });
    const pubsub = new RedisPubSub(publisher, `${name}:`);
    const admin = new Redis(REDIS_URL);
    try {
      const got: unknown[] = [];
      await pubsub.subscribe('ch', (payload) => {
        got.push(payload);
      });
      let resubscribed = 0;
      pubsub.onResubscribed(() => resubscribed++);
      await pubsub.publish('ch', { n: 1 });
      await until(() => got.length === 1);
      expect(resubscribed).toBe(0); // the first connection is not a reconnect

      // Kill the subscriber's connection (the one of this name holding a subscription), as a Redis restart would.
      const list = (await admin.client('LIST')) as string;
      const line = list.split('\n').find((l) => l.includes(`name=${name}`) && /\bsub=[1-9]/.test(l));
      expect(line, 'subscriber connection not found').toBeDefined();
      await admin.client('KILL', 'ID', /\bid=(\d+)/.exec(line!)![1]!);

      await until(() => resubscribed === 1);
      await pubsub.publish('ch', { n: 2 });
      await until(() => got.length === 2);
      expect(got).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      await pubsub.close();
      publisher.disconnect();
      admin.disconnect();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not reached in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
