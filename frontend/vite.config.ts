import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The backend listens on :3000 in dev; the dashboard talks to it through these proxies so that
// the browser sees one origin (same as production, where the backend or nginx serves dist/).
const backendUrl = process.env.COINCAST_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: backendUrl, changeOrigin: true },
      '/socket.io': { target: backendUrl, ws: true, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    css: false,
    // Two shared CPU cores: keep the worker pool small.
    pool: 'threads',
    poolOptions: { threads: { maxThreads: 2, minThreads: 1 } },
  },
});
