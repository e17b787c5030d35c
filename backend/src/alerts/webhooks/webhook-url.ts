import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import ipaddr from 'ipaddr.js';

/**
 * Why an address may not receive webhooks, or null when it is a global unicast address. ipaddr.js classifies it
 * (loopback, private, link-local, carrier-grade NAT, benchmarking 198.18/15, documentation 192.0.2/24 …, multicast,
 * broadcast, reserved; for IPv6 also unique-local, IPv4-mapped, NAT64 64:ff9b::/96, 6to4, Teredo, which can all
 * smuggle an internal IPv4 address) and only 'unicast' passes; the host's own interface addresses are refused too,
 * whatever their range.
 */
export function addressProblem(address: string): string | null {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return 'not an IP address';
  }
  const range = parsed.range();
  if (range !== 'unicast') return `not a public address (${range})`;
  if (ownAddresses().has(parsed.toNormalizedString())) return "the server's own address";
  return null;
}

function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) {
      try {
        own.add(ipaddr.parse(entry.address.split('%')[0]!).toNormalizedString());
      } catch {
        // interface addresses ipaddr cannot parse cannot be webhook targets either
      }
    }
  }
  return own;
}

export function isPrivateAddress(ip: string): boolean {
  return addressProblem(ip) !== null;
}

/**
 * Why a webhook URL is refused, or null when acceptable. Non-public targets are refused unless allowed by
 * configuration, so alerts cannot be used to probe the server's network. Host names are resolved and checked again at
 * delivery, on the connection itself (see PinnedWebhookTransport): DNS can change after the rule was saved.
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
  if (isIP(host) && addressProblem(host))
    return 'webhookUrl must not point to a private, loopback, reserved or multicast address: only public internet addresses receive webhooks';
  return null;
}

export type Lookup = (hostname: string) => Promise<{ address: string; family?: number }[]>;
export const systemLookup: Lookup = (hostname) => lookup(hostname, { all: true });

/**
 * Resolves a host and checks every address; the caller connects to the address returned, never resolving again, so a
 * resolver that changes its answer (DNS rebinding) cannot steer the connection to a refused address.
 */
export async function resolvePublicAddress(host: string, resolve: Lookup = systemLookup): Promise<{ address: string; family: number }> {
  const bare = host.replace(/^\[|\]$/g, '');
  let addresses: { address: string }[];
  try {
    addresses = isIP(bare) ? [{ address: bare }] : await resolve(bare);
  } catch (error) {
    throw new Error(`webhook host ${bare} does not resolve: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (addresses.length === 0) throw new Error(`webhook host ${bare} does not resolve`);
  for (const { address } of addresses) {
    const problem = addressProblem(address);
    if (problem) throw new WebhookRefused(`webhook host ${bare} resolves to ${address}: ${problem}`);
  }
  const first = addresses[0]!.address;
  return { address: first, family: isIP(first) };
}

/** A destination refused by policy (logged in full; users see a coarse reason). */
export class WebhookRefused extends Error {}

/** Kept for the delivery service's pre-check and tests: why the host of `raw` may not be contacted, or null. */
export async function resolvedAddressProblem(raw: string, allowPrivate: boolean, resolve: Lookup = systemLookup): Promise<string | null> {
  if (allowPrivate) return null;
  try {
    await resolvePublicAddress(new URL(raw).hostname, resolve);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
