import { request } from 'undici';

/** What the server said to one conditional GET of a feed. */
export type FeedResponse =
  { status: 'not-modified' } | { status: 'ok'; body: string; etag: string | null; lastModified: string | null; contentType: string | null };

/** A fetch that failed, with a message in words (stored as the feed's last error). */
export class FeedFetchError extends Error {
  override readonly name = 'FeedFetchError';
}

export interface FeedRequest {
  url: string;
  /** Validators from the last successful fetch (conditional request). */
  etag: string | null;
  lastModified: string | null;
}

/** Fetches feed documents; behind an interface so the service can be tested without HTTP. */
export interface FeedFetcher {
  fetch(feed: FeedRequest): Promise<FeedResponse>;
}
export const FEED_FETCHER = Symbol('FEED_FETCHER');

export interface HttpFeedFetcherOptions {
  /** Whole request (headers and body): a feed that stops answering is abandoned after this long. */
  timeoutMs: number;
  /** Largest body read; a bigger feed is cut off here and refused. */
  maxBytes: number;
  userAgent?: string;
}

const ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

/**
 * Feeds over HTTP(S) with undici: a conditional GET (If-None-Match / If-Modified-Since from the stored validators),
 * one AbortSignal.timeout over the whole exchange, and the body streamed with a byte limit (never read whole into
 * memory first). Redirects are not followed (a moved feed is reported so the operator updates NEWS_FEEDS).
 */
export class HttpFeedFetcher implements FeedFetcher {
  constructor(private readonly options: HttpFeedFetcherOptions) {}

  async fetch(feed: FeedRequest): Promise<FeedResponse> {
    const { timeoutMs, maxBytes } = this.options;
    const headers: Record<string, string> = { accept: ACCEPT, 'user-agent': this.options.userAgent ?? 'Coincast news reader' };
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(feed.url, { method: 'GET', headers, signal });
    } catch (error) {
      throw this.failure(error, signal);
    }
    const { statusCode } = response;
    if (statusCode === 304) {
      await response.body.dump().catch(() => undefined);
      return { status: 'not-modified' };
    }
    if (statusCode < 200 || statusCode >= 300) {
      await response.body.dump().catch(() => undefined);
      const location = header(response.headers, 'location');
      if (statusCode >= 300 && statusCode < 400 && location) throw new FeedFetchError(`the feed moved (HTTP ${statusCode} to ${location}): update NEWS_FEEDS`);
      throw new FeedFetchError(`the feed answered HTTP ${statusCode}`);
    }
    const declared = Number(header(response.headers, 'content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > maxBytes) {
      response.body.destroy();
      throw new FeedFetchError(`the feed is too large (${formatBytes(declared)}, the limit is ${formatBytes(maxBytes)}, NEWS_FEED_MAX_BYTES)`);
    }
    const chunks: Buffer[] = [];
    let received = 0;
    try {
      for await (const chunk of response.body) {
        received += (chunk as Buffer).length;
        if (received > maxBytes) {
          response.body.destroy();
          throw new FeedFetchError(`the feed is too large (more than ${formatBytes(maxBytes)}, NEWS_FEED_MAX_BYTES): cut off and not read`);
        }
        chunks.push(chunk as Buffer);
      }
    } catch (error) {
      if (error instanceof FeedFetchError) throw error;
      throw this.failure(error, signal);
    }
    return {
      status: 'ok',
      body: Buffer.concat(chunks).toString('utf8'),
      etag: header(response.headers, 'etag') ?? null,
      lastModified: header(response.headers, 'last-modified') ?? null,
      contentType: header(response.headers, 'content-type') ?? null,
    };
  }

  private failure(error: unknown, signal: AbortSignal): FeedFetchError {
    if (signal.aborted) return new FeedFetchError(`the feed did not answer within ${this.options.timeoutMs / 1000} s (NEWS_FETCH_TIMEOUT_MS)`);
    const code = (error as { code?: string }).code;
    return new FeedFetchError(`the feed could not be reached (${code ?? (error instanceof Error ? error.message : 'network error')})`);
  }
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.round(bytes / 1024)} kB`;
}
