/**
 * Worker-thread entry of ThreadPoolForecastCompute (piscina): runs a batch of markets through the models, off the
 * event loop that serves the API and the socket stream. Models are deserialised once per thread. With a store
 * location the thread also reads the candles itself (its own small PostgreSQL pool), so the event loop never parses
 * them. No Nest here.
 */
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { CandlesRepository } from '../markets/candles.repository';
import { MarketIds } from '../markets/market-id';
import {
  modelCache,
  predictBatch,
  predictFromStore,
  unpackRequest,
  type PackedPredictRequest,
  type PredictResult,
  type StoredPredictResult,
  type StoredTask,
} from './forecast-compute';
import { readHistories } from './history-reader';

const load = modelCache();
const readers = new Map<string, CandlesRepository>();

/** One pool per database URL per thread; CandlesRepository only needs `query` (pg's rows, as TypeORM returns them). */
function readerFor(databaseUrl: string, home: string): CandlesRepository {
  let reader = readers.get(`${home} ${databaseUrl}`);
  if (!reader) {
    const pool = new Pool({ connectionString: databaseUrl, max: 2, idleTimeoutMillis: 60_000 });
    const runner = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows };
    reader = new CandlesRepository(runner as unknown as DataSource, new MarketIds(home));
    readers.set(`${home} ${databaseUrl}`, reader);
  }
  return reader;
}

export default function predict(task: PackedPredictRequest | StoredTask): PredictResult[] | Promise<StoredPredictResult[]> {
  if ('kind' in task && task.kind === 'stored') {
    const reader = readerFor(task.store.databaseUrl, task.store.home);
    return predictFromStore(task.request, (symbols, until, lookback) => readHistories(reader, symbols, until, lookback), load);
  }
  return predictBatch(unpackRequest(task as PackedPredictRequest), load);
}
