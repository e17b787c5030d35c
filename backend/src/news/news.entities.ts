import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One configured feed (NEWS_FEEDS) and how its last fetches went. */
@Entity({ name: 'news_feeds' })
export class NewsFeed {
  @PrimaryColumn({ type: 'text' })
  url!: string;

  @Column({ type: 'text', nullable: true })
  title!: string | null;

  /** Validators of the last successful fetch, sent back as If-None-Match / If-Modified-Since. */
  @Column({ type: 'text', nullable: true })
  etag!: string | null;

  @Column({ name: 'last_modified', type: 'text', nullable: true })
  lastModified!: string | null;

  @Column({ name: 'last_fetched_at', type: 'timestamptz', nullable: true })
  lastFetchedAt!: Date | null;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_at', type: 'timestamptz', nullable: true })
  lastErrorAt!: Date | null;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures!: number;
}

/** One story, stored once however many feeds carry it (item_key: hash of its normalised link or guid). */
@Entity({ name: 'news_items' })
export class NewsItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'item_key', type: 'text', unique: true })
  itemKey!: string;

  /** The feed it was first seen in. */
  @Column({ name: 'feed_url', type: 'text' })
  feedUrl!: string;

  @Column({ type: 'text' })
  source!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text' })
  link!: string;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt!: Date;

  @Column({ name: 'fetched_at', type: 'timestamptz' })
  fetchedAt!: Date;

  /** Bases of the coins it is about (e.g. {BTC,ETH}). */
  @Column({ type: 'text', array: true })
  coins!: string[];
}

export const NEWS_ENTITIES = [NewsFeed, NewsItem];
