import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.schema';

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

  it('has no default JWT secret and binds loopback by default (issue 14)', () => {
    expect(parseEnv({}).JWT_SECRET).toBeUndefined();
    expect(parseEnv({}).HOST).toBe('127.0.0.1');
    expect(parseEnv({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).JWT_SECRET).toBe('x'.repeat(40));
  });

  it('reads TRUST_PROXY as false, a hop count or a list of proxy addresses/CIDRs (issue 14)', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(parseEnv({ TRUST_PROXY: '172.16.0.0/12, 10.0.0.1' }).TRUST_PROXY).toBe('172.16.0.0/12,10.0.0.1');
    expect(() => parseEnv({ TRUST_PROXY: 'everyone' })).toThrow(/TRUST_PROXY must be false, a hop count/);
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
