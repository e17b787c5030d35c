/**
 * End-to-end latency of the portfolio endpoints for a large portfolio (through Nest, TypeORM and the database):
 * CSV import of 10,000 transactions (20 assets, 3 years), then GET holdings and GET performance?range=ALL (served
 * from the in-memory ledger once replayed), and the same right after a change (the write leaves its replayed ledger). PGlite in memory by default; PostgreSQL when DATABASE_URL is set.
 *
 *   npm run bench -w backend -- portfolio-api      (or: cd backend && node -r @swc-node/register bench/portfolio-api.bench.ts)
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createApp, loadConfig } from '../src/bootstrap';
import { generateTransactions, loadPrices } from './portfolio-fixture';
import { randomBytes } from 'node:crypto';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const prices = loadPrices();
  const raw = generateTransactions(prices);
  const assets = [...prices.keys()];
  const app = await createApp(
    loadConfig({
      ...process.env,
      LOG_LEVEL: 'silent',
      DATA_DIR: process.env.DATA_DIR ?? ':memory:',
      FRONTEND_DIST: '',
      ROLE: 'api',
      JWT_SECRET: process.env.JWT_SECRET ?? randomBytes(32).toString('hex'),
      TRACKED_SYMBOLS: assets.map((asset) => `${asset}/USDT`).join(','),
    }),
  );
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const db = app.get<DataSource>(getDataSourceToken());

  // Daily candles as the market-data domain stores them.
  for (const [asset, days] of prices) {
    const rows = [...days];
    await db.query(
      `INSERT INTO candles (exchange, symbol, timeframe, open_time, open, high, low, close, volume)
       SELECT 'binance', $1, '1d', d::timestamptz, o, greatest(o, c), least(o, c), c, 0
       FROM unnest($2::text[], $3::numeric[], $4::numeric[]) AS u(d, o, c) ON CONFLICT DO NOTHING`,
      [`${asset}/USDT`, rows.map(([day]) => `${day}T00:00:00Z`), rows.map(([, p]) => p.open), rows.map(([, p]) => p.close)],
    );
  }

  const email = `bench-${Date.now()}@example.com`;
  const register = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: { email, password: 'bench password 1' } });
  const headers = { authorization: `Bearer ${register.json().accessToken}` };
  const portfolio = (await app.inject({ method: 'POST', url: '/api/v1/portfolios', headers, payload: { name: 'bench', costBasisMethod: 'fifo' } })).json();
  const base = `/api/v1/portfolios/${portfolio.id}`;

  const csv = [
    'type,time,asset,quantity,price,fee_amount,fee_currency',
    ...raw.map((r) => [r.type, r.time, r.asset, r.quantity, r.price, r.fee === '0' ? '' : r.fee, r.fee === '0' ? '' : 'USDT'].join(',')),
  ].join('\n');
  // Wall time, and this process's CPU time (with PGlite the database runs in-process too): on a shared, busy
  // machine the CPU figure is the one that says what the code costs.
  const timed = async (label: string, run: () => Promise<{ statusCode: number; body: string }>) => {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const response = await run();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpuStart);
    if (response.statusCode >= 300) throw new Error(`${label}: ${response.statusCode} ${response.body.slice(0, 300)}`);
    return { ms, cpu: (used.user + used.system) / 1000, response };
  };
  const fmt = (r: { ms: number; cpu: number }) => `${r.ms.toFixed(0)} ms wall, ${r.cpu.toFixed(0)} ms CPU`;

  const dryRun = await timed('import dry run', () => app.inject({ method: 'POST', url: `${base}/import`, headers, payload: { csv, dryRun: true } }));
  const imported = await timed('import', () => app.inject({ method: 'POST', url: `${base}/import`, headers, payload: { csv } }));
  const reimport = await timed('re-import', () => app.inject({ method: 'POST', url: `${base}/import`, headers, payload: { csv } }));
  const result = JSON.parse(imported.response.body);

  const list: Array<{ ms: number; cpu: number }> = [];
  for (let i = 0; i < Math.min(RUNS, 3); i++) list.push(await timed('transactions', () => app.inject({ method: 'GET', url: `${base}/transactions`, headers })));
  const holdings: Array<{ ms: number; cpu: number }> = [];
  const perf: Array<{ ms: number; cpu: number }> = [];
  let perfBody = '';
  for (let i = 0; i < RUNS; i++) {
    holdings.push(await timed('holdings', () => app.inject({ method: 'GET', url: `${base}/holdings`, headers })));
    const p = await timed('performance', () => app.inject({ method: 'GET', url: `${base}/performance?range=ALL`, headers }));
    perf.push(p);
    perfBody = p.response.body;
  }
  // Right after a change: the write leaves its replayed ledger in memory; performance converts the new ledger once.
  const coldHoldings: Array<{ ms: number; cpu: number }> = [];
  const coldPerf: Array<{ ms: number; cpu: number }> = [];
  for (let i = 0; i < 3; i++) {
    const change = await app.inject({
      method: 'POST',
      url: `${base}/transactions`,
      headers,
      payload: { type: 'deposit', time: '2024-12-31T12:00:00Z', asset: assets[0], quantity: '0.001', price: '1' },
    });
    if (change.statusCode !== 201) throw new Error(`change: ${change.statusCode} ${change.body}`);
    coldHoldings.push(await timed('holdings after a change', () => app.inject({ method: 'GET', url: `${base}/holdings`, headers })));
    await app.inject({
      method: 'POST',
      url: `${base}/transactions`,
      headers,
      payload: { type: 'income', time: '2024-12-31T13:00:00Z', asset: assets[0], quantity: '0.001', price: '0' },
    });
    coldPerf.push(await timed('performance after a change', () => app.inject({ method: 'GET', url: `${base}/performance?range=ALL`, headers })));
  }
  const summary = (samples: Array<{ ms: number; cpu: number }>) =>
    `median ${median(samples.map((s) => s.ms)).toFixed(0)} ms wall, ${median(samples.map((s) => s.cpu)).toFixed(0)} ms CPU ` +
    `(min ${Math.min(...samples.map((s) => s.ms)).toFixed(0)} ms wall) over ${RUNS} runs`;
  const series = JSON.parse(perfBody);
  const again = JSON.parse(reimport.response.body);
  console.log(
    `portfolio-api: ${raw.length} transactions, ${assets.length} assets, storage ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite (in memory)'}, node ${process.version}`,
  );
  console.log(`  POST import (dry run, ${raw.length} rows): ${fmt(dryRun)}`);
  console.log(`  POST import (${result.added} added, ${result.errors.length} errors): ${fmt(imported)}`);
  console.log(`  POST import again (${again.duplicates} duplicates, added ${again.added}): ${fmt(reimport)}`);
  console.log(`  GET transactions (${raw.length} rows): ${summary(list).replace(`over ${RUNS} runs`, `over ${list.length} runs`)}`);
  console.log(`  GET holdings: ${summary(holdings)}`);
  console.log(`  GET performance?range=ALL (${series.series.length} daily points): ${summary(perf)}`);
  console.log(`  GET holdings right after a change: ${summary(coldHoldings).replace(`over ${RUNS} runs`, `over ${coldHoldings.length} runs`)}`);
  console.log(`  GET performance right after a change: ${summary(coldPerf).replace(`over ${RUNS} runs`, `over ${coldPerf.length} runs`)}`);
  await app.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
