import { Inject, Injectable, Logger } from '@nestjs/common';
import { extractFromXml, type FeedData } from '@extractus/feed-extractor';
import { AppConfig } from '../config/app-config';
import { CLOCK, type Clock } from '../infra/ports';
import { MarketsService } from '../markets/markets.service';
import { splitSymbol } from '../markets/symbols';
import { COIN_NAMES, coinMatcher } from './coin-matching';
import { FEED_FETCHER, FeedFetchError, type FeedFetcher } from './feed-client';
import { newsItemKey } from './news-item-key';
import type { NewsFeedDto, NewsFeedsDto, NewsListDto, NewsQueryDto } from './news.dto';
import type { NewsFeed } from './news.entities';
import { NewsRepository, type NewNewsItem } from './news.repository';

/** Feeds fetched at the same time in one run. */
const FEED_CONCURRENCY = 4;
/** Items read from one feed document (newest first as feeds list them). */
const MAX_ITEMS_PER_FEED = 200;
/** Most stories kept, whatever their age. */
export const NEWS_MAX_ITEMS = 5_000;
export const DEFAULT_NEWS_LIMIT = 20;

export const NO_FEEDS_HINT =
  'No news feeds are configured. Set NEWS_FEEDS to a comma-separated list of RSS or Atom feed URLs, e.g. ' +
  'NEWS_FEEDS=https://www.coindesk.com/arc/outboundfeeds/rss/,https://cointelegraph.com/rss';

export interface FeedRun {
  url: string;
  outcome: 'updated' | 'not-modified' | 'failed';
  /** Stories stored for the first time. */
  added: number;
  error?: string;
}

/**
 * News from the RSS/Atom feeds in NEWS_FEEDS: each run fetches every feed with a conditional request (its stored
 * ETag / Last-Modified), parses it with @extractus/feed-extractor, matches each story to coins and stores the new
 * ones (one row per story across feeds). A feed that fails (unreachable, too slow, too large, not a feed) gets its
 * error recorded and the others still run. Reads: the latest stories, of one coin or all.
 */
@Injectable()
export class NewsService {
  private readonly logger = new Logger('News');

