import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

// ipaddr.js names the special-purpose ranges of both families (IANA's registries, with their
// RFCs); everything it calls "unicast" is public, except in IPv6, below. The names become the
// words of an error message, which an API user reads on the feed.
const LABELS: Record<string, string> = {
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link-local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier-grade NAT',
  private: 'private',
  uniqueLocal: 'unique-local',
  deprecatedSiteLocal: 'site-local',
};

// All global unicast IPv6 lies in 2000::/3 (RFC 4291 §2.4; IANA has allocated nothing outside
// it), so what ipaddr.js calls unicast elsewhere (the deprecated IPv4-compatible ::a.b.c.d, the
// unassigned space) is no server a feed lives on.
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const IPV4_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/96');
// RFC 6052's well-known prefix puts the IPv4 address in the last 32 bits; the local-use prefix
// 64:ff9b:1::/48 (RFC 8215) lets each network choose where, so it cannot be read reliably.
const WELL_KNOWN_NAT64 = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * What an address is, for the SSRF policy: `'public'` when a fetch may connect to it, else the
 * kind of non-public address (`'loopback'`, `'private'`, `'link-local'`, `'reserved'`…), short
 * enough for an error message. Anything that is not an IP literal is `'invalid'`.
 *
 * IPv6 addresses that carry an IPv4 address are judged by that IPv4 address, since that is where
 * the packets end up: IPv4-mapped `::ffff:0:0/96`, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, and
 * Teredo `2001::/32` (its server and its client must both be public). IPv4-compatible `::/96`
 * (deprecated), local-use NAT64 `64:ff9b:1::/48` and IPv4-translated `::ffff:0:0:0/96` are
 * refused whole.
 */
export function classifyAddress(address: string): string {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  // node:net's parser is strict (no "127.1" or octal); ipaddr.js then only reads what it accepted.
  const family = isIP(bare);
  if (family === 4) return classifyV4(ipaddr.IPv4.parse(bare));
  const hex = family === 6 ? hexIPv6(bare) : undefined;
  return hex === undefined ? 'invalid' : classifyV6(ipaddr.IPv6.parse(hex));
}

/** True when `address` (an IP literal, brackets allowed) is public: see {@link classifyAddress}. */
export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === 'public';
}

function classifyV4(address: ipaddr.IPv4): string {
  const range = address.range();
  return range === 'unicast' ? 'public' : (LABELS[range] ?? 'reserved');
}

function classifyV6(address: ipaddr.IPv6): string {
  const range: string = address.range();
  const parts = address.parts as [number, number, number, number, number, number, number, number];
  switch (range) {
    case 'ipv4Mapped':
      return classifyV4(address.toIPv4Address());
    case 'rfc6052':
      return address.match(WELL_KNOWN_NAT64) ? classifyV4(ipv4(parts[6], parts[7])) : 'local-use NAT64';
    case '6to4':
      return classifyV4(ipv4(parts[1], parts[2]));
    case 'teredo': {
      // The client's address is stored inverted (RFC 4380 §4), the server's as is.
      const server = classifyV4(ipv4(parts[2], parts[3]));
      return server !== 'public' ? server : classifyV4(ipv4(parts[6] ^ 0xffff, parts[7] ^ 0xffff));
    }
    case 'rfc6145':
      return 'IPv4-translated';
    case 'unicast':
      if (address.match(GLOBAL_UNICAST)) return 'public';
      return address.match(IPV4_COMPATIBLE) ? 'IPv4-compatible' : 'reserved';
    default:
      return LABELS[range] ?? 'reserved';
  }
}

// ipaddr.js reads the deprecated IPv4-compatible "::1.2.3.4" as the IPv4-mapped "::ffff:1.2.3.4",
// which is another address; WHATWG URL's parser writes every form as plain hex first. The zone
// ("%eth0") only says which interface a link-local address is on, so it is dropped.
function hexIPv6(address: string): string | undefined {
  const zone = address.indexOf('%');
  try {
    return new URL(`http://[${zone === -1 ? address : address.slice(0, zone)}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

function ipv4(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}
