import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { type Sql, runSql, sql } from './sql';

/** How COPY writes the rows: CSV with a header line, or one JSON object a line (text format). */
export type CopyOutFormat = 'csv' | 'json-lines';

/** The pg connection of the EntityManager's open transaction (a knex transaction hands out only its own). */
async function transactionClient(em: EntityManager): Promise<Client> {
  const trx = em.getTransactionContext<{ client: { acquireConnection(): Promise<unknown> } }>();
  if (!trx) throw new Error('COPY out needs the request transaction');
  return (await trx.client.acquireConnection()) as Client;
}

/**
 * Streams `query`'s rows out of PostgreSQL with `COPY (…) TO STDOUT` on the
 * transaction's own connection (its tenant settings and row-level security
 * apply). COPY takes no bind parameters, so the query's values are bound to
 * transaction-local settings first and read back by the text (`Sql.toSettingsBound`). The stream
 * is read at the consumer's pace: PostgreSQL waits on its socket meanwhile.
 * Nothing else may use the transaction until the stream has ended.
 */
export async function copyOut(em: EntityManager, query: Sql, format: CopyOutFormat): Promise<{ rows: Readable; abandon(): Promise<void> }> {
  const client = await transactionClient(em);
  const command =
    format === 'csv' ? sql`copy (${query}) to stdout with (format csv, header true)` : sql`copy (select to_json(q)::text from (${query}) q) to stdout`;
  const rows = client.query(copyTo(await settingsBoundText(em, command)));
  return {
    rows,
    // A COPY cut short leaves the connection mid-protocol: ending it makes the server roll back and the pool discard it.
    abandon: async () => {
      rows.destroy();
      await client.end().catch(() => undefined);
    },
  };
}

/** The text of a statement whose values are bound, in the transaction, to the settings the text reads. */
export async function settingsBoundText(em: EntityManager, statement: Sql): Promise<string> {
  const { text, settings } = statement.toSettingsBound();
  if (settings.length) {
    const [names, values] = [settings.map((s) => s.name), settings.map((s) => s.value)];
    await runSql(em, sql`select set_config(s.name, s.value, true) from unnest(${names}::text[], ${values}::text[]) as s(name, value)`);
  }
  return text;
}

/** Lets the export's statement run as long as `ms` (the API's statement timeout would cut a big export short). */
export async function setLocalStatementTimeout(em: EntityManager, ms: number): Promise<void> {
  await runSql(em, sql`select set_config('statement_timeout', ${String(ms)}, true), set_config('transaction_read_only', 'on', true)`);
}

/**
 * COPY's text format escapes backslashes (and control characters, which JSON
 * text never holds raw): undoing the doubling gives each line's JSON back.
 */
export function jsonOfCopyLine(line: string): Record<string, unknown> {
  return JSON.parse(line.includes('\\') ? line.replace(/\\\\/g, '\\') : line) as Record<string, unknown>;
}
