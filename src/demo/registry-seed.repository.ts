import type { Client } from 'pg';
import { type Sql, sql } from '../db/sql';

/**
 * The statements of the synthetic seed, on pg clients of the ORM's pool (COPY
 * streams need the driver's own client). The COPY data itself is written by
 * `copy-rows.ts` in COPY's text format, which is data, not SQL.
 */

/** Serialises the id reservations of concurrent seeders (any constant they agree on). */
export const SEED_LOCK_KEY = 0x5eed_2016;

type SeedTable = 'households' | 'members' | 'household_events';

/** Runs one statement on a pg client of the seed (values bound). */
export async function run<R extends object = object>(client: Client, statement: Sql): Promise<R[]> {
  return (await client.query<R>(statement.toPg() as { text: string; values: unknown[] })).rows;
}

/**
 * `begin`, then `body`, then `commit`; rolls back on failure, so the connection
 * goes back to the pool clean. Without a statement timeout: bulk work takes long by nature.
 */
export async function inSeedTransaction<T>(client: Client, body: () => Promise<T>): Promise<T> {
  await run(client, sql`begin`);
  try {
    await run(client, sql`set local statement_timeout = 0`);
    const result = await body();
    await run(client, sql`commit`);
    return result;
  } catch (err) {
    await run(client, sql`rollback`).catch(() => undefined);
    throw err;
  }
}

/** The first id of `count` contiguous ids of `table`, past its sequence and past any id inserted explicitly. */
function reserveExpr(table: SeedTable, count: number): Sql {
  const n = Math.max(1, count);
  return sql`(select setval(s.seq, greatest(coalesce(pg_sequence_last_value(s.seq), 0), (select coalesce(max(id), 0) from ${sql.ident(table)})) + ${n}::bigint) - ${n}::bigint + 1
           from (select pg_get_serial_sequence(${table}::text, 'id')::regclass as seq) s)`;
}

/**
 * Reserves contiguous ids in the three tables under an advisory lock, so that
 * rows carry their ids and members their household's without a round trip per row.
 */
export async function reserveIds(client: Client, counts: Record<SeedTable, number>): Promise<{ h: string; m: string; e: string }> {
  return inSeedTransaction(client, async () => {
    await run(client, sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`);
    const [row] = await run<{ h: string; m: string; e: string }>(
      client,
      sql`select ${reserveExpr('households', counts.households)} as h, ${reserveExpr('members', counts.members)} as m,
            ${reserveExpr('household_events', counts.household_events)} as e`,
    );
    return row;
  });
}

/** The COPY command that streams rows into `table` (`columns`: the names `copy-rows.ts` writes, comma-separated). */
export function copyInCommand(table: SeedTable, columns: string): string {
  const names = columns.split(',').map((c) => sql.ident(c.trim()));
  return sql`copy ${sql.ident(table)} (${sql.join(names.map((n) => sql`${n}`))}) from stdin`.toPgText();
}

/** Whether the registry has any member (no ID number to load otherwise). */
export async function hasMembers(client: Client): Promise<boolean> {
  const [row] = await run<{ found: boolean }>(client, sql`select exists (select 1 from members) as found`);
  return row.found;
}

/** Per (region, birth date) the highest 16-character prefix of the ID numbers issued, streamed by COPY. */
export const ISSUED_ID_PREFIXES_COMMAND =
  sql`copy (select max(left(id_number, 16)) from members where id_number ~ '^[0-9]{16}' group by left(id_number, 14)) to stdout`.toPgText();

/** Fresh planner statistics and visibility maps after a bulk load. */
export async function vacuumRegistry(client: Client): Promise<void> {
  await run(client, sql`set statement_timeout = 0`);
  try {
    await run(client, sql`vacuum (analyze) households, members, household_events, household_status_facts`);
  } finally {
    await run(client, sql`reset statement_timeout`);
  }
}
