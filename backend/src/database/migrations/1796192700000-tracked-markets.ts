import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The runtime market catalogue (issue 18 item 1): one row per (exchange, symbol) ever tracked. `status` is
 * `backfilling` while the history of a market an admin added is fetched, `tracking` once it is ingested by the
 * regular candle sync, `removed` when an admin stopped it (its candles are kept). `position` keeps the list in the
 * order markets were added (the seeded TRACKED_SYMBOLS / default order first). The backfill_* columns are the
 * progress of the last backfill (candles fetched / expected, start, end, last error).
 */
export class TrackedMarkets1796192700000 implements MigrationInterface {
  name = 'TrackedMarkets1796192700000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tracked_markets (
        exchange text NOT NULL,
        symbol text NOT NULL,
        status text NOT NULL CONSTRAINT tracked_markets_status CHECK (status IN ('backfilling', 'tracking', 'removed')),
        position integer NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        added_by uuid REFERENCES users (id) ON DELETE SET NULL,
        removed_at timestamptz,
        backfill_fetched integer NOT NULL DEFAULT 0,
        backfill_expected integer NOT NULL DEFAULT 0,
        backfill_progress real NOT NULL DEFAULT 0,
        backfill_started_at timestamptz,
        backfill_finished_at timestamptz,
        backfill_error text,
        PRIMARY KEY (exchange, symbol)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE tracked_markets`);
  }
}
