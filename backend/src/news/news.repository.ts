import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NewsFeed } from './news.entities';

export interface NewNewsItem {
  itemKey: string;
  feedUrl: string;
  source: string;
  title: string;
  link: string;
  summary: string | null;
  publishedAt: Date;
  coins: string[];
}

export interface StoredNewsItem {
  id: string;
  source: string;
  title: string;
  link: string;
  summary: string | null;
  publishedAt: Date;
  coins: string[];
}

type Row = Record<string, unknown>;

/** All SQL of news_feeds and news_items. */
@Injectable()
export class NewsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private get feeds() {
    return this.db.getRepository(NewsFeed);
  }

  /** The state of each of `urls` (a feed never fetched has a fresh row). */
  async feedStates(urls: readonly string[]): Promise<NewsFeed[]> {
    if (urls.length === 0) return [];
    await this.db.query(`INSERT INTO news_feeds (url) SELECT unnest($1::text[]) ON CONFLICT (url) DO NOTHING`, [[...urls]]);
    const rows = await this.feeds.createQueryBuilder('f').where('f.url IN (:...urls)', { urls }).getMany();
    const byUrl = new Map(rows.map((row) => [row.url, row]));
    return urls.map((url) => byUrl.get(url)!).filter(Boolean);
  }

  async recordSuccess(url: string, at: Date, change: { title?: string | null; etag?: string | null; lastModified?: string | null }): Promise<void> {
    await this.feeds.update(
      { url },
      {
        ...(change.title ? { title: change.title } : {}),
        ...(change.etag !== undefined ? { etag: change.etag } : {}),
        ...(change.lastModified !== undefined ? { lastModified: change.lastModified } : {}),
        lastFetchedAt: at,
        lastSuccessAt: at,
        consecutiveFailures: 0,
      },
    );
  }

  async recordFailure(url: string, at: Date, message: string): Promise<void> {
    await this.db.query(
      `UPDATE news_feeds SET last_fetched_at = $2, last_error = $3, last_error_at = $2, consecutive_failures = consecutive_failures + 1 WHERE url = $1`,
      [url, at.toISOString(), message],
    );
  }

  /** Inserts the items not stored yet (by item_key); returns how many were new. */
  async insertItems(items: readonly NewNewsItem[], fetchedAt: Date): Promise<number> {
    if (items.length === 0) return 0;
    const rows: Row[] = await this.db.query(
      `INSERT INTO news_items (item_key, feed_url, source, title, link, summary, published_at, fetched_at, coins)
       SELECT k, $2, s, t, l, NULLIF(d, ''), p, $3, string_to_array(c, ',')::text[]
       FROM unnest($1::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[], $9::text[]) AS u(k, s, t, l, d, p, c)
       ON CONFLICT (item_key) DO NOTHING
       RETURNING id`,
      [
        items.map((item) => item.itemKey),
        items[0]!.feedUrl,
        fetchedAt.toISOString(),
        items.map((item) => item.source),
        items.map((item) => item.title),
        items.map((item) => item.link),
        items.map((item) => item.summary ?? ''),
        items.map((item) => item.publishedAt.toISOString()),
        items.map((item) => item.coins.join(',')),
      ],
    );
    return rows.length;
  }

  /** Newest first; only items about `coin` (a base such as BTC) when given. */
  async latest(options: { coin?: string; limit: number }): Promise<StoredNewsItem[]> {
    const rows: Row[] = await this.db.query(
      `SELECT id, source, title, link, summary, published_at, coins FROM news_items
       WHERE ($1::text IS NULL OR coins @> ARRAY[$1::text])
       ORDER BY published_at DESC, id LIMIT $2`,
      [options.coin ?? null, options.limit],
    );
    return rows.map((row) => ({
      id: row.id as string,
      source: row.source as string,
      title: row.title as string,
      link: row.link as string,
      summary: (row.summary as string | null) ?? null,
      publishedAt: new Date(row.published_at as string),
      coins: (row.coins as string[]) ?? [],
    }));
  }

  async countByFeed(urls: readonly string[]): Promise<Map<string, number>> {
    if (urls.length === 0) return new Map();
    const rows: Array<{ feed_url: string; n: number }> = await this.db.query(
      `SELECT feed_url, count(*)::int AS n FROM news_items WHERE feed_url = ANY($1::text[]) GROUP BY feed_url`,
      [[...urls]],
    );
    return new Map(rows.map((row) => [row.feed_url, Number(row.n)]));
  }

  /** Retention: drops items published before `before`, then all but the newest `keep`. Returns how many went. */
  async prune(before: Date, keep: number): Promise<number> {
    const rows: Array<{ n: number }> = await this.db.query(
      `WITH gone AS (
         DELETE FROM news_items WHERE published_at < $1
            OR id IN (SELECT id FROM news_items ORDER BY published_at DESC, id OFFSET $2)
         RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [before.toISOString(), keep],
    );
    return Number(rows[0]?.n ?? 0);
  }
}
