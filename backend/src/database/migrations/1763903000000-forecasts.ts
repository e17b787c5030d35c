import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Forecasting: model registry (artifacts, models per horizon group, lifecycle events) and the forecast store with
 * live-scoring columns. Forecast values are double precision: they are computed analytics, not exchange decimals.
 * `served` marks the forecasts of the model that was champion when they were made (what users were shown);
 * challengers forecast in shadow with served = false. The natural key UNIQUE (symbol, horizon, origin_time, model_version) makes a rerun of a slot a no-op
 * (INSERT … ON CONFLICT DO NOTHING), and the partial unique index allows one champion per horizon group.
 */
export class Forecasts1763903000000 implements MigrationInterface {
  name = 'Forecasts1763903000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE forecast_model_artifacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        metadata jsonb NOT NULL,
        manifest jsonb NOT NULL DEFAULT '[]',
        blob bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`
      CREATE TABLE forecast_models (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version text NOT NULL,
        type text NOT NULL,
        horizon_group text NOT NULL CHECK (horizon_group IN ('hourly', 'daily')),
        status text NOT NULL CHECK (status IN ('champion', 'challenger', 'retired')),
        artifact_id uuid REFERENCES forecast_model_artifacts(id) ON DELETE RESTRICT,
        backtest jsonb NOT NULL DEFAULT '{}',
        trained_until timestamptz,
        previous_champion_id uuid REFERENCES forecast_models(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        promoted_at timestamptz,
        retired_at timestamptz,
        UNIQUE (version, horizon_group)
      )`);
    await queryRunner.query(`CREATE UNIQUE INDEX forecast_models_one_champion ON forecast_models (horizon_group) WHERE status = 'champion'`);
    await queryRunner.query(`
      CREATE TABLE model_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        reason text NOT NULL,
        horizon_group text,
        model_id uuid REFERENCES forecast_models(id) ON DELETE SET NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX model_events_at ON model_events (at DESC)`);
    await queryRunner.query(`
      CREATE TABLE forecasts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        symbol text NOT NULL,
        horizon text NOT NULL CHECK (horizon IN ('1h', '4h', '24h', '7d', '30d')),
        origin_time timestamptz NOT NULL,
        target_time timestamptz NOT NULL,
        model_version text NOT NULL,
        model_id uuid REFERENCES forecast_models(id) ON DELETE SET NULL,
        is_naive boolean NOT NULL,
        served boolean NOT NULL,
        last_price double precision NOT NULL,
        point double precision NOT NULL,
        q05 double precision NOT NULL,
        q10 double precision NOT NULL,
        q25 double precision NOT NULL,
        q50 double precision NOT NULL,
        q75 double precision NOT NULL,
        q90 double precision NOT NULL,
        q95 double precision NOT NULL,
        input_last_candle_time timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        actual double precision,
        abs_error double precision,
        scaled_abs_error double precision,
        hit80 boolean,
        hit90 boolean,
        pinball double precision,
        scaled_pinball double precision,
        scored_at timestamptz,
        CONSTRAINT forecasts_natural_key UNIQUE (symbol, horizon, origin_time, model_version)
      )`);
    await queryRunner.query(`CREATE INDEX forecasts_unscored ON forecasts (target_time) WHERE actual IS NULL`);
    await queryRunner.query(`CREATE INDEX forecasts_model_target ON forecasts (model_version, horizon, target_time)`);
    await queryRunner.query(`CREATE INDEX forecasts_latest ON forecasts (symbol, horizon, origin_time DESC) WHERE served`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE forecasts`);
    await queryRunner.query(`DROP TABLE model_events`);
    await queryRunner.query(`DROP TABLE forecast_models`);
    await queryRunner.query(`DROP TABLE forecast_model_artifacts`);
  }
}
