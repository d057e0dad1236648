/** Redis through Sentinel, written as one URL so that it travels where a REDIS_URL does: `redis-sentinel://h1:p1,h2:p2/<master name>`. */
export interface SentinelTarget {
  sentinels: Array<{ host: string; port: number }>;
  name: string;
}

const PREFIX = 'redis-sentinel://';

export function sentinelUrl(sentinels: string, name: string): string {
  return `${PREFIX}${sentinels.replace(/\s+/g, '')}/${encodeURIComponent(name)}`;
}

export function isSentinelUrl(url: string): boolean {
  return url.startsWith(PREFIX);
}

export function parseSentinelUrl(url: string): SentinelTarget {
  const [hosts, name] = url.slice(PREFIX.length).split('/');
  const sentinels = hosts.split(',').map((h) => {
    const at = h.lastIndexOf(':');
    const port = Number(h.slice(at + 1));
    if (at <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`not a sentinel host:port: ${h}`);
    return { host: h.slice(0, at), port };
  });
  if (!name) throw new Error('no master name after the sentinels (redis-sentinel://h:p,h:p/<name>)');
  return { sentinels, name: decodeURIComponent(name) };
}
