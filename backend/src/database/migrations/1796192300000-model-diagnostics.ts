import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per model version and horizon group, the diagnostics the Models page draws (loss curves, calibration, error by
 * horizon against naive, the per-coin table, coverage by volatility tercile, member weights and the guard's
 * decisions), stored at registration. NULL on models registered before: those are rebuilt from the stored backtest
 * and the artifact's metadata on read, without calibration and the per-coin table.
 */
export class ModelDiagnostics1796192300000 implements MigrationInterface {
  name = 'ModelDiagnostics1796192300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE forecast_models ADD COLUMN diagnostics jsonb`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE forecast_models DROP COLUMN diagnostics`);
  }
}
