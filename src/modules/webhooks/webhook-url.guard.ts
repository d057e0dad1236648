import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { type UrlRefusal, checkUrlShape, hostKey, usableAddresses } from './webhook-url.rules';

/** A URL that passed every check, with the addresses a connection may use. */
export interface CheckedUrl {
  url: URL;
  allowListed: boolean;
  addresses: string[];
}

/** The addresses of `hostname` (an IP literal is its own); none when it does not resolve. */
export async function resolveHost(hostname: string): Promise<string[]> {
  const host = hostKey(hostname);
  if (isIP(host)) return [host];
  try {
    return (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
  } catch {
    return [];
  }
}

/** The URL's shape, then its host's addresses: at registration and before every delivery. */
export async function checkWebhookUrl(raw: string, allowHosts: readonly string[]): Promise<CheckedUrl | UrlRefusal> {
  const shape = checkUrlShape(raw, allowHosts);
  if (typeof shape === 'string') return shape;
  const addresses = usableAddresses(await resolveHost(shape.url.hostname), shape.allowListed);
  if (typeof addresses === 'string') return addresses;
  return { ...shape, addresses };
}
