import { createHash } from 'node:crypto';

/** Query parameters that only say where a reader came from: two links that differ only in them are one story. */
const TRACKING_PARAMS = /^(utm_[a-z]+|ref|ref_src|fbclid|gclid|mc_cid|mc_eid|cmpid|ito|source)$/i;

/**
 * A link in one spelling: lower-case scheme and host, no fragment, no tracking parameters, no trailing slash, and
 * http/https treated as one (feeds disagree on which they print). Undefined when it is not an http(s) URL.
 */
export function normaliseLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) if (TRACKING_PARAMS.test(name)) url.searchParams.delete(name);
  url.searchParams.sort();
  let path = url.pathname;
  while (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const port = url.port ? `:${url.port}` : '';
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  return `${host}${port}${path}${url.search}`;
}

/**
 * The de-duplication key of an item: SHA-256 of its normalised link (the same story syndicated by two feeds has one
 * link, whatever guid each feed gives it), else of its guid, else of its title.
 */
export function newsItemKey(entry: { link?: string; id?: string; title?: string }): string | undefined {
  const basis =
    normaliseLink(entry.link) ?? (entry.id?.trim() ? `guid:${entry.id.trim()}` : entry.title?.trim() ? `title:${entry.title.trim().toLowerCase()}` : undefined);
  return basis === undefined ? undefined : createHash('sha256').update(basis).digest('hex');
}
