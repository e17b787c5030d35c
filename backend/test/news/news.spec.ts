import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NewsService, type FeedRun } from '../../src/news/news.service';
import { makeReplayFolder } from '../support/replay-fixture';
import { createTestApp, grantAdmin, registerUser, type RegisteredUser, type TestApp } from '../support/test-app';
import { atomFeed, rssFeed, startFeedServer, type FakeFeedServer } from './feed-server';

const DAY = 86_400_000;
const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000);

/**
 * News end to end against a loopback feed server: RSS and Atom parsed, conditional requests answered 304, one
 * broken, one huge and one stalled feed recorded as errors while the others still run, stories de-duplicated across
 * feeds and matched to coins, and the API per market.
 */
describe('news from RSS and Atom feeds', () => {
  let feeds: FakeFeedServer;
  let t: TestApp;
  let user: RegisteredUser;
  let admin: RegisteredUser;
  let first: FeedRun[];
  let firstRunMs: number;
  const folder = makeReplayFolder(['BTC', 'ETH', 'SOL'], 24 * 3);
  const get = (url: string, who: RegisteredUser | null = user) => t.inject({ method: 'GET', url: `/api/v1${url}`, headers: who ? who.auth : {} });

  beforeAll(async () => {
    feeds = await startFeedServer();
    feeds.serve(
      '/rss',
      rssFeed('Crypto Wire', [
        {
          title: 'Bitcoin climbs to a record',
          link: 'https://news.example.com/markets/bitcoin-record?utm_source=rss',
          guid: 'wire-1',
          pubDate: hoursAgo(3).toUTCString(),
        },
        { title: 'SOL rallies as $ETH lags', link: 'https://news.example.com/sol-rallies', guid: 'wire-2', pubDate: hoursAgo(5).toUTCString() },
        { title: 'A new solution for SOLID payments', link: 'https://news.example.com/payments', guid: 'wire-3', pubDate: hoursAgo(6).toUTCString() },
        { title: 'Bitcoin Cash miners vote', link: 'https://news.example.com/bch-vote', guid: 'wire-4', pubDate: hoursAgo(7).toUTCString() },
        { title: 'Old story about Ethereum', link: 'https://news.example.com/old', guid: 'wire-5', pubDate: new Date(Date.now() - 60 * DAY).toUTCString() },
        { title: 'Click me', link: 'javascript:alert(1)', guid: 'wire-6' },
      ]),
      { etag: '"v1"' },
    );
    feeds.serve(
      '/atom',
      atomFeed('Chain Daily', [
        // The same story as the wire's first item: another id, the link without tracking parameters and with a slash.
        {
          title: 'Bitcoin climbs to a record (Chain Daily)',
          link: 'https://www.news.example.com/markets/bitcoin-record/',
          id: 'urn:daily:1',
          updated: hoursAgo(2).toISOString(),
        },
        {
          title: 'Solana validators upgrade',
          link: 'https://daily.example.com/solana',
          id: 'urn:daily:2',
          summary: 'A network upgrade.',
          updated: hoursAgo(1).toISOString(),
        },
      ]),
      { 'last-modified': hoursAgo(1).toUTCString() },
    );
    const urls = ['/rss', '/atom', '/broken', '/huge', '/stalled'].map((path) => `${feeds.url}${path}`);
    t = await createTestApp({
      env: {
        MARKET_SOURCE: 'replay',
        REPLAY_DIR: folder.dir,
        TICKER_POLL_MS: '60000',
        NEWS_FEEDS: urls.join(','),
        NEWS_FETCH_MINUTES: '0',
        NEWS_FETCH_TIMEOUT_MS: '800',
        NEWS_FEED_MAX_BYTES: '65536',
      },
    });
    user = await registerUser(t);
    admin = await registerUser(t);
    await grantAdmin(t, admin.user.email);
    const started = Date.now();
    first = await t.app.get(NewsService).fetchAll();
    firstRunMs = Date.now() - started;
  });

  afterAll(async () => {
    await t?.close();
    await feeds?.close();
    folder.remove();
  });

  const run = (path: string, runs = first) => runs.find((r) => r.url === `${feeds.url}${path}`)!;

  it('parses RSS and Atom, and records a broken, a huge and a stalled feed as errors without stopping the others', () => {
    expect(run('/rss')).toMatchObject({ outcome: 'updated' });
    expect(run('/atom')).toMatchObject({ outcome: 'updated' });
    // 5 stories with an http(s) link in the RSS, 2 in the Atom, one of them in both (whichever feed ran first stored it).
    expect(run('/rss').added + run('/atom').added).toBe(6);
    expect(run('/broken')).toMatchObject({ outcome: 'failed', error: expect.stringContaining('not valid RSS or Atom') });
    expect(run('/huge')).toMatchObject({ outcome: 'failed', error: expect.stringContaining('too large') });
    expect(run('/stalled')).toMatchObject({ outcome: 'failed', error: 'the feed did not answer within 0.8 s (NEWS_FETCH_TIMEOUT_MS)' });
    // The stalled feed did not hold the run up beyond its timeout.
    expect(firstRunMs).toBeLessThan(5_000);
  });

  it('cuts a huge feed off at the cap instead of reading it whole', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100));
    // 200 MB would have been sent to a reader without a limit; the cap is 64 kB (plus what sat in socket buffers).
    expect(feeds.hugeBytesWritten()).toBeLessThan(20_000_000);
  });

  it('sends the stored ETag and Last-Modified on the next fetch and parses nothing on 304', async () => {
    const second = await t.app.get(NewsService).fetchAll();
    expect(run('/rss', second)).toEqual({ url: `${feeds.url}/rss`, outcome: 'not-modified', added: 0 });
    expect(run('/atom', second)).toEqual({ url: `${feeds.url}/atom`, outcome: 'not-modified', added: 0 });
    const rssRequests = feeds.requests.filter((r) => r.path === '/rss');
    expect(rssRequests[0]!.ifNoneMatch).toBeUndefined();
    expect(rssRequests.at(-1)!.ifNoneMatch).toBe('"v1"');
    const atomRequests = feeds.requests.filter((r) => r.path === '/atom');
    expect(atomRequests.at(-1)!.ifModifiedSince).toMatch(/GMT$/);
    expect(run('/broken', second).outcome).toBe('failed');
  });

  it('stores a story carried by two feeds once, keeps only http(s) links and drops stories past retention', async () => {
    const response = await get('/news?limit=100');
    expect(response.statusCode).toBe(200);
    const titles = response.json().items.map((item: { title: string }) => item.title);
    expect(titles.filter((title: string) => title.startsWith('Bitcoin climbs to a record'))).toHaveLength(1);
    expect(titles).not.toContain('Click me');
    expect(titles).not.toContain('Old story about Ethereum');
    expect(titles).toEqual([
      'Solana validators upgrade',
      expect.stringMatching(/^Bitcoin climbs/),
      'SOL rallies as $ETH lags',
      'A new solution for SOLID payments',
      'Bitcoin Cash miners vote',
    ]);
    const item = response.json().items[0];
    expect(item).toMatchObject({ source: 'Chain Daily', link: 'https://daily.example.com/solana', summary: 'A network upgrade.', coins: ['SOL'] });
    expect(response.json()).toMatchObject({ feedsConfigured: 5, hint: null, symbol: null });
  });

  it('lists the news of one market, matched by symbol (whole word, case-sensitive) and name', async () => {
    const sol = (await get('/news?symbol=SOL/USDT')).json();
    expect(sol).toMatchObject({ symbol: 'SOL/USDT', coin: 'SOL' });
    expect(sol.items.map((item: { title: string }) => item.title)).toEqual(['Solana validators upgrade', 'SOL rallies as $ETH lags']);
    const btc = (await get('/news?symbol=BTC-USDT')).json();
    // "Bitcoin Cash" is another coin, not Bitcoin.
    expect(btc.items.map((item: { title: string }) => item.title)).toEqual([expect.stringMatching(/^Bitcoin climbs/)]);
    const eth = (await get('/news?symbol=ETHUSDT')).json();
    expect(eth.items.map((item: { title: string }) => item.title)).toEqual(['SOL rallies as $ETH lags']);
  });

  it('answers 404 for a market that is not tracked, 400 for a bad limit and 401 without a token', async () => {
    const unknown = await get('/news?symbol=DOGE/USDT');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toContain("Unknown market symbol 'DOGE/USDT'");
    const badLimit = await get('/news?limit=0');
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().message).toContain('limit must be at least 1');
    expect((await get('/news', null)).statusCode).toBe(401);
    expect((await get('/news/feeds', null)).statusCode).toBe(401);
  });

  it('shows admins each feed’s state, with the last error in words', async () => {
    expect((await get('/news/feeds')).statusCode).toBe(403);
    const response = await get('/news/feeds', admin);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ configured: true, hint: null });
    const byPath = (path: string) => body.feeds.find((feed: { url: string }) => feed.url === `${feeds.url}${path}`);
    expect(byPath('/rss')).toMatchObject({ title: 'Crypto Wire', status: 'ok', lastError: null, consecutiveFailures: 0 });
    // 4 kept stories from the wire, 2 from the daily, one of which both carry: counted once, on the feed that stored it.
    expect(byPath('/rss').items + byPath('/atom').items).toBe(5);
    expect(byPath('/rss').lastSuccessAt).not.toBeNull();
    expect(byPath('/broken')).toMatchObject({ status: 'failing', consecutiveFailures: 2, lastSuccessAt: null, title: '127.0.0.1' });
    expect(byPath('/broken').lastError).toContain('not valid RSS or Atom');
    expect(byPath('/huge').lastError).toContain('NEWS_FEED_MAX_BYTES');
  });
});

