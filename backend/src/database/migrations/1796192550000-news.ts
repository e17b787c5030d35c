import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * News from RSS/Atom feeds (issue 18 item 4): each configured feed's fetch state (conditional-request validators,
 * last success, last error, consecutive failures) and the stories, UNIQUE on a hash of the normalised link (or guid),
 * so the same story from two feeds is stored once, with the coins it is about (GIN index for the per-coin list).
 */
export class News1796192550000 implements MigrationInterface {
  name = 'News1796192550000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE news_feeds (
        url text PRIMARY KEY,
        title text,
        etag text,
        last_modified text,
        last_fetched_at timestamptz,
        last_success_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        consecutive_failures integer NOT NULL DEFAULT 0
      )`);
    await queryRunner.query(`
      CREATE TABLE news_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_key text NOT NULL CONSTRAINT news_items_item_key UNIQUE,
        feed_url text NOT NULL,
        source text NOT NULL,
        title text NOT NULL,
        link text NOT NULL,
        summary text,
        published_at timestamptz NOT NULL,
        fetched_at timestamptz NOT NULL DEFAULT now(),
        coins text[] NOT NULL DEFAULT '{}'
      )`);
    await queryRunner.query(`CREATE INDEX news_items_published ON news_items (published_at DESC)`);
    await queryRunner.query(`CREATE INDEX news_items_coins ON news_items USING gin (coins)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE news_items`);
    await queryRunner.query(`DROP TABLE news_feeds`);
  }
}
