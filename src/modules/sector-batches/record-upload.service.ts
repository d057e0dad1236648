import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SECTOR_RECORDS_COPY } from './copy-text.encoder';
import { CopyRows, type UploadFormat, rowStages } from './record-body.streams';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';
import type { Sector } from '../tenants/tenant.enums';
import { BatchStatus } from './sector-batch.enums';

/** What one upload added to its batch. */
export interface AppendResult {
  /** Rows this upload added, the unreadable ones included. */
  received: number;
  /** Of those, the rows that carry only a parse error. */
  badLines: number;
  /** The batch's records after this upload. */
  totalRecords: number;
}

/** Who uploaded, for the audit log; omitted, the upload is not audited. */
export interface UploadAudit {
  tenantCode: string;
  requestId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * Appends the records of `body` to a RECEIVING batch, numbered after the ones
 * it already has, streamed through COPY so memory stays flat for any size.
 * `body` should come at the database's pace (the route spools it first): the
 * connection is held until it ends, for at most `timeoutMs` (0: no limit).
 * All or nothing: one transaction on one connection, so an error or a client
 * gone mid-body leaves the batch as it was. Unreadable lines are rows with a
 * parse error, not failures. Throws RecordUploadError when the batch does not
 * exist, no longer takes records, is being uploaded to, or the body as a whole cannot be read.
 */
export async function appendRecords(
  orm: MikroORM,
  batchId: string,
  format: UploadFormat,
  body: NodeJS.ReadableStream,
  audit?: UploadAudit,
  timeoutMs = 0,
): Promise<AppendResult> {
  if (!UUID.test(batchId)) throw new RecordUploadError(RecordUploadFailure.NOT_FOUND, 'No such batch');
  const knex = orm.em.getConnection().getKnex();
  // A raw client: COPY needs the driver's connection, which knex's query builder does not expose.
  const client = (await knex.client.acquireConnection()) as Client;
  try {
    return await inTransaction(client, () => appendLocked(client, batchId, format, body, timeoutMs, audit));
  } finally {
    await knex.client.releaseConnection(client);
  }
}

async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(async () => {
      // A connection that cannot roll back must not return to the pool: ending it makes knex discard it.
      await client.end().catch(() => undefined);
    });
    throw err;
  }
}

async function appendLocked(client: Client, batchId: string, format: UploadFormat, body: NodeJS.ReadableStream, timeoutMs: number, audit?: UploadAudit): Promise<AppendResult> {
  const { total: before, sector } = await lockBatch(client, batchId);
  // The COPY of a big batch outlasts the API's statement timeout; the upload's own deadline bounds it instead.
  await client.query(`select set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
  const rows = new CopyRows(batchId, before + 1, sector);
  const { stages, explain } = rowStages(format);
  try {
    await pipeline([body, ...stages, rows, client.query(copyFrom(SECTOR_RECORDS_COPY))]);
  } catch (err) {
    throw explain(err);
  }
  const totalRecords = before + rows.received;
  await client.query('update sector_batches set total_records = $2, updated_at = now() where id = $1', [batchId, totalRecords]);
  if (audit) await auditUpload(client, batchId, audit, { firstRow: before + 1, received: rows.received, badLines: rows.badLines });
  return { received: rows.received, badLines: rows.badLines, totalRecords };
}

/** Locks the batch row for the whole upload, so uploads append one after another; returns its record count and sector. */
async function lockBatch(client: Client, batchId: string): Promise<{ total: number; sector: Sector }> {
  let found: Array<{ total_records: number; status: string; sector: Sector }>;
  try {
    // NOWAIT: a second upload waiting on the first would hold a pooled connection for as long as the first takes.
    ({ rows: found } = await client.query('select total_records, status, sector from sector_batches where id = $1 for update nowait', [batchId]));
  } catch (err) {
    if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw err;
    throw new RecordUploadError(RecordUploadFailure.BUSY, 'Another upload to this batch is in progress; send this one when it has finished');
  }
  if (!found.length) throw new RecordUploadError(RecordUploadFailure.NOT_FOUND, 'No such batch');
  if (found[0].status !== BatchStatus.RECEIVING) {
    throw new RecordUploadError(RecordUploadFailure.SEALED, `The batch is sealed (status ${found[0].status}); records can only be added while it is RECEIVING`);
  }
  return { total: found[0].total_records, sector: found[0].sector };
}

async function auditUpload(client: Client, batchId: string, audit: UploadAudit, detail: Record<string, number>): Promise<void> {
  await client.query(
    `insert into audit_log (tenant_code, operation, request_id, detail) values ($1, 'uploadBatchRecords', $2, $3::jsonb)`,
    [audit.tenantCode, audit.requestId, JSON.stringify({ batchId, ...detail })],
  );
}
