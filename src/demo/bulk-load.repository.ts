import type { Client } from 'pg';
import { sql } from '../db/sql';
import type { ProjectBatch } from './project-seed.types';
import { run } from './registry-seed.repository';

/**
 * The project seed's bulk path. A superuser's connection writes a batch with the row triggers off
 * (`session_replication_role = replica`, as a logical replica applies rows), then does their work
 * once for the whole batch: every foreign key checked by one anti-join each, the summed ledger built
 * from the batch's rows. Per row, the key checks and the sums' trigger were half the generator's time.
 * Indexes, unique and check constraints stay on; the seed computes `benefits.poor_on_date` itself.
 */

/** The tables a project batch writes, each with the column that places a row in the batch. */
const BATCH_TABLES: ReadonlyMap<string, string> = new Map([
  ['projects', 'id'],
  ['project_events', 'project_id'],
  ['project_budget_lines', 'project_id'],
  ['fund_transactions', 'project_id'],
  ['benefits', 'project_id'],
]);

interface ForeignKey {
  name: string;
  child: string;
  parent: string;
  childCols: string[];
  parentCols: string[];
}

/** Turns the row triggers off for the rest of the transaction when the connection may; answers whether it did. */
export async function skipRowTriggers(client: Client): Promise<boolean> {
  const [row] = await run<{ superuser: boolean }>(client, sql`select current_setting('is_superuser') = 'on' as superuser`);
  if (row.superuser) await run(client, sql`set local session_replication_role = replica`);
  return row.superuser;
}

/** The summed ledger of the batch's projects, by the statements of the ledger's own trigger (migration 20261219000300). */
export async function rebuildFundSums(client: Client, b: ProjectBatch): Promise<void> {
  await run(client, sql`select project_fund_sums_rebuild(${b.lo}::int, ${b.hi}::int)`);
}

/** Every foreign key of the batch's tables as the catalog has it, so a key added later is checked too. */
function foreignKeys(client: Client): Promise<ForeignKey[]> {
  const cols = (key: string, rel: string) =>
    sql`array(select a.attname::text from unnest(c.${sql.ident(key)}) with ordinality k(n, i)
      join pg_attribute a on a.attrelid = c.${sql.ident(rel)} and a.attnum = k.n order by k.i)`;
  return run<ForeignKey>(
    client,
    sql`select c.conname::text as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      ${cols('conkey', 'conrelid')} as "childCols", ${cols('confkey', 'confrelid')} as "parentCols"
    from pg_constraint c where c.contype = 'f' and c.conrelid = any(${[...BATCH_TABLES.keys()]}::regclass[]) order by 1`,
  );
}

/** Throws, naming the keys, when a row of the batch references no row (MATCH SIMPLE: a key with a null is not checked). */
export async function checkBatchKeys(client: Client, b: ProjectBatch): Promise<void> {
  const checks = (await foreignKeys(client)).map((k) => {
    const at = sql.ident(BATCH_TABLES.get(k.child) ?? 'id');
    const present = sql.join(
      k.childCols.map((c) => sql`x.${sql.ident(c)} is not null`),
      ' and ',
    );
    const same = sql.join(
      k.childCols.map((c, i) => sql`y.${sql.ident(k.parentCols[i])} = x.${sql.ident(c)}`),
      ' and ',
    );
    return sql`select ${k.name}::text as name, count(*)::int as n from ${sql.ident(k.child)} x
      where x.${at} between ${b.lo}::int and ${b.hi}::int and ${present} and not exists (select 1 from ${sql.ident(k.parent)} y where ${same})`;
  });
  const broken = (await run<{ name: string; n: number }>(client, sql.join(checks, ' union all '))).filter((r) => r.n > 0);
  if (broken.length) {
    throw new Error(`project seed: projects ${b.lo}-${b.hi} break foreign keys: ${broken.map((r) => `${r.name} (${r.n} rows)`).join(', ')}`);
  }
}
