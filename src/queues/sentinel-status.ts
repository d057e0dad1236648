import Redis from 'ioredis';
import { isSentinelUrl, parseSentinelUrl, type SentinelTarget } from './sentinel-url';

/** One Redis server as the sentinels see it (no password or data: where it listens, its role, whether it is up). */
export interface RedisNodeState {
  node: string;
  role: 'master' | 'replica';
  state: 'up' | 'down';
}

/** What /readyz shows of Redis under Sentinel: the servers, and whether any sentinel answered. */
export interface RedisTopology {
  sentinels: 'up' | 'down';
  nodes: RedisNodeState[];
}

const FRESH_MS = 1_000;
const ASK_TIMEOUT_MS = 1_000;
// Sentinel's flags of a server it holds down (subjectively, objectively) or cannot reach.
const DOWN_FLAGS = ['s_down', 'o_down', 'disconnected'];

/** The Redis servers of a `redis-sentinel://` URL; none for a plain redis:// URL (one server, whose ping /readyz shows). */
export function redisNodesOf(url: string): RedisNodes | undefined {
  return isSentinelUrl(url) ? new RedisNodes(parseSentinelUrl(url)) : undefined;
}

/** The Redis master and replicas as the first sentinel that answers reports them, asked at most once a second. */
export class RedisNodes {
  private known: { at: number; topology: Promise<RedisTopology> } | null = null;

  constructor(private readonly target: SentinelTarget) {}

  describe(): Promise<RedisTopology> {
    if (!this.known || Date.now() - this.known.at >= FRESH_MS) this.known = { at: Date.now(), topology: this.ask(this.target) };
    return this.known.topology;
  }

  private async ask(target: SentinelTarget): Promise<RedisTopology> {
    for (const s of target.sentinels) {
      const client = new Redis({
        ...s,
        lazyConnect: true,
        connectTimeout: ASK_TIMEOUT_MS,
        commandTimeout: ASK_TIMEOUT_MS,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const master = fields((await client.call('SENTINEL', 'MASTER', target.name)) as string[]);
        const replicas = ((await client.call('SENTINEL', 'REPLICAS', target.name)) as string[][]).map(fields);
        return { sentinels: 'up', nodes: [server(master, 'master'), ...replicas.map((r) => server(r, 'replica'))] };
      } catch {
        // The next sentinel.
      } finally {
        client.disconnect();
      }
    }
    return { sentinels: 'down', nodes: [] };
  }
}

/** Sentinel's flat [name, value, name, value, …] reply as a map. */
function fields(flat: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < flat.length; i += 2) map.set(flat[i], flat[i + 1]);
  return map;
}

function server(f: Map<string, string>, role: RedisNodeState['role']): RedisNodeState {
  const flags = (f.get('flags') ?? '').split(',');
  return { node: `${f.get('ip')}:${f.get('port')}`, role, state: flags.some((x) => DOWN_FLAGS.includes(x)) ? 'down' : 'up' };
}
