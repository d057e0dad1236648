import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { runSql, sql } from '../../db/sql';
import type { Sector } from '../tenants/tenant.enums';
import type { BatchStatus } from './sector-batch.enums';

/*
 * The upload's own statements, on its own connection (COPY needs pg's client);
 * the batch row's lock and record count are the lifecycle's (receive).
 */

export async function begin(client: Client): Promise<void> {
  await client.query(sql`begin`.toPgText());
}

export async function commit(client: Client): Promise<void> {
  await client.query(sql`commit`.toPgText());
}

export async function rollback(client: Client): Promise<void> {
  await client.query(sql`rollback`.toPgText());
}

/** The statement timeout of the rest of the transaction, in ms (0: none). */
export async function setStatementTimeout(client: Client, ms: number): Promise<void> {
  await client.query(sql`select set_config('statement_timeout', ${String(ms)}, true)`.toPg());
}

/** The upload's audit row, in the upload's transaction. */
export async function auditUpload(client: Client, audit: { tenantCode: string; requestId: string | null }, detail: Record<string, unknown>): Promise<void> {
  await client.query(
    sql`insert into audit_log (tenant_code, operation, request_id, detail) values (${audit.tenantCode}, 'uploadBatchRecords', ${audit.requestId}, ${JSON.stringify(detail)}::jsonb)`.toPg(),
  );
}

/** Whose the batch is and its status, read before the body is taken (on the pool, outside any upload transaction). */
export async function batchOwner(em: EntityManager, batchId: string): Promise<{ tenantCode: string; status: BatchStatus; sector: Sector } | null> {
  const [row] = await runSql<{ tenantCode: string; status: BatchStatus; sector: Sector }>(
    em,
    sql`select tenant_code as "tenantCode", status, sector from sector_batches where id = ${batchId}::uuid`,
  );
  return row ?? null;
}
