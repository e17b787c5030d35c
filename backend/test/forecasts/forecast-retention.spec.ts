import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../src/config/app-config';
import type { ForecastMarketData } from '../../src/forecasts/forecast-ports';
import { ForecastsRepository } from '../../src/forecasts/forecasts.repository';
import { ForecastsWorker } from '../../src/forecasts/forecasts.worker';
import { createForecastDb, DAY } from './forecast-fixtures';

describe('forecast retention', () => {
  let db: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await createForecastDb()));
  afterAll(async () => close());

  const insertForecast = (symbol: string, targetTime: number) =>
    db.query(
      `INSERT INTO forecasts (symbol, horizon, origin_time, target_time, model_version, is_naive, served, last_price, point,
         q05, q10, q25, q50, q75, q90, q95, input_last_candle_time)
       VALUES ($1, '24h', $2, $3, 'naive', true, true, 1, 1, 1, 1, 1, 1, 1, 1, 1, $2)`,
      [symbol, new Date(targetTime - DAY).toISOString(), new Date(targetTime).toISOString()],
    );

  it('deletes, in batches, exactly the forecasts whose target is before the cutoff', async () => {
    const cutoff = Date.parse('2025-01-01T00:00:00Z');
    const old = Array.from({ length: 7 }, (_, i) => cutoff - (i + 1) * DAY);
    for (const [i, target] of old.entries()) await insertForecast(`OLD${i}/USDT`, target);
    await insertForecast('EDGE/USDT', cutoff); // exactly at the cutoff: kept
    await insertForecast('NEW/USDT', cutoff + DAY);

    const deleted = await new ForecastsRepository(db).pruneBefore(cutoff, 3); // 3 + 3 + 1: the loop must continue past full batches
    expect(deleted).toBe(7);
    const left = (await db.query(`SELECT symbol FROM forecasts ORDER BY symbol`)) as Array<{ symbol: string }>;
    expect(left.map((r) => r.symbol)).toEqual(['EDGE/USDT', 'NEW/USDT']);
    expect(await new ForecastsRepository(db).pruneBefore(cutoff, 3)).toBe(0);
  });

  it('the worker keeps FORECAST_RETENTION_DAYS of forecasts, counted on the market clock; 0 keeps everything', async () => {
    await db.query('DELETE FROM forecasts');
    const now = Date.parse('2025-06-01T00:00:00Z');
    await insertForecast('KEPT/USDT', now - 59 * DAY);
    await insertForecast('GONE/USDT', now - 61 * DAY);
    const market = { now: () => now } as ForecastMarketData;
    const worker = (days: number) =>
      // Retention needs only the store and the market clock; the scheduling collaborators are not involved.
      new ForecastsWorker(
        { env: { FORECAST_RETENTION_DAYS: days } } as AppConfig,
        null!,
        null!,
        null!,
        null!,
        null!,
        new ForecastsRepository(db),
        market,
        null!,
      );

    expect(await worker(0).pruneExpiredForecasts()).toBe(0);
    expect(Number((await db.query('SELECT count(*)::int AS n FROM forecasts'))[0].n)).toBe(2);
    expect(await worker(60).pruneExpiredForecasts()).toBe(1);
    const left = (await db.query('SELECT symbol FROM forecasts')) as Array<{ symbol: string }>;
    expect(left.map((r) => r.symbol)).toEqual(['KEPT/USDT']);
  });
});
