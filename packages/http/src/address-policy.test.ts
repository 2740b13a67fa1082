import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress } from './address-policy';

// Every range the policy decides, with an address inside it and the verdict: 'public' or the
// kind the error message names.
const TABLE: Array<[range: string, address: string, verdict: string]> = [
  // IPv4
  ['public IPv4', '8.8.8.8', 'public'],
  ['public IPv4', '93.184.216.34', 'public'],
  ['just past 172.16/12', '172.32.0.1', 'public'],
  ['just past CGNAT', '100.128.0.1', 'public'],
  ['just before link-local', '169.253.1.1', 'public'],
  ['this network 0/8', '0.0.0.0', 'unspecified'],
  ['this network 0/8', '0.1.2.3', 'unspecified'],
  ['RFC 1918 10/8', '10.1.2.3', 'private'],
  ['RFC 1918 172.16/12', '172.16.0.1', 'private'],
  ['RFC 1918 172.16/12', '172.31.255.255', 'private'],
  ['RFC 1918 192.168/16', '192.168.1.1', 'private'],
  ['CGNAT 100.64/10', '100.64.0.1', 'carrier-grade NAT'],
  ['CGNAT 100.64/10', '100.127.255.254', 'carrier-grade NAT'],
  ['loopback 127/8', '127.0.0.1', 'loopback'],
  ['loopback 127/8', '127.255.0.9', 'loopback'],
  ['link-local, cloud metadata', '169.254.169.254', 'link-local'],
  ['IETF protocol assignments 192.0.0/24', '192.0.0.1', 'reserved'],
  ['documentation 192.0.2/24', '192.0.2.1', 'reserved'],
  ['benchmarking 198.18/15', '198.19.0.1', 'reserved'],
  ['multicast 224/4', '224.0.0.1', 'multicast'],
  ['reserved 240/4', '240.0.0.1', 'reserved'],
  ['broadcast', '255.255.255.255', 'broadcast'],
  // IPv6 of its own
  ['global unicast 2000::/3', '2606:4700:4700::1111', 'public'],
  ['global unicast 2000::/3', '2a00:1450:4001:80b::200e', 'public'],
  ['unspecified', '::', 'unspecified'],
  ['loopback', '::1', 'loopback'],
  ['loopback in brackets', '[::1]', 'loopback'],
  ['unique local fc00::/7', 'fc00::1', 'unique-local'],
  ['unique local, AWS metadata', 'fd00:ec2::254', 'unique-local'],
  ['link-local fe80::/10', 'fe80::1', 'link-local'],
  ['link-local with a zone', 'fe80::1%eth0', 'link-local'],
  ['site-local fec0::/10', 'fec0::1', 'site-local'],
  ['multicast ff00::/8', 'ff02::1', 'multicast'],
  ['discard 100::/64', '100::1', 'reserved'],
  ['documentation 2001:db8::/32', '2001:db8::1', 'reserved'],
  ['outside 2000::/3', '4000::1', 'reserved'],
  // IPv4-mapped ::ffff:0:0/96: the IPv4 address decides
  ['IPv4-mapped loopback', '::ffff:127.0.0.1', 'loopback'],
  ['IPv4-mapped loopback in hex', '::ffff:7f00:1', 'loopback'],
  ['IPv4-mapped metadata', '::ffff:169.254.169.254', 'link-local'],
  ['IPv4-mapped private', '::ffff:10.0.0.1', 'private'],
  ['IPv4-mapped public', '::ffff:8.8.8.8', 'public'],
  // IPv4-compatible ::/96 (deprecated by RFC 4291): refused whole
  ['IPv4-compatible loopback', '::127.0.0.1', 'IPv4-compatible'],
  ['IPv4-compatible public', '::8.8.8.8', 'IPv4-compatible'],
  ['IPv4-compatible in hex', '::808:808', 'IPv4-compatible'],
  // IPv4-translated ::ffff:0:0:0/96 (SIIT, RFC 6145): refused whole
  ['IPv4-translated', '::ffff:0:8.8.8.8', 'IPv4-translated'],
  // NAT64 well-known prefix 64:ff9b::/96 (RFC 6052): the IPv4 address decides
  ['NAT64 of loopback', '64:ff9b::127.0.0.1', 'loopback'],
  ['NAT64 of a private address, hex', '64:ff9b::a00:1', 'private'],
  ['NAT64 of the metadata service', '64:ff9b::a9fe:a9fe', 'link-local'],
  ['NAT64 of a public address', '64:ff9b::8.8.8.8', 'public'],
  // local-use NAT64 64:ff9b:1::/48 (RFC 8215): the operator chooses where the IPv4 sits, refused
  ['local-use NAT64', '64:ff9b:1::808:808', 'local-use NAT64'],
  ['local-use NAT64', '64:ff9b:1:7f00:1::', 'local-use NAT64'],
  // 6to4 2002::/16 (RFC 3056): the IPv4 address in bits 16–47 decides
  ['6to4 of loopback', '2002:7f00:1::1', 'loopback'],
  ['6to4 of a private address', '2002:a00:1::', 'private'],
  ['6to4 of the metadata service', '2002:a9fe:a9fe::1', 'link-local'],
  ['6to4 of a public address', '2002:808:808::1', 'public'],
  // Teredo 2001::/32 (RFC 4380): server in bits 32–63, client inverted in the last 32 bits
  ['Teredo, public server and client', '2001:0:808:808::f7f7:f7f7', 'public'],
  ['Teredo, loopback client', '2001:0:808:808::80ff:fffe', 'loopback'],
  ['Teredo, private client', '2001:0:808:808::f5ff:fffe', 'private'],
  ['Teredo, private server', '2001:0:a00:1::f7f7:f7f7', 'private'],
  // not addresses
  ['a host name', 'not-an-ip', 'invalid'],
  ['empty', '', 'invalid'],
  ['short IPv4', '127.1', 'invalid'],
  ['octal IPv4', '0177.0.0.1', 'invalid'],
];

describe('classifyAddress', () => {
  it.each(TABLE)('%s: %s → %s', (_range, address, verdict) => {
    expect(classifyAddress(address)).toBe(verdict);
    expect(isPublicAddress(address)).toBe(verdict === 'public');
  });
});
