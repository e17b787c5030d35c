import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per-user watchlists (issue 18 item 1): the markets a user starred, per (exchange, symbol), in the order starred.
 * Deleting the account deletes its watchlist (ON DELETE CASCADE).
 */
export class Watchlist1796192710000 implements MigrationInterface {
  name = 'Watchlist1796192710000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE watchlist (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        exchange text NOT NULL,
        symbol text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, exchange, symbol)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE watchlist`);
  }
}