  constructor(
    private readonly repository: NewsRepository,
    private readonly markets: MarketsService,
    private readonly config: AppConfig,
    @Inject(FEED_FETCHER) private readonly fetcher: FeedFetcher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  get feedUrls(): string[] {
    return this.config.newsFeeds;
  }

  /** One fetch of every configured feed, then retention. */
  async fetchAll(): Promise<FeedRun[]> {
    const urls = this.feedUrls;
    if (urls.length === 0) return [];
    const states = await this.repository.feedStates(urls);
    const match = coinMatcher(await this.coinBases());
    const runs: FeedRun[] = new Array(states.length);
    let next = 0;
    const lane = async () => {
      while (next < states.length) {
        const index = next++;
        runs[index] = await this.fetchFeed(states[index]!, match);
      }
    };
    await Promise.all(Array.from({ length: Math.min(FEED_CONCURRENCY, states.length) }, lane));
    const retentionMs = this.config.env.NEWS_RETENTION_DAYS * 86_400_000;
    await this.repository.prune(new Date(this.clock.now().getTime() - retentionMs), NEWS_MAX_ITEMS);
    return runs;
  }

  private async fetchFeed(feed: NewsFeed, match: (text: string) => string[]): Promise<FeedRun> {
    const at = this.clock.now();
    try {
      const response = await this.fetcher.fetch(feed);
      if (response.status === 'not-modified') {
        await this.repository.recordSuccess(feed.url, at, {});
        return { url: feed.url, outcome: 'not-modified', added: 0 };
      }
      let parsed: FeedData;
      try {
        parsed = extractFromXml(response.body, { descriptionMaxLen: 280, baseUrl: feed.url });
      } catch (error) {
        throw new FeedFetchError(`the feed is not valid RSS or Atom (${error instanceof Error ? error.message : String(error)})`);
      }
      const source = parsed.title?.trim() || hostOf(feed.url);
      const items = this.toItems(parsed, feed.url, source, match, at);
      const added = await this.repository.insertItems(items, at);
      await this.repository.recordSuccess(feed.url, at, { title: parsed.title?.trim() || null, etag: response.etag, lastModified: response.lastModified });
      return { url: feed.url, outcome: 'updated', added };
    } catch (error) {
      const message =
        error instanceof FeedFetchError ? error.message : `the feed could not be read (${error instanceof Error ? error.message : String(error)})`;
      await this.repository.recordFailure(feed.url, at, message);
      this.logger.warn(`news feed ${feed.url}: ${message}`);
      return { url: feed.url, outcome: 'failed', added: 0, error: message };
    }
  }

  private toItems(feed: FeedData, feedUrl: string, source: string, match: (text: string) => string[], at: Date): NewNewsItem[] {
    const items = new Map<string, NewNewsItem>();
    for (const entry of (feed.entries ?? []).slice(0, MAX_ITEMS_PER_FEED)) {
      const title = entry.title?.trim();
      const link = safeLink(entry.link);
      const itemKey = newsItemKey(entry);
      // Without a title or an http(s) link there is nothing to show or open.
      if (!title || !link || !itemKey) continue;
      const summary = entry.description?.trim() || null;
      const published = entry.published ? new Date(entry.published) : undefined;
      const publishedAt = published && Number.isFinite(published.getTime()) && published <= at ? published : at;
      items.set(itemKey, { itemKey, feedUrl, source, title, link, summary, publishedAt, coins: match(`${title}\n${summary ?? ''}`) });
    }
    return [...items.values()];
  }

  /** The tracked markets' bases and every coin of the names table (stories about coins added later still match). */
  private async coinBases(): Promise<string[]> {
    const tracked = await this.markets.trackedSymbols().catch(() => [] as string[]);
    return [...new Set([...tracked.map((symbol) => splitSymbol(symbol).base), ...Object.keys(COIN_NAMES)])];
  }

  async list(query: NewsQueryDto): Promise<NewsListDto> {
    const symbol = query.symbol ? await this.markets.resolveSymbol(query.symbol) : null;
    const coin = symbol ? splitSymbol(symbol).base : undefined;
    const items = await this.repository.latest({ coin, limit: query.limit ?? DEFAULT_NEWS_LIMIT });
    const feeds = this.feedUrls.length;
    return {
      symbol,
      coin: coin ?? null,
      feedsConfigured: feeds,
      hint: feeds === 0 ? NO_FEEDS_HINT : null,
      items: items.map((item) => ({
        id: item.id,
        title: item.title,
        link: item.link,
        source: item.source,
        summary: item.summary,
        publishedAt: item.publishedAt.toISOString(),
        coins: item.coins,
      })),
    };
  }

  async feeds(): Promise<NewsFeedsDto> {
    const urls = this.feedUrls;
    const [states, counts] = await Promise.all([this.repository.feedStates(urls), this.repository.countByFeed(urls)]);
    const feeds: NewsFeedDto[] = states.map((state) => ({
      url: state.url,
      title: state.title ?? hostOf(state.url),
      status: state.lastFetchedAt === null ? 'waiting' : state.consecutiveFailures > 0 ? 'failing' : 'ok',
      lastSuccessAt: state.lastSuccessAt?.toISOString() ?? null,
      lastFetchedAt: state.lastFetchedAt?.toISOString() ?? null,
      lastError: state.consecutiveFailures > 0 ? state.lastError : null,
      lastErrorAt: state.lastErrorAt?.toISOString() ?? null,
      consecutiveFailures: state.consecutiveFailures,
      items: counts.get(state.url) ?? 0,
    }));
    return { configured: urls.length > 0, hint: urls.length === 0 ? NO_FEEDS_HINT : null, everyMinutes: this.config.env.NEWS_FETCH_MINUTES, feeds };
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
}

/** Only http(s) links are stored: a `javascript:` or `data:` link from a feed must never reach the dashboard. */
function safeLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    const url = new URL(link.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
