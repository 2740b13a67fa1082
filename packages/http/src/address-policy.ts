import { BlockList, isIP } from 'node:net';

// Every range a server-side fetcher must never reach on behalf of a feed URL: the host itself,
// the LAN, the cloud metadata service (169.254.169.254, fd00:ec2::254) and carrier-grade NAT.
// BlockList also matches IPv4-mapped IPv6 (::ffff:127.0.0.1) against the IPv4 rules.
const IPV4_RANGES: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, includes cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes broadcast
];

const IPV6_RANGES: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback (::1) and deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['fc00::', 7], // unique local, includes AWS metadata fd00:ec2::254
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

const nonPublic = new BlockList();
for (const [network, prefix] of IPV4_RANGES) nonPublic.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_RANGES) nonPublic.addSubnet(network, prefix, 'ipv6');

/**
 * True when `address` (an IP literal) is a public unicast address that a fetch may connect to.
 * Anything that is not a valid IP literal is refused.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const family = isIP(bare);
  if (family === 0) return false;
  return !nonPublic.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}
