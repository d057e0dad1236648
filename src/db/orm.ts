import { MikroORM } from '@mikro-orm/postgresql';
import type { AppConfig } from '../config/config';
import { createOrmOptions } from './orm.config';

/** Opens the ORM (and its connection pool) for a process. */
export async function openOrm(
  config: Pick<AppConfig, 'databaseUrl' | 'dbPoolMax' | 'statementTimeoutMs' | 'sqlDebug'>,
): Promise<MikroORM> {
  return MikroORM.init(createOrmOptions(config));
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(orm: MikroORM): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

export { MikroORM };
