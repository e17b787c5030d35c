import ipaddr from 'ipaddr.js';

type Trust = boolean | number | string;

function normalise(address: string): string {
  try {
    const parsed = ipaddr.parse(address);
    return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address().toString() : parsed.toString();
  } catch {
    return address;
  }
}

function trustedBy(list: string): (address: string) => boolean {
  const ranges = list
    .split(',')
    .map((part) =>
      part.includes('/')
        ? ipaddr.parseCIDR(part)
        : ([ipaddr.parse(part), ipaddr.parse(part).kind() === 'ipv4' ? 32 : 128] as [ipaddr.IPv4 | ipaddr.IPv6, number]),
    );
  return (address) => {
    let parsed: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      parsed = ipaddr.process(address);
    } catch {
      return false;
    }
    return ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range as never, bits));
  };
}

/**
 * The client address the way Fastify's trustProxy computes it (same TRUST_PROXY value), for places Fastify does not
 * see: the socket.io handshake. With a hop count n, the n-th address from the right of X-Forwarded-For (the socket's
 * peer counting as the first hop); with a list, addresses are skipped from the right while they are trusted proxies.
 */
export function clientAddress(socketAddress: string, forwardedFor: string | string[] | undefined, trust: Trust): string {
  const peer = normalise(socketAddress);
  if (trust === false || trust === 0 || forwardedFor === undefined) return peer;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const chain = [
    peer,
    ...header
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .reverse()
      .map(normalise),
  ];
  if (typeof trust === 'number') return chain[Math.min(trust, chain.length - 1)]!;
  if (trust === true) return chain[chain.length - 1]!;
  const trusted = trustedBy(trust);
  let index = 0;
  while (index < chain.length - 1 && trusted(chain[index]!)) index++;
  return chain[index]!;
}
