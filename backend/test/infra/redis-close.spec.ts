import Redis from 'ioredis';
import { describe, expect, it } from 'vitest';
import { closeRedisClient } from '../../src/infra/redis';

/**
 * The socket.io redis-adapter subscribes without awaiting; an app closed right after it started used to disconnect()
 * its clients with those commands still queued, and each rejected as an unhandled "Connection is closed" (CI red).
 */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const runs = process.env.CI === 'true' || !!process.env.TEST_REDIS_URL;

/** Resolves when the client has closed for good (its status becomes 'end' a tick after disconnect()). */
async function ended(client: Redis): Promise<void> {
  for (let i = 0; i < 100 && client.status !== 'end'; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(client.status).toBe('end');
}

async function outcomeOfQueuedSubscribe(close: (client: Redis) => Promise<void> | void): Promise<string> {
  const client = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  // Issued while the client is still connecting, as the adapter does on creation.
  const pending = client.psubscribe('coincast-test-close:*').then(
    () => 'subscribed',
    (error: Error) => `rejected: ${error.message}`,
  );
  await close(client);
  const outcome = await pending;
  await ended(client);
  return outcome;
}

describe.runIf(runs)('closeRedisClient', () => {
  it('lets a command queued before the close finish instead of rejecting it', async () => {
    expect(await outcomeOfQueuedSubscribe((client) => client.disconnect())).toBe('rejected: Connection is closed.');
    expect(await outcomeOfQueuedSubscribe((client) => closeRedisClient(client))).toBe('subscribed');
  });

  it('returns within its bound when Redis cannot be reached', async () => {
    const client = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: null, retryStrategy: () => 50 });
    client.on('error', () => undefined);
    const started = Date.now();
    await closeRedisClient(client, 300);
    expect(Date.now() - started).toBeLessThan(2_000);
    // ioredis leaves the status at 'reconnecting' here, but it has stopped trying: no attempt after the close.
    let attempts = 0;
    client.on('reconnecting', () => attempts++);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(attempts).toBe(0);
  });
});
