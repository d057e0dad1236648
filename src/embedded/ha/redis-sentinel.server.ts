import type { ChildProcess } from 'node:child_process';
import { chownSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import type { Logger } from '../../logging/logger';
import { findRedisServer } from '../embedded-redis.server';
import { findBinary, ownedDir, runAs, spawnServer, stopServer, waitUntil } from './ha-process';

/** The name the sentinels monitor the master under (REDIS_SENTINEL_NAME). */
export const SENTINEL_MASTER_NAME = 'hubmaster';

export interface RedisPairOptions {
  dir: string;
  masterPort: number;
  replicaPort: number;
  sentinelPorts: number[];
  log: Logger;
}

/** One redis-server of the pair (BullMQ's settings: noeviction, append-only) or a sentinel. */
class RedisProcess {
  child: ChildProcess | null = null;
  constructor(
    readonly port: number,
    private readonly start: () => ChildProcess,
  ) {}
  run(): void {
    this.child = this.start();
  }
  async stop(): Promise<void> {
    if (this.child) await stopServer(this.child);
  }
}

export interface RunningRedisPair {
  sentinels: string[];
  name: string;
  /** Every process (servers first, then sentinels): the fault tests kill the master among them. */
  servers: RedisProcess[];
  /** The current master's port, as the sentinels say. */
  masterPort(): Promise<number>;
  stop(): Promise<void>;
}

function serverArgs(dir: string, port: number, replicaOf: number | null): string[] {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--maxmemory-policy', 'noeviction'];
  args.push('--save', '', '--protected-mode', 'yes', '--loglevel', 'warning', '--daemonize', 'no');
  return replicaOf ? [...args, '--replicaof', '127.0.0.1', String(replicaOf)] : args;
}

function sentinelConfig(dir: string, port: number, masterPort: number, quorum: number): string {
  const file = path.join(dir, `sentinel-${port}.conf`);
  // Sentinel rewrites its own file (the master it now follows), so it must be writable by its user.
  const lines = [
    `port ${port}`,
    'bind 127.0.0.1',
    `dir ${dir}`,
    `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${masterPort} ${quorum}`,
    `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 2000`,
    `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
    `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
  ];
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
  const user = runAs();
  if (user) chownSync(file, user.uid, user.gid);
  return file;
}

async function pings(port: number): Promise<boolean> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}

/** A Redis master, its replica and the sentinels watching them (quorum: a majority of the sentinels). */
export async function startRedisPair(o: RedisPairOptions): Promise<RunningRedisPair> {
  const dir = ownedDir(path.join(o.dir, 'redis'));
  const server = findRedisServer();
  const sentinel = findBinary('redis-sentinel', ['/usr/bin/redis-sentinel']);
  if (!sentinel) throw new Error('redis-sentinel not found: install Debian’s redis-sentinel');
  const serverDir = (port: number) => ownedDir(path.join(dir, String(port)));
  const master = new RedisProcess(o.masterPort, () => spawnServer('redis', server, serverArgs(serverDir(o.masterPort), o.masterPort, null), o.log));
  const replica = new RedisProcess(o.replicaPort, () => spawnServer('redis', server, serverArgs(serverDir(o.replicaPort), o.replicaPort, o.masterPort), o.log));
  const quorum = Math.floor(o.sentinelPorts.length / 2) + 1;
  const sentinels = o.sentinelPorts.map(
    (p) => new RedisProcess(p, () => spawnServer('sentinel', sentinel, [sentinelConfig(dir, p, o.masterPort, quorum)], o.log)),
  );
  const all = [master, replica, ...sentinels];
  for (const p of all) p.run();
  for (const p of all) await waitUntil(`redis on ${p.port} did not answer`, () => pings(p.port), 15_000, p.child ?? undefined);
  const masterPort = async () => {
    const s = new Redis({ port: o.sentinelPorts[0], host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
    s.on('error', () => undefined);
    try {
      await s.connect();
      const [, port] = (await s.call('SENTINEL', 'get-master-addr-by-name', SENTINEL_MASTER_NAME)) as [string, string];
      return Number(port);
    } finally {
      s.disconnect();
    }
  };
  return {
    sentinels: o.sentinelPorts.map((p) => `127.0.0.1:${p}`),
    name: SENTINEL_MASTER_NAME,
    servers: all,
    masterPort,
    stop: async () => {
      for (const p of [...sentinels, replica, master]) await p.stop();
    },
  };
}
