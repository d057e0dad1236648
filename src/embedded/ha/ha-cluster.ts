import path from 'node:path';
import type { Logger } from '../../logging/logger';
import { ensureDatabase } from '../embedded-postgres.server';
import { startEtcd } from './etcd.server';
import { assertPortsFree } from './ha-leftovers';
import { allHaPorts, haPorts } from './ha-ports';
import { ownedDir, waitUntil } from './ha-process';
import { HA_SUPERUSER, PatroniNode } from './patroni.server';
import { type RunningRedisPair, startRedisPair } from './redis-sentinel.server';

export interface HaClusterOptions {
  /** Data folder (`.data/ha`): etcd, both PostgreSQL nodes, Redis and the sentinels. */
  dir: string;
  basePort: number;
  log: Logger;
}

export interface HaCluster {
  /** The owner's libpq multi-host URL: whichever node is primary (target_session_attrs=read-write). */
  databaseUrl: string;
  /** Reads: a standby when one runs, else the primary (target_session_attrs=prefer-standby). */
  readUrl: string;
  /** host:port of each sentinel (REDIS_SENTINELS) and the master's name (REDIS_SENTINEL_NAME). */
  sentinels: string;
  sentinelName: string;
  nodes: [PatroniNode, PatroniNode];
  redis: RunningRedisPair;
  /** The node Patroni names primary now (null during a failover). */
  primary(): Promise<PatroniNode | null>;
  stop(): Promise<void>;
}

const START_MS = 120_000;

/** etcd, two Patroni nodes (the first bootstraps, the second clones it and becomes its synchronous standby), Redis with Sentinel. */
export async function startHaCluster(o: HaClusterOptions): Promise<HaCluster> {
  const ports = haPorts(o.basePort);
  // A server left on one of the ports would answer for a node that never started (see ha-leftovers).
  await assertPortsFree(allHaPorts(ports));
  ownedDir(o.dir, 0o755);
  const etcd = await startEtcd({ dir: o.dir, clientPort: ports.etcdClient, peerPort: ports.etcdPeer, log: o.log });
  const stops: Array<() => Promise<void>> = [() => etcd.stop()];
  try {
    const nodes = await startPair(o, etcd.endpoint, stops);
    const hosts = ports.pg.map((p) => `127.0.0.1:${p}`).join(',');
    const auth = `${HA_SUPERUSER.username}:${HA_SUPERUSER.password}`;
    const databaseUrl = `postgres://${auth}@${hosts}/hub?target_session_attrs=read-write`;
    const primary = async () => ((await nodes[0].answers('primary')) ? nodes[0] : (await nodes[1].answers('primary')) ? nodes[1] : null);
    const leader = await primary();
    if (!leader) throw new Error('no primary after start');
    await ensureDatabase(`postgres://${auth}@127.0.0.1:${leader.pgPort}/postgres`, 'hub');
    const redis = await startRedisPair({
      dir: o.dir,
      masterPort: ports.redisMaster,
      replicaPort: ports.redisReplica,
      sentinelPorts: ports.sentinels,
      log: o.log,
    });
    stops.unshift(() => redis.stop());
    return {
      databaseUrl,
      readUrl: `postgres://${auth}@${hosts}/hub?target_session_attrs=prefer-standby`,
      sentinels: redis.sentinels.join(','),
      sentinelName: redis.name,
      nodes,
      redis,
      primary,
      stop: () => stopAll(stops),
    };
  } catch (err) {
    await stopAll(stops);
    throw err;
  }
}

async function startPair(o: HaClusterOptions, etcd: string, stops: Array<() => Promise<void>>): Promise<[PatroniNode, PatroniNode]> {
  const ports = haPorts(o.basePort);
  const node = (i: 0 | 1) =>
    new PatroniNode({ name: `node${i + 1}`, dir: path.join(o.dir, 'pg'), pgPort: ports.pg[i], restPort: ports.rest[i], etcd, log: o.log });
  const nodes: [PatroniNode, PatroniNode] = [node(0), node(1)];
  nodes[0].start();
  stops.unshift(() => nodes[0].stop());
  // A restart keeps the data: either node may be the primary now.
  await waitUntil('no PostgreSQL node became primary', async () => (await nodes[0].answers('primary')) || (await nodes[0].answers('replica')), START_MS);
  nodes[1].start();
  stops.unshift(() => nodes[1].stop());
  await waitUntil('the standby did not become synchronous', async () => (await nodes[0].answers('sync')) || (await nodes[1].answers('sync')), START_MS);
  return nodes;
}

async function stopAll(stops: Array<() => Promise<void>>): Promise<void> {
  for (const stop of stops.splice(0)) await stop().catch(() => undefined);
}
