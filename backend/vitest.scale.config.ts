import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Scale-out suite: real nginx, PostgreSQL, Redis and backend processes built from dist/. One file at a time
// (each file boots its own cluster; the machine has few cores).
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  test: {
    environment: 'node',
    include: ['test-scale/**/*.spec.ts'],
    testTimeout: 90_000,
    hookTimeout: 180_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: true } },
    fileParallelism: false,
  },
});
