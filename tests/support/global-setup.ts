import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../../src/config/config';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres.server';
import { startEmbeddedRedis } from '../../src/embedded/embedded-redis.server';
import { createLogger } from '../../src/logging/logger';
import { SERVICES_FILE, type TestServices } from './test-services';

/**
 * Real servers for the whole run: the embedded PostgreSQL and redis-server, or
 * DATABASE_URL / REDIS_URL when both are set (the test files then create their
 * own databases on that server).
 */
export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ logLevel: 'warn' }, 'test-services');
  // Not the dev hub's ports (config defaults), so the suite runs beside a started hub; one folder per port pair.
  const dir = path.resolve(__dirname, '../../.data/test', `${config.testPgPort}`);
  let services: TestServices;
  if (config.embedded) {
    const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg'), port: config.testPgPort, database: 'postgres', log });
    const redis = await startEmbeddedRedis({ dir: path.join(dir, 'redis'), port: config.testRedisPort, log });
    (globalThis as Record<string, unknown>).__hubTestServers = { pg, redis };
    services = { adminDatabaseUrl: pg.url('postgres'), redisUrl: redis.url };
  } else {
    const admin = new URL(config.databaseUrl);
    admin.pathname = '/postgres';
    services = { adminDatabaseUrl: admin.toString(), redisUrl: config.redisUrl };
  }
  await dropLeftoverDatabases(services.adminDatabaseUrl);
  mkdirSync(path.dirname(SERVICES_FILE), { recursive: true });
  writeFileSync(SERVICES_FILE, JSON.stringify(services));
}

/** Databases of an earlier run that was killed before its cleanup. */
async function dropLeftoverDatabases(adminUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'hub_t_%'");
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
