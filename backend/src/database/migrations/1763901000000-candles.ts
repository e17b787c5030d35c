import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Market candles. The natural key (exchange, symbol, timeframe, open_time) is the primary key — not a uuid —
 * because every write is an upsert on exactly that key and every read is a range scan along it; a surrogate key
 * would only add a second index to maintain on the hottest table. Prices are `numeric` so exchange decimals are
 * stored exactly and served back as decimal strings.
 */
export class Candles1763901000000 implements MigrationInterface {
  name = 'Candles1763901000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE candles (
        exchange text NOT NULL,
        symbol text NOT NULL,
        timeframe text NOT NULL,
        open_time timestamptz NOT NULL,
        open numeric NOT NULL,
        high numeric NOT NULL,
        low numeric NOT NULL,
        close numeric NOT NULL,
        volume numeric NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (exchange, symbol, timeframe, open_time)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE candles`);
  }
}
