import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  path: string;
  ifNoneMatch?: string;
  ifModifiedSince?: string;
}

export interface FakeFeedServer {
  url: string;
  requests: SeenRequest[];
  /** Bytes the /huge route managed to write before the client hung up. */
  hugeBytesWritten(): number;
  /** Replaces what a route serves (status 200, the given XML, optional validators). */
  serve(path: string, body: string, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export const rssFeed = (title: string, items: Array<{ title: string; link: string; guid?: string; description?: string; pubDate?: string }>) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>${title}</title><link>https://rss.example.com/</link><description>test feed</description>
${items
  .map(
    (item) =>
      `<item><title>${item.title}</title><link>${item.link}</link>${item.guid ? `<guid isPermaLink="false">${item.guid}</guid>` : ''}` +
      `${item.description ? `<description>${item.description}</description>` : ''}<pubDate>${item.pubDate ?? new Date().toUTCString()}</pubDate></item>`,
  )
  .join('\n')}
</channel></rss>`;

export const atomFeed = (title: string, entries: Array<{ title: string; link: string; id: string; summary?: string; updated?: string }>) =>
  `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>urn:test:atom</id><updated>${new Date().toISOString()}</updated>
${entries
  .map(
    (entry) =>
      `<entry><title>${entry.title}</title><link href="${entry.link}"/><id>${entry.id}</id><updated>${entry.updated ?? new Date().toISOString()}</updated>` +
      `${entry.summary ? `<summary>${entry.summary}</summary>` : ''}</entry>`,
  )
  .join('\n')}
</feed>`;

/**
 * A loopback feed server (127.0.0.1, random port). Routes set with serve() answer with their XML and honour
 * If-None-Match (ETag) and If-Modified-Since (Last-Modified) with 304. Fixed routes: /broken (not XML), /huge
 * (an endless RSS document, chunked, no Content-Length), /stalled (headers and the start of a document, then nothing).
 */
export async function startFeedServer(): Promise<FakeFeedServer> {
  const routes = new Map<string, { body: string; headers: Record<string, string> }>();
  const requests: SeenRequest[] = [];
  const stalled = new Set<ServerResponse>();
  let hugeWritten = 0;

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0]!;
    requests.push({ path, ifNoneMatch: req.headers['if-none-match'], ifModifiedSince: req.headers['if-modified-since'] });
    if (path === '/broken') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end('<rss version="2.0"><channel><title>Broken</title><item><title>unclosed</item></channel>');
      return;
    }
    if (path === '/huge') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Huge</title>');
      const item = `<item><title>Bitcoin filler ${'x'.repeat(900)}</title><link>https://huge.example.com/a</link></item>`;
      // Writes until the client goes away (or 200 MB, far past any cap): a reader without a limit would hold it all.
      const pump = () => {
        while (!res.destroyed && hugeWritten < 200_000_000) {
          hugeWritten += item.length;
          if (!res.write(item)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('</channel></rss>');
      };
      pump();
      return;
    }
    if (path === '/stalled') {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>Stalled</title>');
      stalled.add(res);
      return;
    }
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404).end('not found');
      return;
    }
    const etag = route.headers.etag;
    const lastModified = route.headers['last-modified'];
    const notModified =
      (etag !== undefined && req.headers['if-none-match'] === etag) ||
      (etag === undefined && lastModified !== undefined && req.headers['if-modified-since'] === lastModified);
    if (notModified) {
      res.writeHead(304, route.headers).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', ...route.headers });
    res.end(route.body);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    hugeBytesWritten: () => hugeWritten,
    serve: (path, body, headers = {}) => void routes.set(path, { body, headers }),
    close: async () => {
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
