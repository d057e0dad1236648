import 'reflect-metadata';
import path from 'node:path';
import { Client } from 'pg';
import pino from 'pino';
import { loadBenchConfig } from '../src/config/config';
import { type MikroORM, migrateUp, openOrm } from '../src/db/orm';
import { DbRole, roleDatabaseUrl } from '../src/db/db-roles';
import { startEmbeddedPostgres } from '../src/embedded/embedded-postgres.server';
import { seedTenants } from '../src/modules/tenants/tenant.seed';

export interface BenchDatabase {
  /** As the owner (seeding, baselines). */
  orm: MikroORM;
  /** As the API's role (hub_api), under row-level security: what the bench's hub uses. */
  apiOrm: MikroORM;
  url: string;
  /** The worker's login (hub_worker), as `npm run worker` uses it in a deployment. */
  workerUrl: string;
  close(): Promise<void>;
}

/**
 * A scratch database for one benchmark: on DATABASE_URL's server when set,
 * otherwise on an embedded PostgreSQL under `.data/bench`; dropped on close.
 */
export async function openBenchDatabase(name: string): Promise<BenchDatabase> {
  const config = loadBenchConfig();
  const log = pino({ level: 'warn' });
  const pg = config.embedded
    ? await startEmbeddedPostgres({ dir: path.join(config.dataDir, 'bench', `pg-${config.benchPgPort}`), port: config.benchPgPort, database: 'postgres', log })
    : null;
  const admin = pg ? pg.url('postgres') : withDatabase(config.databaseUrl, 'postgres');
  await adminSql(admin, `drop database if exists "${name}" with (force)`);
  await adminSql(admin, `create database "${name}"`);
  const url = withDatabase(admin, name);
  const orm = await openOrm({ databaseUrl: url, dbPoolMax: 10, statementTimeoutMs: 0, sqlDebug: false });
  await migrateUp(orm, config.dbRolePasswords);
  await seedTenants(orm.em.fork());
  const apiOrm = await openOrm({
    databaseUrl: roleDatabaseUrl(url, DbRole.API, config.dbRolePasswords.apiPassword),
    dbPoolMax: 10,
    statementTimeoutMs: 0,
    sqlDebug: false,
  });
  return {
    orm,
    apiOrm,
    url,
    workerUrl: roleDatabaseUrl(url, DbRole.WORKER, config.dbRolePasswords.workerPassword),
    close: async () => {
      await apiOrm.close(true);
      await orm.close(true);
      await adminSql(admin, `drop database if exists "${name}" with (force)`);
      await pg?.stop();
    },
  };
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function adminSql(url: string, sql: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
