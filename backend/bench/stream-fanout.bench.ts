import { fork, ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { Server } from 'socket.io';
import { io as connectClient, Socket } from 'socket.io-client';

/**
 * Socket fan-out: N clients (default 1,000) each subscribed to 5 of 16 symbols, one tick per symbol per second.
 * Measures publish → client receipt latency (p50/p99/max) and the server process's CPU, for
 *   bare            a bare socket.io server broadcasting the same messages to the same rooms (the baseline),
 *   coincast        the Coincast app (Nest + auth handshake) publishing through StreamPublisher in-process,
 *   coincast-redis  the same with REDIS_URL: StreamPublisher → @socket.io/redis-emitter → Redis → redis-adapter,
 * all in one run, so the ratios compare like with like. Clients run in a child process so their CPU is not counted.
 *   BENCH_CLIENTS=1000 BENCH_SECONDS=20 BENCH_VARIANTS=bare,coincast,coincast-redis BENCH_REDIS_URL=redis://127.0.0.1:6379
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 2;
const VARIANTS = (process.env.BENCH_VARIANTS ?? 'bare,coincast,coincast-redis').split(',');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SYMBOLS = ['BTC', 'ETH', 'SOL', 'XRP', 'ADA', 'DOGE', 'DOT', 'LINK', 'LTC', 'BCH', 'AVAX', 'NEAR', 'TRX', 'XLM', 'NEO', 'XTZ'].map(
  (base) => `${base}/USDT`,
);
const SUBSCRIPTIONS_PER_CLIENT = 5;

const now = (): number => performance.timeOrigin + performance.now();

interface ClientReport {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

// ---------------------------------------------------------------- client process
async function runClients(): Promise<void> {
  const { url, token, clients } = JSON.parse(process.argv[3]!) as { url: string; token: string; clients: number };
  const latencies: number[] = [];
  let recording = false;
  const sockets: Socket[] = [];
  for (let start = 0; start < clients; start += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, clients - start) }, async (_, k) => {
        const i = start + k;
        const socket = connectClient(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once('connect', () => resolve());
          socket.once('connect_error', reject);
        });
        socket.on('ticker', (tick: { sentAt: number }) => {
          if (recording) latencies.push(now() - tick.sentAt);
        });
        const symbols = Array.from({ length: SUBSCRIPTIONS_PER_CLIENT }, (_, j) => SYMBOLS[(i * SUBSCRIPTIONS_PER_CLIENT + j) % SYMBOLS.length]);
        await socket.timeout(10_000).emitWithAck('subscribe', { symbols });
      }),
    );
  }
  process.on('message', (message: string) => {
    if (message === 'record') recording = true;
    if (message === 'report') {
      recording = false;
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
      const report: ClientReport = { count: latencies.length, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN };
      for (const socket of sockets) socket.close();
      process.send!(report, () => process.exit(0));
    }
  });
  process.send!('ready');
}

// ---------------------------------------------------------------- server side
interface Target {
  url: string;
  token: string;
  publish(symbol: string, payload: object): void;
  close(): Promise<void>;
}

async function bareTarget(): Promise<Target> {
  const httpServer = http.createServer();
  const server = new Server(httpServer, { path: '/socket.io', serveClient: false });
  server.on('connection', (socket) => {
    socket.on('subscribe', async (message: { symbols: string[] }, ack: (r: object) => void) => {
      await socket.join(message.symbols.map((symbol) => `symbol:${symbol}`));
      ack({ ok: true, symbols: message.symbols });
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`,
    token: 'unused',
    publish: (symbol, payload) => server.to(`symbol:${symbol}`).emit('ticker', payload),
    close: async () => {
      server.close();
    },
  };
}

async function coincastTarget(withRedis: boolean): Promise<Target> {
  // Imported here so the bare variant runs without Nest loaded at all.
  const { createApp, loadConfig } = await import('../src/bootstrap');
  const { StreamPublisher } = await import('../src/stream/stream-publisher');
  const { candleCsv } = await import('../test/support/replay-fixture');
  const { syntheticCandles } = await import('../test/support/fake-exchange');
  const replayDir = mkdtempSync(path.join(tmpdir(), 'coincast-bench-replay-'));
  SYMBOLS.forEach((symbol, i) =>
    writeFileSync(path.join(replayDir, `${symbol.replace('/', '')}_1h.csv`), candleCsv(syntheticCandles(Date.UTC(2025, 0, 1), 48, 10 + i, i + 1))),
  );
  const prefix = `coincast-bench:${randomBytes(4).toString('hex')}:`;
  const app = await createApp(
    loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      ROLE: 'api', // no worker polling: the benchmark is the only publisher
      DATA_DIR: ':memory:',
      FRONTEND_DIST: '',
      MARKET_SOURCE: 'replay',
      REPLAY_DIR: replayDir,
      REGISTER_RATE_LIMIT: '100',
      JWT_SECRET: 'bench-secret-that-is-at-least-32-characters',
      ...(withRedis ? { REDIS_URL, REDIS_PREFIX: prefix } : {}),
    } as NodeJS.ProcessEnv),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const register = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: `bench-${randomBytes(3).toString('hex')}@example.com`, password: 'correct horse 42' },
  });
  const token = (register.json() as { accessToken: string }).accessToken;
  const publisher = app.get(StreamPublisher);
  return {
    url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`,
    token,
    publish: (symbol, payload) => publisher.toSymbol(symbol, 'ticker', payload),
    close: async () => {
      await app.close();
      rmSync(replayDir, { recursive: true, force: true });
      if (withRedis) {
        const redis = new Redis(REDIS_URL);
        const keys = await redis.keys(`${prefix}*`);
        if (keys.length) await redis.del(...keys);
        redis.disconnect();
      }
    },
  };
}

async function measure(name: string, target: Target): Promise<{ name: string; report: ClientReport; cpuPercent: number; published: number }> {
  const child: ChildProcess = fork(__filename, ['clients', JSON.stringify({ url: target.url, token: target.token, clients: CLIENTS })], {
    execArgv: ['-r', '@swc-node/register'],
  });
  const fromChild = <T>(): Promise<T> => new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
  const connectStart = performance.now();
  await fromChild<'ready'>();
  const connectMs = performance.now() - connectStart;

  // One tick per symbol per second, spread evenly over the second.
  let published = 0;
  let price = 100;
  let index = 0;
  const timer = setInterval(() => {
    const symbol = SYMBOLS[index++ % SYMBOLS.length]!;
    price += 0.01;
    target.publish(symbol, { symbol, price, change24h: 1.5, volume24h: 1234.5, timestamp: new Date().toISOString(), source: 'replay', sentAt: now() });
    published++;
  }, 1_000 / SYMBOLS.length);
  await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1_000));
  child.send('record');
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const publishedStart = published;
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
  const cpu = process.cpuUsage(cpuStart);
  const wallMs = performance.now() - wallStart;
  const publishedInWindow = published - publishedStart;
  const reportPromise = fromChild<ClientReport>();
  child.send('report');
  const report = await reportPromise;
  clearInterval(timer);
  await target.close();
  const cpuPercent = ((cpu.user + cpu.system) / 1_000 / wallMs) * 100;
  console.log(
    `${name.padEnd(15)} connect+subscribe ${CLIENTS} clients: ${Math.round(connectMs)} ms | ` +
      `${report.count.toLocaleString('en-US')} ticks received (${publishedInWindow} published) | latency p50 ${report.p50.toFixed(1)} ms, ` +
      `p99 ${report.p99.toFixed(1)} ms, max ${report.max.toFixed(1)} ms | server CPU ${cpuPercent.toFixed(1)}% of one core`,
  );
  return { name, report, cpuPercent, published: publishedInWindow };
}

async function main(): Promise<void> {
  console.log(
    `${CLIENTS} clients × ${SUBSCRIPTIONS_PER_CLIENT} of ${SYMBOLS.length} symbols, 1 tick/s per symbol, ${SECONDS}s measured after ${WARMUP_SECONDS}s warm-up`,
  );
  const results = [];
  for (const variant of VARIANTS) {
    if (variant === 'bare') results.push(await measure('bare socket.io', await bareTarget()));
    if (variant === 'coincast') results.push(await measure('coincast', await coincastTarget(false)));
    if (variant === 'coincast-redis') results.push(await measure('coincast+redis', await coincastTarget(true)));
  }
  const bare = results.find((r) => r.name === 'bare socket.io');
  if (bare) {
    for (const result of results.filter((r) => r !== bare)) {
      console.log(
        `${result.name} / bare: p99 latency ×${(result.report.p99 / bare.report.p99).toFixed(2)}, CPU ×${(result.cpuPercent / bare.cpuPercent).toFixed(2)}`,
      );
    }
  }
  process.exit(0);
}

if (process.argv[2] === 'clients') {
  runClients().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
