import { Socket } from 'node:net';
import { Client } from 'pg';
import { type DatabaseUrlParts, type HostPort, nodeUrl } from './multi-host-url';
import { isInRecovery } from './replication.repository';

/** How long one answer about which node is primary is trusted: a failover is followed within about this. */
const FRESH_MS = 1_000;
const PROBE_TIMEOUT_MS = 1_500;

interface NodeState extends HostPort {
  standby: boolean;
}

/**
 * Finds the node a pool should connect to among a multi-host URL's hosts, as libpq's
 * target_session_attrs does: it asks each node `pg_is_in_recovery()` (at most once a
 * second, on demand) and picks the primary (read-write) or a standby (prefer-standby).
 * Patroni decides who is primary; this only follows it.
 */
export class NodeLocator {
  private known: { at: number; nodes: NodeState[] } | null = null;
  private probing: Promise<NodeState[]> | null = null;

  constructor(private readonly parts: DatabaseUrlParts) {}

  /** The node a new connection goes to; throws when no node fits (during a failover: no primary yet). */
  async target(): Promise<HostPort> {
    const nodes = await this.nodes();
    const pick = choose(this.parts.attrs, nodes);
    if (!pick) {
      this.known = null;
      throw new Error(`no PostgreSQL node is ${this.parts.attrs === 'standby' ? 'a standby' : 'primary'} now (failover in progress?)`);
    }
    return pick;
  }

  /** Forget what was known (a connection failed): the next connection asks the nodes again. */
  forget(): void {
    this.known = null;
  }

  /** pg's `stream` option: a socket that connects to the located node instead of the URL's first host. */
  socketFactory(): () => Socket {
    return () => {
      const socket = new Socket();
      const connect = socket.connect.bind(socket) as (port: number, host: string) => Socket;
      const redirected = (() => {
        this.target().then(
          (t) => connect(t.port, t.host),
          (err: Error) => socket.destroy(err),
        );
        socket.once('error', () => this.forget());
        return socket;
      }) as unknown as Socket['connect'];
      socket.connect = redirected;
      return socket;
    };
  }

  private async nodes(): Promise<NodeState[]> {
    if (this.known && Date.now() - this.known.at < FRESH_MS) return this.known.nodes;
    this.probing ??= this.probe().finally(() => (this.probing = null));
    return this.probing;
  }

  private async probe(): Promise<NodeState[]> {
    const answers = await Promise.all(this.parts.hosts.map((h) => this.isStandby(h).catch(() => null)));
    const nodes = this.parts.hosts.flatMap((h, i) => (answers[i] === null ? [] : [{ ...h, standby: answers[i] }]));
    this.known = { at: Date.now(), nodes };
    return nodes;
  }

  private async isStandby(h: HostPort): Promise<boolean> {
    const client = new Client({ connectionString: nodeUrl(this.parts, h), connectionTimeoutMillis: PROBE_TIMEOUT_MS });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return await isInRecovery(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

function choose(attrs: DatabaseUrlParts['attrs'], nodes: NodeState[]): HostPort | null {
  const primary = nodes.find((n) => !n.standby) ?? null;
  const standby = nodes.find((n) => n.standby) ?? null;
  switch (attrs) {
    case 'read-write':
    case 'primary':
      return primary;
    case 'standby':
      return standby;
    case 'prefer-standby':
      return standby ?? primary;
    default:
      return nodes[0] ?? null;
  }
}
