import { Inject, Injectable } from '@nestjs/common';
import type Redis from 'ioredis';
import { REDIS } from '../infra/ports';
import { HealthRepository } from './health.repository';

/** A dependency that does not answer within this is reported down (a probe must never hang). */
const PROBE_TIMEOUT_MS = 2_000;

export interface Readiness {
  healthy: boolean;
  /** `ok` or `down: <reason>` per dependency. */
  checks: Record<string, string>;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Asks each dependency (the database; Redis when configured) to answer. */
@Injectable()
export class ReadinessService {
  constructor(
    private readonly database: HealthRepository,
    @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  async check(): Promise<Readiness> {
    const probes: Array<[string, () => Promise<unknown>]> = [['database', () => this.database.ping()]];
    if (this.redis) {
      const redis = this.redis;
      probes.push(['redis', () => redis.ping()]);
    }
    const checks: Record<string, string> = {};
    for (const [name, probe] of probes) {
      try {
        await withTimeout(probe(), PROBE_TIMEOUT_MS);
        checks[name] = 'ok';
      } catch (error) {
        checks[name] = `down: ${(error as Error).message}`;
      }
    }
    return { healthy: Object.values(checks).every((state) => state === 'ok'), checks };
  }
}
