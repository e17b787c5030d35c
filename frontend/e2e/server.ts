// Starts the built backend in replay mode on a free port with an embedded PGlite database in a
// temp dir, and stops it again. Shared by the end-to-end test and the benchmark.
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoDir = path.resolve(frontendDir, '..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningBackend {
  baseUrl: string;
  logs: () => string;
  stop: () => Promise<void>;
}

export interface StartOptions {
  /** Replay clock speed: >1 makes prices move faster so alerts cross sooner. */
  replaySpeed?: number;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function startBackend(options: StartOptions = {}): Promise<RunningBackend> {
  const entry = path.join(repoDir, 'backend', 'dist', 'main.js');
  if (!existsSync(entry)) {
    // First run on a fresh checkout: build what the backend needs (ml is a dependency of it).
    console.log('backend/dist missing: building ml and backend…');
    execSync('npm run build -w ml && npm run build -w backend', { cwd: repoDir, stdio: 'inherit' });
  }
  if (!existsSync(path.join(frontendDir, 'dist', 'index.html'))) throw new Error('frontend/dist is missing: run "npm run build -w frontend" first.');
  const replayDir = process.env.REPLAY_DIR ? path.resolve(process.env.REPLAY_DIR) : path.resolve(repoDir, '..', 'shared', 'data', 'candles');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'coincast-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  // Unset DATABASE_URL / REDIS_URL so the run is self-contained (embedded PGlite, in-process bus).
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, [entry], {
    cwd: path.join(repoDir, 'backend'),
    env: {
      ...inherited,
      NODE_ENV: 'development',
      // Forecasts on, with the fast volatility model, so the fan appears within seconds of start.
      FORECASTS_ENABLED: 'true',
      FORECAST_MODEL: 'vol',
      FORECAST_TRAIN_HOURS: '2160',
      FORECAST_CATCHUP_HOURS: '2',
      FORECAST_CATCHUP_DAYS: '1',
      // Replay's default hourly backfill is the model's full lookback (~491 days); the e2e flow needs far less.
      BACKFILL_DAYS_1H: '120',
      FORECAST_BACKTEST_DAYS: '10',
      // Sub-hour forecasts (5m/15m/30m every 5 minutes of market time, issue 21) from the replayed 5-minute files; 8 days
      // of 5-minute candles cover the naive baseline's 7-day window.
      INTRADAY_TIMEFRAMES: '5m',
      BACKFILL_DAYS_5M: '8',
      PORT: String(port),
      HOST: '127.0.0.1',
      MARKET_SOURCE: 'replay',
      REPLAY_DIR: replayDir,
      REPLAY_SPEED: String(options.replaySpeed ?? 60),
      DATA_DIR: dataDir,
      FRONTEND_DIST: path.join(frontendDir, 'dist'),
      // Sign-ups from one test run share an IP: keep the limiter out of the way.
      REGISTER_RATE_LIMIT: '1000',
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_RATE_LIMIT_PER_IP: '1000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async () => {
    if (process.env.E2E_BACKEND_LOG) writeFileSync(process.env.E2E_BACKEND_LOG, output);
    if (!exited) {
      child.kill('SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 240_000);
  while (Date.now() < deadline) {
    if (exited) {
      await stop();
      throw new Error(`Backend exited during start-up:\n${output.slice(-4000)}`);
    }
    try {
      // 401 = up but needs auth; 200 = up. Either way the HTTP server answers.
      const response = await fetch(`${baseUrl}/api/v1/markets`, { signal: AbortSignal.timeout(30_000) });
      if (response.status < 500) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (Date.now() >= deadline) {
    await stop();
    throw new Error(`Backend did not answer within the start timeout:\n${output.slice(-4000)}`);
  }
  return { baseUrl, logs: () => output, stop };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
