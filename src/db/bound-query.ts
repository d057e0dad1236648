import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `sql` (with `?` placeholders) as a parameterised statement, inside the
 * EntityManager's transaction when it has one. MikroORM's `execute()` inlines
 * parameters into the SQL text; for the megabyte-sized JSON arrays that
 * set-based writes send, that costs an escaping pass in Node and a lexing pass
 * in the server. Here the values travel as bind parameters instead.
 */
export async function boundQuery<T>(em: EntityManager, sql: string, params: ReadonlyArray<string | number | boolean | null>): Promise<T[]> {
  const query = em.getConnection().getKnex().raw(sql, params as Array<string | number | boolean | null>);
  const trx = em.getTransactionContext();
  if (trx) query.transacting(trx);
  const result = (await query) as { rows: T[] };
  return result.rows;
}
