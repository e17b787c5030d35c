import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per forecast, whether its point and its interval are the naive baseline's for the same origin (decided when the
 * forecast is made, by comparing with the naive forecast of the same history). NULL on rows made before this
 * column existed (read as: the point is naive when the row is the naive model's).
 */
export class ForecastsNaiveFlags1796192044258 implements MigrationInterface {
  name = 'ForecastsNaiveFlags1796192044258';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE forecasts ADD COLUMN point_is_naive boolean, ADD COLUMN interval_is_naive boolean`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE forecasts DROP COLUMN point_is_naive, DROP COLUMN interval_is_naive`);
  }
}
