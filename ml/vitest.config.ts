import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { environment: 'node', include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'], testTimeout: 60_000, pool: 'forks' },
});
