import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `closed`: the candle was fetched after its close time, so its values are final. A candle fetched while it was
 * still forming (the last one of every sync) is stored with closed = false and updated in place later; forecasts
 * start only from closed candles and are scored only against closed ones. Existing rows: a candle whose last write
 * (updated_at) came before its close time is marked not closed (the next sync refetches it from there).
 */
export class CandlesClosed1796192038975 implements MigrationInterface {
  name = 'CandlesClosed1796192038975';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE candles ADD COLUMN closed boolean NOT NULL DEFAULT true`);
    await queryRunner.query(
      `UPDATE candles SET closed = false
       WHERE open_time + (CASE timeframe WHEN '1d' THEN interval '1 day' ELSE interval '1 hour' END) > updated_at`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE candles DROP COLUMN closed`);
  }
}
