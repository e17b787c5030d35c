import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/**
 * Why a webhook URL is refused, or null when acceptable. Private, loopback and link-local targets are
 * refused unless allowed by configuration, so alerts cannot be used to probe the server's network.
 * A host name that resolves to a private address is caught at delivery time by
 * `resolvedAddressProblem` (DNS can change after the rule was saved).
 */
export function webhookUrlProblem(raw: string, allowPrivate: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhookUrl must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'webhookUrl must use http or https';
  if (url.username || url.password) return 'webhookUrl must not contain credentials';
  if (allowPrivate) return null;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local') || host.endsWith('.internal')) {
    return 'webhookUrl must not point to a local or internal host';
  }
  if (isIP(host) && isPrivateAddress(host)) return 'webhookUrl must not point to a private, loopback or link-local address';
  return null;
}

export function isPrivateAddress(ip: string): boolean {
  if (ip.includes(':')) {
    return ip === '::1' || ip === '::' || /^f[cd]/.test(ip) || /^fe[89ab]/.test(ip) || ip.startsWith('::ffff:');
  }
  const [a = 0, b = 0] = ip.split('.').map(Number);
  return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
}

type Lookup = (hostname: string) => Promise<{ address: string }[]>;
const systemLookup: Lookup = (hostname) => lookup(hostname, { all: true });

/**
 * At delivery time: refuses a host name that resolves to a private, loopback or link-local address
 * (SSRF through DNS). A resolver switching answers between this check and the connection is not
 * covered; a deployment that needs that guarantee sends webhooks through an egress proxy.
 */
export async function resolvedAddressProblem(raw: string, allowPrivate: boolean, resolve: Lookup = systemLookup): Promise<string | null> {
  if (allowPrivate) return null;
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPrivateAddress(host) ? 'webhook host is a private address' : null;
  let addresses: { address: string }[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    return `webhook host ${host} does not resolve: ${error instanceof Error ? error.message : String(error)}`;
  }
  const blocked = addresses.find((a) => isPrivateAddress(a.address));
  return blocked ? `webhook host ${host} resolves to a private address (${blocked.address})` : null;
}
