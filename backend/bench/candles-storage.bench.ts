import { randomBytes } from 'node:crypto';
import { MarketIds } from '../src/markets/market-id';
import path from 'node:path';
import { loadHistories, type Candle } from '@coincast/ml';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { CandlesRepository } from '../src/markets/candles.repository';

/**
 * Candle storage at scale (issue 19, the inputs of docs/scaling.md): BENCH_MARKETS markets (default 200: the dev set's
 * 16 hourly series stored again under other names) × BENCH_YEARS years (default 2) of hourly candles in PostgreSQL,
 * then: insert rate, bytes per row (table + primary-key index), and the read a forecast shard does (25 markets, the
 * default model's hourly lookback of ~10.5k candles each) in one LATERAL query against 25 per-market queries.
 * Usage: npm run bench -w backend -- candles-storage   (BENCH_MARKETS, BENCH_YEARS; BENCH_DATABASE_URL)
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CANDLES_DIR = path.resolve(__dirname, '..', process.env.REPLAY_DIR ?? '../../shared/data/candles');
const MARKETS = Number(process.env.BENCH_MARKETS ?? 200);
const YEARS = Number(process.env.BENCH_YEARS ?? 2);
const SHARD = 25;
const LOOKBACK = 10_500;
const EXCHANGE = 'bench';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const name = `coincast_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = new DataSource({ type: 'postgres', url: url.toString(), entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, logging: ['error'] });
  await db.initialize();
  try {
    const base = loadHistories(CANDLES_DIR).filter((h) => h.hourly.length >= YEARS * 365 * 24);
    const repo = new CandlesRepository(db, new MarketIds(EXCHANGE));
    const symbols: string[] = [];
    const t0 = Date.now();
    let rows = 0;
    let end = 0;
    for (let i = 0; i < MARKETS; i++) {
      const h = base[i % base.length]!;
      const symbol = `${h.coin}${i < base.length ? '' : Math.floor(i / base.length) + 1}/USDT`;
      const hourly: Candle[] = h.hourly.slice(-YEARS * 365 * 24);
      end = Math.max(end, hourly.at(-1)!.openTime);
      rows += await repo.upsert({ exchange: EXCHANGE, symbol, timeframe: '1h' }, hourly);
      symbols.push(symbol);
    }
    const insertS = (Date.now() - t0) / 1000;
    await db.query('VACUUM ANALYZE candles');
    const [size] = await db.query(`SELECT pg_table_size('candles') AS heap, pg_indexes_size('candles') AS idx, pg_total_relation_size('candles') AS total`);
    const perRow = Number(size.total) / rows;
    console.log(
      `[bench] stored ${rows} hourly candles (${MARKETS} markets × ${YEARS} years) in ${insertS.toFixed(0)} s (${Math.round(rows / insertS)} rows/s); ` +
        `table ${(Number(size.heap) / 2 ** 20).toFixed(0)} MiB + index ${(Number(size.idx) / 2 ** 20).toFixed(0)} MiB = ${perRow.toFixed(0)} bytes per candle`,
    );

    const shards = Array.from({ length: Math.ceil(MARKETS / SHARD) }, (_, i) => symbols.slice(i * SHARD, (i + 1) * SHARD));
    const batched: number[] = [];
    const perMarket: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const shard of shards) {
        let t = performance.now();
        const many = await repo.closedCandlesOfMany(shard, '1h', end, LOOKBACK);
        batched.push(performance.now() - t);
        if ([...many.values()].some((list) => list.length === 0)) throw new Error('a market read nothing');
        t = performance.now();
        for (const symbol of shard) await repo.closedCandles({ exchange: EXCHANGE, symbol, timeframe: '1h' }, end, LOOKBACK);
        perMarket.push(performance.now() - t);
      }
    }
    const fmt = (list: number[]) => `p50 ${percentile(list, 50).toFixed(0)} ms, p95 ${percentile(list, 95).toFixed(0)} ms`;
    console.log(
      `[bench] shard read (${SHARD} markets × ${LOOKBACK} hourly candles): one LATERAL query ${fmt(batched)}; ${SHARD} per-market queries ${fmt(perMarket)}`,
    );
  } finally {
    await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
