// `npm start`: the embedded default. Starts PostgreSQL and Redis (unless DATABASE_URL/REDIS_URL are set),
// migrates, seeds the tenants and a demo registry, then runs the API and a worker (restarted when they crash) until Ctrl-C.
import 'reflect-metadata';
import { fork } from 'node:child_process';
import path from 'node:path';
import { type AppConfig, loadConfig } from '../config/config';
import { migrateUp, openOrm } from '../db/orm';
import { seedDemo } from '../demo/demo-seed.service';
import { seedDemoStaff } from '../demo/staff-seed.service';
import { startEmbeddedPostgres } from '../embedded/embedded-postgres.server';
import { startEmbeddedRedis } from '../embedded/embedded-redis.server';
import { removeRunningServers, writeRunningServers } from '../embedded/running-servers';
import { createLogger, type Logger } from '../logging/logger';
import { seedTenants } from '../modules/tenants/tenant.seed';
import { Supervisor } from '../process/supervisor';
import { printBanner } from './start.banner';

interface Stoppable {
  stop(): Promise<void>;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config, 'start');
  const services: Stoppable[] = [];
  const urls = config.embedded ? await startServices(config, log, services) : { db: config.databaseUrl, redis: config.redisUrl };
  // The CLIs (audit:verify, seed, migrate) run beside this start on its servers rather than start a second PostgreSQL on the folder.
  if (config.embedded) writeRunningServers(config.dataDir, { pid: process.pid, databaseUrl: urls.db, redisUrl: urls.redis });
  await prepareDatabase({ ...config, databaseUrl: urls.db }, log);
  const env = { ...process.env, DATABASE_URL: urls.db, REDIS_URL: urls.redis };
  // A crashed API or worker is started again (src/process/restart-policy.ts); only a signal to this launcher stops them.
  const children = [supervise('api', 'main.js', env, log), supervise('worker', 'worker.js', env, log)];
  printBanner(config);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    log.info('stopping the API, the worker and the embedded servers');
    await Promise.all(children.map((c) => c.stop()));
    removeRunningServers(config.dataDir, process.pid);
    for (const s of services.reverse()) await s.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function startServices(config: AppConfig, log: Logger, services: Stoppable[]) {
  log.info({ dir: config.dataDir }, 'starting embedded PostgreSQL and redis-server');
  const pg = await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'pg'), port: config.embeddedPgPort, database: 'hub', log });
  services.push(pg);
  const redis = await startEmbeddedRedis({ dir: path.join(config.dataDir, 'redis'), port: config.embeddedRedisPort, log });
  services.push(redis);
  return { db: pg.url('hub'), redis: redis.url };
}

/**
 * Migrations, the 18 tenants, the demo registry on the first start only (a restart keeps the data), and demo
 * projects while the project libraries are empty: ledgers and benefits with a few planted supervision faults.
 */
async function prepareDatabase(config: AppConfig, log: Logger): Promise<void> {
  const orm = await openOrm(config);
  try {
    const applied = await migrateUp(orm, config.dbRolePasswords);
    if (applied.length) log.info({ applied }, 'migrations applied');
    await seedTenants(orm.em.fork());
    await seedDemo(orm, { households: config.demoHouseholds, projects: config.demoProjects }, log);
    // Demo console accounts with a published password: never where the hub runs as production.
    if (config.nodeEnv !== 'production') await seedDemoStaff(orm.em.fork());
  } finally {
    await orm.close();
  }
}

function supervise(name: string, file: string, env: NodeJS.ProcessEnv, log: Logger): Supervisor {
  // Own process group: Ctrl-C reaches this launcher only, which stops the children in order.
  const supervisor = new Supervisor(name, () => fork(path.join(__dirname, '..', file), [], { env, detached: true, stdio: 'inherit' }), log);
  supervisor.start();
  return supervisor;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
