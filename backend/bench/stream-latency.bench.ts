/**
 * Exchange event → dashboard socket latency, websocket stream vs REST polling, in one run (issue 18 item 3).
 *
 * 100 markets, each updated 10 times a second at a loopback fake Binance (REST and market streams, test/support).
 * Variant `websocket`: the app streams tickers through ccxt's watchTickers (EXCHANGE_WS_URL = the fake stream).
 * Variant `poll`: the app polls REST every TICKER_POLL_MS (default 1,000 ms, the production default).
 * A socket.io client subscribed to all 100 markets measures, for every price change at the exchange, the time until
 * the dashboard shows that price or a newer one (a poll that skips intermediate prices delivers them late, by the
 * newer price); it also counts how many distinct prices reached it.
 *
 *   npm run bench -w backend -- stream-latency        (BENCH_MARKETS=100 BENCH_HZ=10 BENCH_SECONDS=15 TICKER_POLL_MS=1000)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { io, Socket } from 'socket.io-client';
import { createApp, loadConfig } from '../src/bootstrap';
import { TIMEFRAME_MS } from '../src/markets/candle';
import type { Tick } from '../src/markets/tick';
import { FakeMarket, startFakeExchange, syntheticCandles } from '../test/support/fake-exchange';
import { startFakeExchangeStream } from '../test/support/fake-exchange-stream';

const MARKETS = Number(process.env.BENCH_MARKETS ?? 100);
const HZ = Number(process.env.BENCH_HZ ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const POLL_MS = process.env.TICKER_POLL_MS ?? '1000';
const WARMUP_MS = 2_000;
const HOUR = TIMEFRAME_MS['1h'];

/** Three-letter synthetic bases AAA, AAB, …: 100 distinct USDT markets. */
const bases = Array.from({ length: MARKETS }, (_, i) => String.fromCharCode(65 + Math.floor(i / 676), 65 + (Math.floor(i / 26) % 26), 65 + (i % 26)));

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

async function runVariant(variant: 'websocket' | 'poll'): Promise<string> {
  const start = Math.floor(Date.now() / HOUR) * HOUR - 30 * HOUR;
  const markets: FakeMarket[] = bases.map((base, i) => ({ base, quote: 'USDT', candles: syntheticCandles(start, 31, 100 + i, i + 1) }));
  const rest = await startFakeExchange(markets);
  const stream = await startFakeExchangeStream();
  const app = await createApp(
    loadConfig({
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      DATA_DIR: ':memory:',
      FRONTEND_DIST: '',
      ROLE: 'all',
      JWT_SECRET: randomBytes(32).toString('hex'),
      MARKET_SOURCE: 'ccxt',
      EXCHANGE_ID: 'binance',
      EXCHANGE_PUBLIC_API_URL: rest.publicApiUrl,
      EXCHANGE_WS_URL: stream.url,
      MARKET_STREAM: variant,
      TRACKED_SYMBOLS: bases.map((base) => `${base}/USDT`).join(','),
      TICKER_POLL_MS: POLL_MS,
      BACKFILL_DAYS_1H: '1',
      BACKFILL_DAYS_1D: '2',
      CANDLE_CATCHUP_SECONDS: '86400',
      INTRADAY_TIMEFRAMES: 'none',
      FORECASTS_ENABLED: 'false',
      REGISTER_RATE_LIMIT: '1000',
    }),
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const register = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    payload: { email: `bench-${Date.now()}@example.com`, password: 'bench password 1' },
  });
  const token = register.json().accessToken as string;

  // Price of market i at update `seq`: unique, so a received tick names the update it carries.
  const priceOf = (i: number, seq: number) => 1_000 + 10 * i + seq / 1_000; // far from the fixtures' ~100 + i
  const indexOf = new Map(bases.map((base, i) => [`${base}/USDT`, i]));
  /** changedAt[i][seq]: when the exchange moved market i to its price of update seq (recorded updates only). */
  const changedAt: number[][] = bases.map(() => []);
  const shown: number[] = bases.map(() => 0);
  let seq = 0;
  let recording = false;
  let sent = 0;
  let distinct = 0;
  const latencies: number[] = [];

  const socket: Socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.on('ticker', (tick: Tick) => {
    const i = indexOf.get(tick.symbol);
    if (i === undefined) return;
    const tickSeq = Math.round((tick.price - 1_000 - 10 * i) * 1_000);
    if (tickSeq <= shown[i]! || tickSeq > seq) return; // older, or a price from before the run
    const now = Date.now();
    // Every change up to this one is now visible (superseded ones by this newer price).
    for (let k = shown[i]! + 1; k <= tickSeq; k++) {
      const at = changedAt[i]![k];
      if (at !== undefined) latencies.push(now - at);
    }
    if (changedAt[i]![tickSeq] !== undefined) distinct++;
    shown[i] = tickSeq;
  });
  const symbols = bases.map((base) => `${base}-USDT`);
  for (let i = 0; i < symbols.length; i += 50) await socket.emitWithAck('subscribe', { symbols: symbols.slice(i, i + 50) });
  if (variant === 'websocket') for (const base of bases) await stream.waitForSubscription(`${base.toLowerCase()}usdt@miniTicker`, 30_000);

  const update = () => {
    seq++;
    const now = Date.now();
    markets.forEach((market, i) => {
      const price = priceOf(i, seq);
      if (recording) {
        changedAt[i]![seq] = now;
        sent++;
      }
      const last = market.candles.at(-1)!;
      market.candles = [...market.candles.slice(-30, -1), { ...last, close: price, high: Math.max(last.high, price), low: Math.min(last.low, price) }];
      rest.setMarket(market);
      if (variant === 'websocket') stream.pushTicker(`${market.base}USDT`, price, now);
    });
  };
  const cpuBefore = { usage: process.cpuUsage(), at: Date.now() };
  const timer = setInterval(update, 1_000 / HZ);
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  recording = true;
  const cpuStart = process.cpuUsage(cpuBefore.usage);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
  recording = false;
  clearInterval(timer);
  const cpu = process.cpuUsage(cpuBefore.usage);
  const cpuMs = (cpu.user + cpu.system - cpuStart.user - cpuStart.system) / 1_000;
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // late ticks of the last updates
  socket.close();
  await app.close();
  await stream.close();
  await rest.close();

  const sorted = [...latencies].sort((a, b) => a - b);
  return (
    `  ${variant.padEnd(9)} change → shown: p50 ${percentile(sorted, 50)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms ` +
    `(${sorted.length} of ${sent} changes shown; ${((100 * distinct) / Math.max(1, sent)).toFixed(1)} % of the prices themselves); ` +
    `process CPU ${(cpuMs / SECONDS / 10).toFixed(0)} % of a core (fakes and client included)`
  );
}

async function main(): Promise<void> {
  console.log(`stream-latency: ${MARKETS} markets x ${HZ} updates/s for ${SECONDS} s, REST poll every ${POLL_MS} ms, node ${process.version}`);
  for (const variant of ['websocket', 'poll'] as const) console.log(await runVariant(variant));
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
