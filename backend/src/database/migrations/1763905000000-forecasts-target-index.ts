import { MigrationInterface, QueryRunner } from 'typeorm';

/** Retention deletes forecasts by target time (FORECAST_RETENTION_DAYS): without this index each pass scans the table. */
export class ForecastsTargetIndex1763905000000 implements MigrationInterface {
  name = 'ForecastsTargetIndex1763905000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX forecasts_target_time ON forecasts (target_time)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX forecasts_target_time`);
  }
}
