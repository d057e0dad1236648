import type { EntityManager } from '@mikro-orm/postgresql';
import { type RawResult, withInstants } from './sql';

/**
 * `?`-placeholder SQL with bind parameters, as `runSql` runs it.
 * @deprecated Write statements with the `sql` tag (src/db/sql.ts) in a repository. Lint refuses this import outside the
 * folders still being converted on another branch (NOT_YET_CONVERTED in eslint.config.mjs); it goes with that conversion.
 */
export async function boundQuery<T>(em: EntityManager, sql: string, params: ReadonlyArray<string | number | boolean | null>): Promise<T[]> {
  const query = em.getConnection().getKnex().raw(sql, params as Array<string | number | boolean | null>);
  const trx = em.getTransactionContext();
  if (trx) query.transacting(trx);
  return withInstants((await query) as RawResult<T>);
}
