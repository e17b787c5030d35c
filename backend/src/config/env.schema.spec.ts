import { describe, expect, it } from 'vitest';
import { DEFAULT_DEV_JWT_SECRET, parseEnv } from './env.schema';

describe('parseEnv', () => {
  it('applies the embedded defaults when nothing is set', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
    expect(env.ROLE).toBe('all');
  });

  it('lists every bad variable in one message', () => {
    let message = '';
    try {
      parseEnv({ PORT: 'abc', DATABASE_URL: 'not a url', ROLE: 'boss' });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const variable of ['PORT', 'DATABASE_URL', 'ROLE']) expect(message).toContain(`- ${variable}:`);
  });

  it('refuses the default JWT secret in production', () => {
    expect(() => parseEnv({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: set a random secret/);
    expect(() => parseEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) })).not.toThrow();
    expect(DEFAULT_DEV_JWT_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('refuses a short JWT secret', () => {
    expect(() => parseEnv({ JWT_SECRET: 'short' })).toThrow(/at least 32 characters/);
  });

  it('keeps forecasts 400 days by default; 0 keeps them forever; a window shorter than the metrics need is refused', () => {
    expect(parseEnv({}).FORECAST_RETENTION_DAYS).toBe(400);
    expect(parseEnv({ FORECAST_RETENTION_DAYS: '0' }).FORECAST_RETENTION_DAYS).toBe(0);
    expect(() => parseEnv({ FORECAST_RETENTION_DAYS: '30' })).toThrow(/FORECAST_RETENTION_DAYS: must be 0 \(keep forever\) or at least 60/);
  });
});
