// `npm run ha`: the local double-live pair (etcd, two Patroni-managed PostgreSQL 15 nodes, Redis with a replica
// and three sentinels) on loopback, data under .data/ha; prints the settings the hub takes, stops on Ctrl-C.
import path from 'node:path';
import { loadConfig } from '../config/config';
import { startHaCluster } from '../embedded/ha/ha-cluster';
import { createLogger } from '../logging/logger';
import { runCli } from './cli-run';

async function main(): Promise<number> {
  const config = loadConfig();
  const log = createLogger(config, 'ha');
  const dir = path.join(config.dataDir, 'ha');
  log.info({ dir, basePort: config.haBasePort }, 'starting etcd, two Patroni nodes and Redis with Sentinel');
  const cluster = await startHaCluster({ dir, basePort: config.haBasePort, log });
  const settings = {
    DATABASE_URL: cluster.databaseUrl,
    DATABASE_READ_URL: cluster.readUrl,
    REDIS_SENTINELS: cluster.sentinels,
    REDIS_SENTINEL_NAME: cluster.sentinelName,
  };
  console.log(`\nThe HA pair is up (Patroni REST: ${cluster.nodes.map((n) => n.restUrl).join(', ')}). Run the hub against it with:\n`);
  for (const [k, v] of Object.entries(settings)) console.log(`  export ${k}='${v}'`);
  console.log('\nthen `npm run migrate` and `npm run api` / `npm run worker`. Ctrl-C stops the pair.\n');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  log.info('stopping the HA pair');
  await cluster.stop();
  return 0;
}

runCli('ha', main);
