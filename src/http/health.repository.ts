import type { MikroORM } from '@mikro-orm/postgresql';
import { runSql, sql } from '../db/sql';

/** The database answers a statement (the readiness probe). */
export async function pingDatabase(orm: MikroORM): Promise<void> {
  await runSql(orm.em.fork(), sql`select 1`);
}
