import { Client } from 'pg';
import { type DatabaseUrlParts, type HostPort, nodeUrl, parseDatabaseUrl } from './multi-host-url';
import { nodeReplication } from './replication.repository';

/** One PostgreSQL node as /readyz shows it: where it listens, what it is, whether it answers, how far behind it replays. */
export interface DatabaseNodeState {
  node: string;
  /** The last role the node answered with (`unknown` if it never answered). */
  role: 'primary' | 'standby' | 'unknown';
  state: 'up' | 'down';
  /** Seconds a standby is behind (0 when it has replayed all it received); null on a primary or a node down. */
  lagSeconds: number | null;
}

const FRESH_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_500;

/** The nodes of the hub's database URLs; none when they name a single node (no pair to report on). */
export function databaseNodesOf(urls: string[]): DatabaseNodes | undefined {
  const nodes = new DatabaseNodes(urls);
  return nodes.count > 1 ? nodes : undefined;
}

/**
 * The state of every node named by the hub's database URLs (the primary's multi-host URL and the read URL),
 * asked directly of each node, at most once a second however often /readyz is called.
 */
export class DatabaseNodes {
  private readonly nodes: Array<{ parts: DatabaseUrlParts; host: HostPort }>;
  private readonly roles = new Map<string, DatabaseNodeState['role']>();
  private known: { at: number; states: Promise<DatabaseNodeState[]> } | null = null;

  constructor(urls: string[]) {
    const seen = new Set<string>();
    this.nodes = urls
      .filter(Boolean)
      .map(parseDatabaseUrl)
      .flatMap((parts) => parts.hosts.map((host) => ({ parts, host })))
      .filter(({ host }) => !seen.has(`${host.host}:${host.port}`) && seen.add(`${host.host}:${host.port}`));
  }

  get count(): number {
    return this.nodes.length;
  }

  describe(): Promise<DatabaseNodeState[]> {
    if (!this.known || Date.now() - this.known.at >= FRESH_MS) this.known = { at: Date.now(), states: Promise.all(this.nodes.map((n) => this.probe(n))) };
    return this.known.states;
  }

  private async probe({ parts, host }: { parts: DatabaseUrlParts; host: HostPort }): Promise<DatabaseNodeState> {
    const node = `${host.host}:${host.port}`;
    const client = new Client({ connectionString: nodeUrl(parts, host), connectionTimeoutMillis: PROBE_TIMEOUT_MS, query_timeout: PROBE_TIMEOUT_MS });
    client.on('error', () => undefined);
    try {
      await client.connect();
      const { standby, lag } = await nodeReplication(client);
      const role = standby ? 'standby' : 'primary';
      this.roles.set(node, role);
      return { node, role, state: 'up', lagSeconds: standby ? Math.round((lag ?? 0) * 10) / 10 : null };
    } catch {
      return { node, role: this.roles.get(node) ?? 'unknown', state: 'down', lagSeconds: null };
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
