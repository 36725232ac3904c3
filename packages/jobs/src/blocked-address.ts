import { BlockList, isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Destinations a webhook may never reach unless private delivery is allowed: not routable on the public internet. */
const BLOCKED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata endpoints live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
] as const) {
  BLOCKED.addSubnet(network, prefix, 'ipv6');
}

/**
 * True for private, loopback, link-local, unique-local, multicast and reserved addresses (and non-addresses). An IPv6
 * address that carries an IPv4 one is judged by the IPv4 address it carries, in every spelling: IPv4-mapped
 * (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:ffff:7f00:1`), IPv4-compatible (`::127.0.0.1`, which a URL
 * writes `[::7f00:1]`), SIIT (`::ffff:0:a.b.c.d`), NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`); the local-use
 * NAT64 prefix and Teredo are refused whole (docs/limits-and-input.md).
 */
export function isBlockedAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return BLOCKED.check(address, 'ipv4');
  if (family !== 6) return true;
  const parsed = ipaddr.IPv6.parse(address);
  if (OPAQUE_TUNNELS.some(([prefix, bits]) => parsed.match(prefix, bits))) return true;
  const embedded = embeddedIpv4(parsed.parts);
  if (embedded !== undefined) return BLOCKED.check(embedded, 'ipv4');
  return BLOCKED.check(address, 'ipv6');
}

/** Tunnels whose IPv4 end cannot be read off the address (Teredo obscures it) or is local by definition. */
const OPAQUE_TUNNELS: [ipaddr.IPv6, number][] = [
  [ipaddr.IPv6.parse('2001::'), 32], // Teredo
  [ipaddr.IPv6.parse('64:ff9b:1::'), 48], // local-use NAT64
];

/** The IPv4 address an IPv6 address carries, from its eight 16-bit parts, or undefined. */
function embeddedIpv4(parts: number[]): string | undefined {
  const [p0, p1, p2, p3, p4, p5, p6, p7] = parts as [number, number, number, number, number, number, number, number];
  const zeroTo = (count: number) => parts.slice(0, count).every((part) => part === 0);
  const low = (high: number, lowPart: number) => `${high >> 8}.${high & 255}.${lowPart >> 8}.${lowPart & 255}`;
  if (zeroTo(5) && p5 === 0xffff) return low(p6, p7); // ::ffff:a.b.c.d, mapped
  if (zeroTo(6)) return low(p6, p7); // ::a.b.c.d, compatible (:: and ::1 land in 0.0.0.0/8)
  if (zeroTo(4) && p4 === 0xffff && p5 === 0) return low(p6, p7); // ::ffff:0:a.b.c.d, SIIT
  if (p0 === 0x64 && p1 === 0xff9b && p2 === 0 && p3 === 0 && p4 === 0 && p5 === 0) return low(p6, p7); // NAT64
  if (p0 === 0x2002) return low(p1, p2); // 6to4
  return undefined;
}
