import path from 'node:path';
import { MarketIds } from '../src/markets/market-id';
import { DataSource } from 'typeorm';
import { Candle } from '../src/markets/candle';
import { CandleSeriesKey, CandlesRepository } from '../src/markets/candles.repository';
import { listReplayFiles, readReplayFile } from '../src/markets/replay/replay-csv';
import { RawSeries } from '../src/markets/replay/replay-series';
import { MIGRATIONS } from '../src/database/migrations';
import { withBenchDatabase } from './bench-database';

/**
 * Backfill throughput into a real PostgreSQL: every hourly candle of the replay folder (16 coins, ~880k candles)
 * through CandlesRepository.upsert — the write path the ingestion uses — into a throwaway database.
 *   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres)  REPLAY_DIR (default ../shared/data/candles)
 *   BENCH_LANES (parallel connections, default 2)
 * Also measured: the idempotent rerun (every row conflicts, nothing changes) and, on 3 coins, a multi-row
 * VALUES insert for comparison with the unnest form the repository uses.
 */
const REPLAY_DIR = path.resolve(__dirname, '..', process.env.REPLAY_DIR ?? '../../shared/data/candles');
const LANES = Number(process.env.BENCH_LANES ?? 2);

/** Runs one job per series on `lanes` concurrent connections. */
async function inLanes(series: RawSeries[], lanes: number, job: (s: RawSeries) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < series.length) await job(series[next++]!);
    }),
  );
}

/** The alternative measured against: multi-row VALUES, 1,000 rows (9,000 parameters) per statement. */
async function valuesUpsert(db: DataSource, key: CandleSeriesKey, candles: Candle[]): Promise<void> {
  for (let start = 0; start < candles.length; start += 1_000) {
    const batch = candles.slice(start, start + 1_000);
    const params: unknown[] = [];
    const rows = batch.map((c) => {
      params.push(key.exchange, key.symbol, key.timeframe, new Date(c.openTime).toISOString(), c.open, c.high, c.low, c.close, c.volume);
      const p = params.length - 9;
      return `($${p + 1},$${p + 2},$${p + 3},$${p + 4}::timestamptz,$${p + 5}::numeric,$${p + 6}::numeric,$${p + 7}::numeric,$${p + 8}::numeric,$${p + 9}::numeric)`;
    });
    await db.query(
      `INSERT INTO candles (exchange, symbol, timeframe, open_time, open, high, low, close, volume) VALUES ${rows.join(',')}
       ON CONFLICT (exchange, symbol, timeframe, open_time) DO UPDATE SET open = excluded.open, high = excluded.high,
         low = excluded.low, close = excluded.close, volume = excluded.volume, updated_at = now()`,
      params,
    );
  }
}

async function main(): Promise<void> {
  const parseStart = performance.now();
  const files = (await listReplayFiles(REPLAY_DIR)).filter((file) => file.timeframe === '1h');
  const series = await Promise.all(files.map((file) => readReplayFile(file)));
  const total = series.reduce((sum, s) => sum + s.candles.length, 0);
  const parseMs = performance.now() - parseStart;
  console.log(`replay folder: ${series.length} coins, ${total.toLocaleString('en-US')} hourly candles (CSV parse ${Math.round(parseMs)} ms)`);

  await withBenchDatabase(async (url) => {
    const db = new DataSource({ type: 'postgres', url, migrations: MIGRATIONS, extra: { max: Math.max(2, LANES) }, logging: ['error'] });
    await db.initialize();
    await db.runMigrations();
    const repository = new CandlesRepository(db, new MarketIds('binance'));
    const key = (s: RawSeries): CandleSeriesKey => ({ exchange: 'binance', symbol: s.symbol, timeframe: '1h' });
    const rate = (count: number, ms: number) => `${Math.round(count / (ms / 1000)).toLocaleString('en-US')} candles/s`;

    let start = performance.now();
    await inLanes(series, LANES, async (s) => void (await repository.upsert(key(s), s.candles)));
    const coldMs = performance.now() - start;
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM candles`);
    if (n !== total) throw new Error(`expected ${total} rows, found ${n}`);
    console.log(`backfill (unnest upsert, ${LANES} lanes, empty table): ${Math.round(coldMs)} ms  → ${rate(total, coldMs)}`);

    start = performance.now();
    await inLanes(series, LANES, async (s) => void (await repository.upsert(key(s), s.candles)));
    const rerunMs = performance.now() - start;
    const [{ n: after }] = await db.query(`SELECT count(*)::int AS n FROM candles`);
    if (after !== total) throw new Error('rerun changed the row count');
    console.log(`rerun, same candles (idempotent: all conflicts, no row changed): ${Math.round(rerunMs)} ms  → ${rate(total, rerunMs)}`);

    const sample = series.slice(0, 3);
    const sampleTotal = sample.reduce((sum, s) => sum + s.candles.length, 0);
    await db.query(`TRUNCATE candles`);
    start = performance.now();
    for (const s of sample) await repository.upsert(key(s), s.candles);
    const unnestMs = performance.now() - start;
    await db.query(`TRUNCATE candles`);
    start = performance.now();
    for (const s of sample) await valuesUpsert(db, key(s), s.candles);
    const valuesMs = performance.now() - start;
    console.log(
      `same ${sampleTotal.toLocaleString('en-US')} candles, 1 lane: unnest ${rate(sampleTotal, unnestMs)} vs multi-row VALUES ${rate(sampleTotal, valuesMs)}`,
    );
    await db.destroy();
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
