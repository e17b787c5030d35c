import { describe, expect, it } from 'vitest';
import { prettyLogs } from './logging';

const dev = { env: { NODE_ENV: 'development' } } as Parameters<typeof prettyLogs>[0];
const env = (over: Record<string, string>) => over as NodeJS.ProcessEnv;

describe('prettyLogs (pino-pretty in development at a terminal, JSON everywhere else)', () => {
  it('is pretty for a developer at a terminal', () => {
    expect(prettyLogs(dev, env({}), true)).toBe(true);
    expect(prettyLogs(dev, env({ CI: 'false' }), true)).toBe(true);
  });

  it('is JSON when stdout is not a terminal, in CI, under tests and outside development', () => {
    expect(prettyLogs(dev, env({}), false)).toBe(false);
    expect(prettyLogs(dev, env({ CI: 'true' }), true)).toBe(false);
    expect(prettyLogs(dev, env({ VITEST: 'true' }), true)).toBe(false);
    for (const NODE_ENV of ['production', 'test']) expect(prettyLogs({ env: { NODE_ENV } } as Parameters<typeof prettyLogs>[0], env({}), true)).toBe(false);
  });
});
