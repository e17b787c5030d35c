/**
 * Markets at scale (issue 18), against a loopback fake Binance (REST + market streams, test/support):
 *
 * 1. Backfill throughput: an admin adds BENCH_ADD_MARKETS (100) markets at runtime through the catalogue API
 *    (POST /markets/catalogue); wall time until every one has left the `backfilling` stage, candles stored per second.
 *    In-process app (ROLE=all), PostgreSQL at BENCH_DATABASE_URL (a throwaway database).
 * 2. Memory with BENCH_TRACK_MARKETS (200) tracked markets: the built API (`dist/main.js`, ROLE=api) and worker
 *    (`dist/main.worker.js`) as separate processes on PostgreSQL + Redis, tickers streamed at 1 Hz per market over the
 *    fake websocket, one dashboard socket subscribed to 100 of them; RSS sampled every second (peak and last).
 *    Forecasting is off here (its memory at 200 markets is in forecast-train-scale / forecast-slot-scale).
 *
 *   npm run build -w backend && npm run bench -w backend -- markets-scale
 *   (BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres BENCH_REDIS_URL=redis://127.0.0.1:6379 BENCH_PART=1,2)
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { io } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { createApp, loadConfig } from '../src/bootstrap';
import { AuthStateCache } from '../src/auth/auth-state';
import { setUserRole } from '../src/cli/admin';
import { TIMEFRAME_MS } from '../src/markets/candle';
import { FakeMarket, startFakeExchange, syntheticCandles } from '../test/support/fake-exchange';
import { startFakeExchangeStream } from '../test/support/fake-exchange-stream';
import { withBenchDatabase } from './bench-database';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADD_MARKETS = Number(process.env.BENCH_ADD_MARKETS ?? 100);
const TRACK_MARKETS = Number(process.env.BENCH_TRACK_MARKETS ?? 200);
const BACKFILL_DAYS = Number(process.env.BENCH_BACKFILL_DAYS ?? 90);
const MEMORY_SECONDS = Number(process.env.BENCH_MEMORY_SECONDS ?? 60);
const PARTS = (process.env.BENCH_PART ?? '1,2').split(',');
const HOUR = TIMEFRAME_MS['1h'];

const base = (i: number) => String.fromCharCode(65 + Math.floor(i / 676), 65 + (Math.floor(i / 26) % 26), 65 + (i % 26));
const fakeMarkets = (count: number, days: number): FakeMarket[] => {
  const start = Math.floor(Date.now() / HOUR) * HOUR - days * 24 * HOUR;
  return Array.from({ length: count }, (_, i) => ({ base: base(i), quote: 'USDT', candles: syntheticCandles(start, days * 24 + 1, 100 + i, i + 1) }));
};

async function backfillThroughput(): Promise<void> {
  // One seeded market plus the ones the admin adds; the fake has a day more than the backfill asks for.
  const markets = fakeMarkets(ADD_MARKETS + 1, BACKFILL_DAYS + 1);
  const rest = await startFakeExchange(markets);
  await withBenchDatabase(async (databaseUrl) => {
    const app = await createApp(
      loadConfig({
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'silent',
        DATABASE_URL: databaseUrl,
        REDIS_URL: '',
        DATA_DIR: ':memory:',
        FRONTEND_DIST: '',
        ROLE: 'all',
        JWT_SECRET: randomBytes(32).toString('hex'),
        MARKET_SOURCE: 'ccxt',
        EXCHANGE_ID: 'binance',
        EXCHANGE_PUBLIC_API_URL: rest.publicApiUrl,
        MARKET_STREAM: 'poll',
        TRACKED_SYMBOLS: `${base(0)}/USDT`,
        BACKFILL_DAYS_1H: String(BACKFILL_DAYS),
        BACKFILL_DAYS_1D: String(BACKFILL_DAYS),
        INTRADAY_TIMEFRAMES: 'none',
        FORECASTS_ENABLED: 'false',
        TICKER_POLL_MS: '5000',
      }),
    );
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const email = `bench-${Date.now()}@example.com`;
    const register = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'bench password 1' } });
    await setUserRole(app.get(DataSource), email, 'admin', (change) => app.get(AuthStateCache).publish(change));
    const headers = { authorization: `Bearer ${register.json().accessToken}` };
    // Wait for the seeded market's own start-up sync, so the figure is the added markets' backfill alone.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const db = app.get(DataSource);
    const countCandles = async () => Number((await db.query(`SELECT count(*)::int AS n FROM candles`))[0].n);
    const before = await countCandles();
    const requestsBefore = rest.requests.length;
    const started = Date.now();
    for (let i = 1; i <= ADD_MARKETS; i++) {
      const added = await app.inject({ method: 'POST', url: '/api/v1/markets/catalogue', headers, payload: { symbol: `${base(i)}/USDT` } });
      if (added.statusCode >= 300) throw new Error(`adding ${base(i)}/USDT answered ${added.statusCode}: ${added.body}`);
    }
    const addedIn = Date.now() - started;
    for (;;) {
      const list = (await app.inject({ method: 'GET', url: '/api/v1/markets', headers })).json() as { markets: { stage: string }[] };
      const backfilling = list.markets.filter((m) => m.stage === 'backfilling').length;
      if (backfilling === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const wallMs = Date.now() - started;
    const candles = (await countCandles()) - before;
    console.log(
      `  backfill of ${ADD_MARKETS} markets added at runtime (${BACKFILL_DAYS} days of 1h + 1d each): ${(wallMs / 1000).toFixed(1)} s wall ` +
        `(the ${ADD_MARKETS} POSTs took ${addedIn} ms), ${candles} candles stored = ${Math.round(candles / (wallMs / 1000))} candles/s, ` +
        `${rest.requests.length - requestsBefore} exchange requests (paced by ccxt's rate limiter for ${'binance'})`,
    );
    await app.close();
  });
  await rest.close();
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function memoryAt200(): Promise<void> {
  const markets = fakeMarkets(TRACK_MARKETS, 8);
  const rest = await startFakeExchange(markets);
  const stream = await startFakeExchangeStream();
  const prefix = `coincast-bench:${randomBytes(4).toString('hex')}:`;
  await withBenchDatabase(async (databaseUrl) => {
    const port = 30_000 + Math.floor(Math.random() * 20_000);
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      DATA_DIR: path.join('/tmp', `coincast-bench-${randomBytes(4).toString('hex')}`),
      FRONTEND_DIST: '',
      JWT_SECRET: randomBytes(32).toString('hex'),
      MARKET_SOURCE: 'ccxt',
      EXCHANGE_ID: 'binance',
      EXCHANGE_PUBLIC_API_URL: rest.publicApiUrl,
      EXCHANGE_WS_URL: stream.url,
      MARKET_STREAM: 'websocket',
      TRACKED_SYMBOLS: markets.map((m) => `${m.base}/USDT`).join(','),
      BACKFILL_DAYS_1H: '7',
      BACKFILL_DAYS_1D: '7',
      INTRADAY_TIMEFRAMES: 'none',
      FORECASTS_ENABLED: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      REGISTER_RATE_LIMIT: '1000',
    };
    const dist = path.resolve(__dirname, '..', 'dist');
    const children: ChildProcess[] = [];
    const start = (entry: string, role: string) => {
      const child = spawn(process.execPath, [path.join(dist, entry)], { env: { ...env, ROLE: role }, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      return child;
    };
    const api = start('main.js', 'api');
    const worker = start('main.worker.js', 'worker');
    const baseUrl = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const ok = await fetch(`${baseUrl}/api/v1/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (i > 120) throw new Error('the API did not start within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const register = await fetch(`${baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `bench-${Date.now()}@example.com`, password: 'bench password 1' }),
    });
    const { accessToken } = (await register.json()) as { accessToken: string };
    const socket = io(baseUrl, { path: '/socket.io', transports: ['websocket'], auth: { token: accessToken }, reconnection: false, forceNew: true });
    let received = 0;
    socket.on('ticker', () => received++);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const symbols = markets.slice(0, 100).map((m) => `${m.base}-USDT`);
    for (let i = 0; i < symbols.length; i += 50) await socket.emitWithAck('subscribe', { symbols: symbols.slice(i, i + 50) });
    let seq = 0;
    const pushing = setInterval(() => {
      seq++;
      markets.forEach((m, i) => stream.pushTicker(`${m.base}USDT`, 100 + i + seq / 1_000));
    }, 1_000);
    const peak = { api: 0, worker: 0 };
    const samples: { api: number; worker: number }[] = [];
    for (let s = 0; s < MEMORY_SECONDS; s++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const sample = { api: rssMiB(api.pid!), worker: rssMiB(worker.pid!) };
      peak.api = Math.max(peak.api, sample.api);
      peak.worker = Math.max(peak.worker, sample.worker);
      samples.push(sample);
    }
    clearInterval(pushing);
    socket.close();
    const last = samples.at(-1)!;
    console.log(
      `  memory with ${TRACK_MARKETS} tracked markets over ${MEMORY_SECONDS} s (tickers streamed at 1 Hz each, 1 socket on 100 of them, ${received} ticks received): ` +
        `API RSS peak ${peak.api.toFixed(0)} MiB, last ${last.api.toFixed(0)} MiB; worker RSS peak ${peak.worker.toFixed(0)} MiB, last ${last.worker.toFixed(0)} MiB`,
    );
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)))));
  });
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
  await stream.close();
  await rest.close();
}

async function main(): Promise<void> {
  console.log(`markets-scale: node ${process.version}`);
  if (PARTS.includes('1')) await backfillThroughput();
  if (PARTS.includes('2')) await memoryAt200();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
