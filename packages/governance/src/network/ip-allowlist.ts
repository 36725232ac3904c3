import { type FieldProblem, InvalidRequestError } from '@sluice/errors';
import ipaddr from 'ipaddr.js';

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** A list of CIDR ranges (IPv4 and IPv6; a bare address is a range of one) that client addresses must fall in. */
export class IpAllowlist {
  private constructor(private readonly ranges: readonly Range[]) {}

  /** Parses every entry, reporting each bad one against `field.N`. */
  static parse(entries: readonly string[], field: string): IpAllowlist {
    const problems: FieldProblem[] = [];
    const ranges: Range[] = [];
    entries.forEach((entry, index) => {
      const range = parseRange(entry);
      if (range) ranges.push(range);
      else
        problems.push({
          path: `${field}.${index}`,
          message: `"${entry}" is not an IPv4 or IPv6 address or CIDR range`,
        });
    });
    if (problems.length > 0) throw InvalidRequestError.fromProblems('IP allowlist', problems);
    return new IpAllowlist(ranges);
  }

  static isValidEntry(entry: string): boolean {
    return parseRange(entry) !== undefined;
  }

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** An empty list allows everyone; an unparseable or missing address is allowed by no list. */
  allows(address: string | undefined): boolean {
    if (this.ranges.length === 0) return true;
    const parsed = parseAddress(address);
    if (!parsed) return false;
    return this.ranges.some((range) => inRange(parsed, range));
  }
}

function inRange(address: ipaddr.IPv4 | ipaddr.IPv6, [network, bits]: Range): boolean {
  if (address instanceof ipaddr.IPv4 && network instanceof ipaddr.IPv4) return address.match(network, bits);
  if (address instanceof ipaddr.IPv6 && network instanceof ipaddr.IPv6) return address.match(network, bits);
  return false;
}

function parseRange(entry: string): Range | undefined {
  const text = entry.trim();
  try {
    if (text.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(text);
      const network = normalize(address);
      return [network, network.kind() !== address.kind() ? Math.max(0, bits - 96) : bits];
    }
    const address = normalize(ipaddr.parse(text));
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return undefined;
  }
}

function parseAddress(address: string | undefined): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  if (address === undefined || !ipaddr.isValid(address.split('%')[0] ?? '')) return undefined;
  return normalize(ipaddr.parse(address.split('%')[0] ?? ''));
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`, as dual-stack sockets report IPv4 clients) compares as IPv4. */
function normalize(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}
