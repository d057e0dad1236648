import { BlockList, isIP } from 'node:net';

/** Why a webhook URL or the address it resolves to is refused. */
export type UrlRefusal = 'NOT_A_URL' | 'SCHEME' | 'CREDENTIALS' | 'PRIVATE_ADDRESS';

/** Private, loopback, link-local, unspecified, shared (CGNAT), multicast and reserved ranges, IPv4 and IPv6. */
const INTERNAL = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  INTERNAL.addSubnet(net, prefix, 'ipv6');

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:127.0.0.1`), so the IPv4 ranges judge it. */
function unmapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

/** Whether an IP address is one a webhook must not reach unless its host is allow-listed. */
export function isInternalAddress(address: string): boolean {
  const ip = unmapped(address);
  const family = isIP(ip);
  if (family === 0) return true;
  return INTERNAL.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** A host as the allow-list names it: lower case, IPv6 without brackets. */
export function hostKey(hostname: string): string {
  return hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
}

/** The URL's own checks (before any DNS): https, or http to an allow-listed host; no user or password in it. */
export function checkUrlShape(raw: string, allowHosts: readonly string[]): { url: URL; allowListed: boolean } | UrlRefusal {
  if (raw.length > 2000 || !URL.canParse(raw)) return 'NOT_A_URL';
  const url = new URL(raw);
  if (!url.hostname) return 'NOT_A_URL';
  const allowListed = allowHosts.includes(hostKey(url.hostname));
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowListed)) return 'SCHEME';
  if (url.username || url.password) return 'CREDENTIALS';
  return { url, allowListed };
}

/** The resolved addresses a delivery may connect to: all of them when allow-listed, else the public ones only (none when any is internal). */
export function usableAddresses(addresses: readonly string[], allowListed: boolean): string[] | UrlRefusal {
  if (allowListed) return [...addresses];
  // One internal answer among public ones is how rebinding attacks start: refuse the host outright.
  if (!addresses.length || addresses.some(isInternalAddress)) return 'PRIVATE_ADDRESS';
  return [...addresses];
}
