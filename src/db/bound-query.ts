import type { EntityManager } from '@mikro-orm/postgresql';
import { types } from 'pg';

/** pg's OID of `timestamptz`. */
const TIMESTAMPTZ = 1184;
/** pg's own text parser of `timestamptz` (the global default; MikroORM's pool overrides it with one that keeps the text). */
const parseInstant = types.getTypeParser(TIMESTAMPTZ, 'text') as (text: string) => Date;

interface RawResult<T> {
  rows: T[];
  fields?: Array<{ name: string; dataTypeID: number }>;
}

/**
 * Runs `sql` (with `?` placeholders) as a parameterised statement, inside the
 * EntityManager's transaction when it has one. MikroORM's `execute()` inlines
 * parameters into the SQL text; for the megabyte-sized JSON arrays that
 * set-based writes send, that costs an escaping pass in Node and a lexing pass
 * in the server. Here the values travel as bind parameters instead.
 *
 * Columns of type `timestamptz` come back as `Date`s (see `withInstants`).
 */
export async function boundQuery<T>(em: EntityManager, sql: string, params: ReadonlyArray<string | number | boolean | null>): Promise<T[]> {
  const query = em.getConnection().getKnex().raw(sql, params as Array<string | number | boolean | null>);
  const trx = em.getTransactionContext();
  if (trx) query.transacting(trx);
  return withInstants((await query) as RawResult<T>);
}

/**
 * MikroORM's pool keeps timestamps as text so that its hydration can convert
 * them per entity property; raw rows have no entity, so the conversion happens
 * here, chosen by each column's type in the row description (no column list
 * to keep in step with the SQL). `date` columns stay `YYYY-MM-DD` text: a
 * calendar day has no instant, and a `Date` would shift it by the time zone.
 */
function withInstants<T>(result: RawResult<T>): T[] {
  const instants = (result.fields ?? []).filter((f) => f.dataTypeID === TIMESTAMPTZ).map((f) => f.name);
  if (!instants.length) return result.rows;
  for (const row of result.rows as Array<Record<string, unknown>>) {
    for (const name of instants) if (typeof row[name] === 'string') row[name] = parseInstant(row[name] as string);
  }
  return result.rows;
}