describe('news configuration', () => {
  const folder = makeReplayFolder(['BTC'], 24 * 3);
  afterAll(() => folder.remove());

  it('without feeds the API says how to add some', async () => {
    const t = await createTestApp({ env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, TICKER_POLL_MS: '60000' } });
    try {
      const user = await registerUser(t);
      const body = (await t.inject({ method: 'GET', url: '/api/v1/news', headers: user.auth })).json();
      expect(body).toMatchObject({ feedsConfigured: 0, items: [] });
      expect(body.hint).toContain('NEWS_FEEDS=https://');
    } finally {
      await t.close();
    }
  });

  it('the worker fetches on its schedule: a slot job is queued at start and the stories appear', async () => {
    const feeds = await startFeedServer();
    feeds.serve('/rss', rssFeed('Scheduled', [{ title: 'Bitcoin on a schedule', link: 'https://news.example.com/scheduled' }]));
    const t = await createTestApp({ env: { MARKET_SOURCE: 'replay', REPLAY_DIR: folder.dir, TICKER_POLL_MS: '60000', NEWS_FEEDS: `${feeds.url}/rss` } });
    try {
      const user = await registerUser(t);
      let titles: string[] = [];
      for (let i = 0; i < 100 && titles.length === 0; i++) {
        titles = (await t.inject({ method: 'GET', url: '/api/v1/news?symbol=BTC/USDT', headers: user.auth }))
          .json()
          .items.map((item: { title: string }) => item.title);
        if (titles.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(titles).toEqual(['Bitcoin on a schedule']);
      expect(feeds.requests.filter((r) => r.path === '/rss')).toHaveLength(1);
    } finally {
      await t.close();
      await feeds.close();
    }
  });
});
