import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { Forecasts1763903000000 } from '../../src/database/migrations/1763903000000-forecasts';
import { createForecastDb } from './forecast-fixtures';

const TABLES = ['forecast_model_artifacts', 'forecast_models', 'forecasts', 'model_events'];

describe('forecasts migration', () => {
  let db: DataSource;
  let close: () => Promise<void>;
  beforeAll(async () => ({ db, close } = await createForecastDb()));
  afterAll(async () => close());

  // Through the query runner while it is held: the embedded PGlite has a single connection.
  const tables = async (q: Pick<DataSource, 'query'> = db) =>
    (
      (await q.query(`SELECT table_name FROM information_schema.tables WHERE table_name = ANY($1::text[]) ORDER BY 1`, [`{${TABLES.join(',')}}`])) as Array<{
        table_name: string;
      }>
    ).map((r) => r.table_name);

  it('down() removes every table and up() recreates them', async () => {
    expect(await tables()).toEqual(TABLES);
    const runner = db.createQueryRunner();
    try {
      await new Forecasts1763903000000().down(runner);
      expect(await tables(runner)).toEqual([]);
      await new Forecasts1763903000000().up(runner);
      expect(await tables(runner)).toEqual(TABLES);
    } finally {
      await runner.release();
    }
  });

  it('allows one champion per horizon group and one forecast per (symbol, horizon, origin, model version)', async () => {
    await db.query(`INSERT INTO forecast_models (version, type, horizon_group, status) VALUES ('a', 'naive', 'hourly', 'champion')`);
    await expect(db.query(`INSERT INTO forecast_models (version, type, horizon_group, status) VALUES ('b', 'naive', 'hourly', 'champion')`)).rejects.toThrow(
      /forecast_models_one_champion/,
    );
    const insert = `INSERT INTO forecasts (symbol, horizon, origin_time, target_time, model_version, is_naive, served, last_price, point,
        q05, q10, q25, q50, q75, q90, q95, input_last_candle_time)
      VALUES ('BTC/USDT', '1h', '2025-01-01T00:00Z', '2025-01-01T01:00Z', 'naive', true, true, 1, 1, 1, 1, 1, 1, 1, 1, 1, '2024-12-31T23:00Z')`;
    await db.query(insert);
    await expect(db.query(insert)).rejects.toThrow(/forecasts_natural_key/);
    await expect(db.query(insert.replace("'1h'", "'2h'"))).rejects.toThrow(/check constraint/);
  });
});
