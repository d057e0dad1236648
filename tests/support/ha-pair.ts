import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { migrateUp, openOrm } from '../../src/db/orm';
import { type HaCluster, startHaCluster } from '../../src/embedded/ha/ha-cluster';
import { reapLeftovers } from '../../src/embedded/ha/ha-leftovers';
import { HA_PORT_COUNT } from '../../src/embedded/ha/ha-ports';
import { PG15_BIN } from '../../src/embedded/ha/patroni.server';
import { seedTenants } from '../../src/modules/tenants/tenant.seed';

/** Why the HA fault tests cannot run here (a Debian binary is missing), or null. */
export function haSkipReason(): string | null {
  const missing = ['/usr/bin/patroni', '/usr/bin/etcd', '/usr/bin/redis-sentinel', '/usr/bin/redis-server', path.join(PG15_BIN, 'postgres')].filter(
    (b) => !existsSync(b),
  );
  return missing.length ? `HA fault tests skipped: missing ${missing.join(', ')} (apt-get install patroni etcd-server postgresql-15 redis-sentinel)` : null;
}

/** The HA test files' slots: jest runs two files at once, so each file's pair has ports of its own. */
export const HA_SLOT = { reads: 0, failover: 1, redisFailover: 2 } as const;

/** A fresh local pair on its file's 12 ports from TEST_HA_BASE_PORT (its own folder), migrated with the seed tenants. */
export async function startTestPair(slot: number): Promise<HaCluster> {
  const config = loadConfig();
  const basePort = config.testHaBasePort + slot * HA_PORT_COUNT;
  const dir = path.resolve(__dirname, `../../.data/test/ha-${basePort}`);
  // A run killed by its timeout leaves its detached servers on this pair's ports and folder.
  const reaped = await reapLeftovers(dir);
  if (reaped.length) console.warn(`ended ${reaped.length} servers an earlier run of the HA pair left in ${dir}`);
  rmSync(dir, { recursive: true, force: true });
  const cluster = await startHaCluster({ dir, basePort, log: pino({ level: process.env.TEST_LOG ?? 'silent' }) });
  const orm = await openOrm({ databaseUrl: cluster.databaseUrl, dbPoolMax: 2, statementTimeoutMs: 60_000, sqlDebug: false });
  try {
    await migrateUp(orm, config.dbRolePasswords);
    await seedTenants(orm.em.fork());
  } finally {
    await orm.close(true);
  }
  return cluster;
}

/** One statement as the superuser on one node of the pair (assertions: what that node holds). */
export async function onNode<T>(port: number, text: string): Promise<T[]> {
  const client = new Client({ connectionString: `postgres://postgres:postgres@127.0.0.1:${port}/hub`, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}
