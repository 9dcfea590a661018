import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { Config } from '../config.ts';

const MAPPED_IPV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i;

/** `::ffff:1.2.3.4` (IPv4 on a dual-stack socket) → `1.2.3.4`; anything else unchanged. */
export function unmapIpv4(ip: string): string {
  return MAPPED_IPV4.exec(ip)?.[1] ?? ip;
}

/**
 * Whether the peer that connected to us is a proxy `TRUST_PROXY` trusts, and so may tell us
 * the client's address (`x-forwarded-for`, which Fastify applies) or country (CDN headers).
 */
export function trustedHop(trustProxy: Config['trustProxy']): (peer: string) => boolean {
  if (trustProxy === false || trustProxy === 0) return () => false;
  if (trustProxy === true || typeof trustProxy === 'number') return () => true;
  const trusted = new BlockList();
  for (const entry of trustProxy) {
    const [address = '', prefix] = entry.split('/');
    const family = isIPv6(address) ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  return (peer) => {
    const ip = unmapIpv4(peer);
    return trusted.check(ip, isIPv6(ip) ? 'ipv6' : 'ipv4');
  };
}

/** Eight 16-bit groups of an IPv6 address, `::` expanded. */
function ipv6Groups(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/** Keeps the network part only: IPv4 /24 (`1.2.3.0`), IPv6 /48 (`2001:db8:1::`). */
export function anonymiseIp(ip: string): string | null {
  const plain = unmapIpv4(ip);
  if (isIPv4(plain)) return plain.replace(/\.\d+$/, '.0');
  if (!isIPv6(plain) || plain.includes('.')) return null;
  const groups = ipv6Groups(plain.replace(/%.*$/, '')).slice(0, 3);
  return `${groups.map((group) => group.toString(16)).join(':')}::`;
}
