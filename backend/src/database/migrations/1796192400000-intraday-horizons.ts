import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sub-hour forecasts (issue 21): the horizons 1m / 5m / 15m / 30m and their horizon group `intraday` (its own
 * champion, naive baseline and lifecycle, like hourly and daily). Only the CHECK constraints list them.
 */
export class IntradayHorizons1796192400000 implements MigrationInterface {
  name = 'IntradayHorizons1796192400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE forecasts DROP CONSTRAINT IF EXISTS forecasts_horizon_check`);
    await queryRunner.query(
      `ALTER TABLE forecasts ADD CONSTRAINT forecasts_horizon_check CHECK (horizon IN ('1m', '5m', '15m', '30m', '1h', '4h', '24h', '7d', '30d'))`,
    );
    await queryRunner.query(`ALTER TABLE forecast_models DROP CONSTRAINT IF EXISTS forecast_models_horizon_group_check`);
    await queryRunner.query(
      `ALTER TABLE forecast_models ADD CONSTRAINT forecast_models_horizon_group_check CHECK (horizon_group IN ('intraday', 'hourly', 'daily'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM forecasts WHERE horizon IN ('1m', '5m', '15m', '30m')`);
    await queryRunner.query(`DELETE FROM model_events WHERE horizon_group = 'intraday'`);
    await queryRunner.query(`DELETE FROM forecast_models WHERE horizon_group = 'intraday'`);
    await queryRunner.query(`ALTER TABLE forecasts DROP CONSTRAINT IF EXISTS forecasts_horizon_check`);
    await queryRunner.query(`ALTER TABLE forecasts ADD CONSTRAINT forecasts_horizon_check CHECK (horizon IN ('1h', '4h', '24h', '7d', '30d'))`);
    await queryRunner.query(`ALTER TABLE forecast_models DROP CONSTRAINT IF EXISTS forecast_models_horizon_group_check`);
    await queryRunner.query(`ALTER TABLE forecast_models ADD CONSTRAINT forecast_models_horizon_group_check CHECK (horizon_group IN ('hourly', 'daily'))`);
  }
}
