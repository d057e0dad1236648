import { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config/config';
import { type DbRolePasswords, provisionDbRoles } from './db-roles';
import { createOrmOptions } from './orm.config';
import type { Logger } from '../logging/logger';
import { ReadRouter } from './read-router';

/** Opens the ORM (and its connection pool) for a process. */
export async function openOrm(config: Pick<AppConfig, 'databaseUrl' | 'dbPoolMax' | 'statementTimeoutMs' | 'sqlDebug'>): Promise<MikroORM> {
  // Only when a process was given another role's URL and not its own (config.ts leaves it empty).
  if (!config.databaseUrl)
    throw new Error(
      'No database URL for this process: set API_DATABASE_URL (API) or WORKER_DATABASE_URL (worker), or DATABASE_URL with DB_API_PASSWORD / DB_WORKER_PASSWORD',
    );
  return MikroORM.init(createOrmOptions(config));
}

/**
 * Applies every pending migration as the owner, then lets the API's and the
 * worker's roles log in with their configured passwords; returns the names applied.
 */
export async function migrateUp(orm: MikroORM, passwords: DbRolePasswords): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  await provisionDbRoles(orm, passwords);
  return applied.map((m) => m.name);
}

/** The standby's ORM (as the API's role) and the router that sends queries to it; none without DATABASE_READ_URL. */
export async function openReadRouter(
  config: Pick<AppConfig, 'apiReadDatabaseUrl' | 'dbPoolMax' | 'statementTimeoutMs' | 'sqlDebug' | 'readRouting'>,
  primary: MikroORM,
  log: Pick<Logger, 'info' | 'warn'>,
): Promise<ReadRouter | undefined> {
  if (!config.apiReadDatabaseUrl) return undefined;
  const standby = await MikroORM.init(createOrmOptions({ ...config, databaseUrl: config.apiReadDatabaseUrl }));
  const router = new ReadRouter(primary, standby, config.readRouting, log);
  await router.start();
  return router;
}

export { MikroORM };
