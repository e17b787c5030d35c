import { describe, expect, it } from 'vitest';
import { InProcessPubSub } from './in-process';

describe('InProcessPubSub', () => {
  it('hands a failing handler to onError, keeps delivering to the others, and raises no unhandled rejection', async () => {
    const failures: unknown[] = [];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pubsub = new InProcessPubSub((error) => failures.push(error));
      const received: unknown[] = [];
      await pubsub.subscribe('ch', async () => {
        throw new Error('database is closed');
      });
      await pubsub.subscribe<{ n: number }>('ch', (message) => {
        received.push(message.n);
      });
      await pubsub.publish('ch', { n: 1 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(received).toEqual([1]);
      expect(failures).toHaveLength(1);
      expect((failures[0] as Error).message).toBe('database is closed');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
