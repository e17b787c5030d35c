import { tmpdir } from 'node:os';
import { MarketIds } from '../src/markets/market-id';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { loadHistories, type CoinHistory } from '@coincast/ml';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { MIGRATIONS } from '../src/database/migrations';
import { MarketsForecastData } from '../src/forecasts/market-data.adapter';
import { CandlesRepository } from '../src/markets/candles.repository';
import type { MarketDataProvider } from '../src/markets/market-data-provider';
import type { MarketsService } from '../src/markets/markets.service';

/**
 * Shared set-up of the forecasting benchmarks: a throwaway PostgreSQL database (BENCH_DATABASE_URL, default the
 * local server) migrated like production, and the dev candles of `REPLAY_DIR` (default ../shared/data/candles)
 * stored in the candles table for 20 coins (the dev set has 16 with hourly data: the first 4 are stored a second
 * time under other names to reach 20). The forecasting code then reads them through its real adapter.
 */
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const CANDLES_DIR = path.resolve(__dirname, '..', process.env.REPLAY_DIR ?? '../../shared/data/candles');
export const BENCH_COINS = Number(process.env.BENCH_COINS ?? 20);
const EXCHANGE = 'bench';

export interface BenchMarket {
  db: DataSource;
  market: MarketsForecastData;
  symbols: string[];
  /** Close time of the newest hourly candle. */
  dataEnd: number;
  setNow(t: number): void;
  close(): Promise<void>;
}

export function benchHistories(coins = BENCH_COINS): CoinHistory[] {
  const base = loadHistories(CANDLES_DIR).filter((h) => h.hourly.length > 0);
  const out: CoinHistory[] = [];
  for (let i = 0; out.length < coins; i++) {
    const h = base[i % base.length]!;
    out.push({ ...h, coin: i < base.length ? h.coin : `${h.coin}${Math.floor(i / base.length) + 1}` });
  }
  return out;
}

/** Stores the candles (hourly: the last `hourlyDays` days) and returns the forecasting adapter over them. */
export async function benchMarket(hourlyDays: number, coins = BENCH_COINS): Promise<BenchMarket> {
  const name = `coincast_bench_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const db = new DataSource({ type: 'postgres', url: url.toString(), entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, logging: ['error'] });
  await db.initialize();

  const histories = benchHistories(coins);
  const repo = new CandlesRepository(db, new MarketIds(EXCHANGE));
  const symbols: string[] = [];
  const started = Date.now();
  let rows = 0;
  for (const h of histories) {
    const symbol = `${h.coin}/USDT`;
    symbols.push(symbol);
    const hourly = h.hourly.slice(-hourlyDays * 24);
    rows += await repo.upsert({ exchange: EXCHANGE, symbol, timeframe: '1h' }, hourly);
    rows += await repo.upsert({ exchange: EXCHANGE, symbol, timeframe: '1d' }, h.daily);
  }
  const dataEnd = Math.max(...histories.map((h) => h.hourly.at(-1)!.openTime)) + 3_600_000;
  console.log(`[bench] stored ${rows} candles of ${symbols.length} coins (${hourlyDays} days hourly) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  let now = dataEnd;
  const provider = { exchange: EXCHANGE, now: () => now } as unknown as MarketDataProvider;
  const markets = { trackedSymbols: async () => symbols, ingestedSymbols: async () => symbols } as unknown as MarketsService;
  return {
    db,
    market: new MarketsForecastData(provider, markets, new CandlesRepository(db, new MarketIds(EXCHANGE))),
    symbols,
    dataEnd,
    setNow: (t) => (now = t),
    close: async () => {
      await db.destroy();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Where the retraining benchmark leaves its model for the cycle benchmark. */
export const BENCH_MODEL_DIR = path.join(tmpdir(), 'coincast-forecast-bench-model');
