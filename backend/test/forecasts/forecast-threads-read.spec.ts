import path from 'node:path';
import { MarketIds } from '../../src/markets/market-id';
import { etsModel } from '@coincast/ml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forecastThreadFile, InProcessForecastCompute, ThreadPoolForecastCompute } from '../../src/forecasts/forecast-compute';
import { ForecastRunner } from '../../src/forecasts/forecast-runner';
import { ForecastsRepository } from '../../src/forecasts/forecasts.repository';
import { MarketsForecastData } from '../../src/forecasts/market-data.adapter';
import { ModelRegistry } from '../../src/forecasts/model-registry.repository';
import { CandlesRepository } from '../../src/markets/candles.repository';
import type { MarketDataProvider } from '../../src/markets/market-data-provider';
import type { MarketsService } from '../../src/markets/markets.service';
import { createForecastDb, HOUR, randomWalk } from './forecast-fixtures';
import type { DataSource } from 'typeorm';

const EXCHANGE = 'threads';
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'LATE/USDT'];
const SLOT = Date.UTC(2025, 2, 1, 12);
const START = SLOT - 30 * 24 * HOUR;

/**
 * Issue 19: with PostgreSQL the forecasting threads read the candles themselves, so the event loop never parses
 * them. The stored forecasts must be exactly those of the event-loop path, late markets must still be retried.
 */
// The compiled thread entry (dist/: `npm test` builds first); swc must not run inside worker threads.
const THREAD_FILE = forecastThreadFile(path.resolve(__dirname, '../../dist/forecasts'));

describe.runIf(process.env.CI === 'true' || (!!process.env.TEST_DATABASE_URL && !!THREAD_FILE))('forecasting threads reading candles from PostgreSQL', () => {
  let db: DataSource;
  let close: () => Promise<void>;
  let pool: ThreadPoolForecastCompute;

  beforeAll(async () => {
    ({ db, close } = await createForecastDb());
    const repo = new CandlesRepository(db, new MarketIds(EXCHANGE));
    for (const [i, symbol] of SYMBOLS.entries()) {
      // LATE/USDT's last hour is not stored yet: it must be reported missing, not forecast from an older candle.
      const hourly = randomWalk(START, 30 * 24 - (symbol === 'LATE/USDT' ? 1 : 0), 100 * (i + 1), 5 + i);
      await repo.upsert({ exchange: EXCHANGE, symbol, timeframe: '1h' }, hourly, SLOT + 60_000);
    }
    const url = (db.options as { url?: string }).url!;
    if (!THREAD_FILE) throw new Error('dist/forecasts/forecast.thread.js is missing: run npm run build');
    pool = new ThreadPoolForecastCompute(THREAD_FILE, 2, { databaseUrl: url, home: EXCHANGE });
  });
  afterAll(async () => {
    await pool?.close();
    await close?.();
  });

  it('stores exactly what the event-loop path stores, and reports the late market', async () => {
    const provider = { exchange: EXCHANGE, now: () => SLOT + 60_000 } as unknown as MarketDataProvider;
    const markets = { trackedSymbols: async () => SYMBOLS, ingestedSymbols: async () => SYMBOLS } as unknown as MarketsService;
    const market = new MarketsForecastData(provider, markets, new CandlesRepository(db, new MarketIds(EXCHANGE)));
    const registry = new ModelRegistry(db, () => new Date(SLOT));
    await registry.ensureBaseline();
    const [record] = await registry.registerChallenger(etsModel(), {
      version: 'ets-1',
      trainedUntil: SLOT,
      backtest: { hourly: {}, daily: {} },
      reason: 'test',
    });
    await registry.promote(record!.id, 'test');
    const store = new ForecastsRepository(db);
    const run = (compute: InProcessForecastCompute | ThreadPoolForecastCompute) =>
      new ForecastRunner(market, registry, store, { publish: () => undefined }, () => undefined, { graceMs: 0 }, compute).runSlot('hourly', SLOT);

    expect(pool.readsCandles).toBe(true);
    const inThreads = await run(pool); // grace 0: the late market is left out, not retried
    expect(inThreads.skipped).toEqual(['LATE/USDT']);
    expect(inThreads.inserted).toBe(3 * 2 * 3); // 3 markets × (champion + naive) × 3 hourly horizons
    const stored = await db.query(`SELECT symbol, horizon, model_version, point, q10, q90, input_last_candle_time FROM forecasts ORDER BY 1, 2, 3`);

    await db.query('DELETE FROM forecasts');
    const onLoop = await run(new InProcessForecastCompute());
    expect(onLoop.skipped).toEqual(['LATE/USDT']);
    expect(await db.query(`SELECT symbol, horizon, model_version, point, q10, q90, input_last_candle_time FROM forecasts ORDER BY 1, 2, 3`)).toEqual(stored);
  });
});
