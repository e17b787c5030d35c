import { randomUUID } from 'node:crypto';
import type Redis from 'ioredis';

/**
 * Who polls the exchange's tickers. Several workers must not all poll (N× the exchange's rate limit, N× every
 * tick): with Redis one worker holds a short lease, renewed on each poll, and another takes over within the
 * lease time if it dies. Without Redis there is one process, which always holds it.
 */
export interface PollerLease {
  /** True when this process holds (or just took, or renewed) the lease. */
  holds(): Promise<boolean>;
}

export class InProcessLease implements PollerLease {
  async holds(): Promise<boolean> {
    return true;
  }
}

/** Renew when ours, else take when free — atomically, so two workers never both believe they hold it. */
const RENEW_OR_ACQUIRE = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

export class RedisLease implements PollerLease {
  private readonly owner = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  async holds(): Promise<boolean> {
    const result = await this.redis.eval(RENEW_OR_ACQUIRE, 1, this.key, this.owner, String(this.ttlMs));
    return result === 1;
  }
}
