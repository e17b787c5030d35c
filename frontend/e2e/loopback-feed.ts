// A loopback RSS feed for the browser suite: the backend's news worker reads it over HTTP exactly as it would read a
// real publisher's feed (conditional requests included), and the news step finds its story on the coin page.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoopbackFeedStory {
  title: string;
  link: string;
  description: string;
}

export interface LoopbackFeed {
  url: string;
  /** Requests answered, and how many of them were conditional (If-None-Match) and got 304. */
  requests: () => { total: number; notModified: number };
  close(): Promise<void>;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startLoopbackFeed(stories: LoopbackFeedStory[]): Promise<LoopbackFeed> {
  const published = new Date().toUTCString();
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Coincast e2e wire</title><link>https://news.example.com/</link><description>e2e feed</description>
${stories
  .map(
    (s, i) =>
      `<item><title>${escapeXml(s.title)}</title><link>${escapeXml(s.link)}</link><guid isPermaLink="false">e2e-${i}</guid>` +
      `<description>${escapeXml(s.description)}</description><pubDate>${published}</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;
  const etag = '"e2e-feed-1"';
  let total = 0;
  let notModified = 0;
  const server = createServer((req, res) => {
    total++;
    if (req.headers['if-none-match'] === etag) {
      notModified++;
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/rss.xml`,
    requests: () => ({ total, notModified }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
