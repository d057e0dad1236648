import { pipeline } from 'node:stream/promises';
import type { MikroORM } from '@mikro-orm/postgresql';
import { acquirePoolClients } from '../../db/pool-clients';
import type { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type BodyType, CopyRows, type UploadFormat, rowStages } from './record-body.streams';
import { type BlockEncoder, IN_THREAD } from './record-encoder.pool';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';
import type { Sector } from '../tenants/tenant.enums';
import { beginReceive, finishReceive } from '../batch-lifecycle/batch-lifecycle.service';
import { BatchTransition, allows } from '../batch-lifecycle/batch-lifecycle.rules';
import { auditUpload, begin, commit, rollback, setStatementTimeout } from './record-upload.repository';
import { attachRecords, openRecordsTable, sectorRecordsCopy } from './sector-records.repository';

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
  format: UploadFormat | BodyType,
  body: NodeJS.ReadableStream,
  audit?: UploadAudit,
  timeoutMs = 0,
  encoder: BlockEncoder = IN_THREAD,
): Promise<AppendResult> {
  if (!UUID.test(batchId)) throw new RecordUploadError(RecordUploadFailure.NOT_FOUND, 'No such batch');
  // A raw client: COPY needs the driver's connection, which knex's query builder does not expose.
  const pool = await acquirePoolClients(orm, 1);
  const [client] = pool.clients;
  try {
    return await inTransaction(client, () => appendLocked(client, { batchId, format, body, timeoutMs, audit, encoder }));
  } finally {
    await pool.release();
  }
}

async function inTransaction<T>(client: Client, work: () => Promise<T>): Promise<T> {
  await begin(client);
  try {
    const result = await work();
    await commit(client);
    return result;
  } catch (err) {
    await rollback(client).catch(async () => {
      // A connection that cannot roll back must not return to the pool: ending it makes knex discard it.
      await client.end().catch(() => undefined);
    });
    throw err;
  }
}

interface Append {
  batchId: string;
  format: UploadFormat | BodyType;
  body: NodeJS.ReadableStream;
  timeoutMs: number;
  audit?: UploadAudit;
  encoder: BlockEncoder;
}

async function appendLocked(client: Client, { batchId, format, body, timeoutMs, audit, encoder }: Append): Promise<AppendResult> {
  const { total: before, sector } = await lockBatch(client, batchId);
  // The COPY of a big batch outlasts the API's statement timeout; the upload's own deadline bounds it instead.
  await setStatementTimeout(client, timeoutMs);
  const rows = new CopyRows(batchId, before + 1, sector, encoder);
  const { stages, explain } = rowStages(format);
  try {
    // Into the batch's own table with no index on its first upload: its keys are built once the rows are in.
    const table = await openRecordsTable(client, batchId);
    await pipeline([body, ...stages, rows, client.query(copyFrom(sectorRecordsCopy(table).toPgText()))]);
  } catch (err) {
    throw explain(err);
  }
  await attachRecords(client, batchId);
  const totalRecords = before + rows.received;
  await finishReceive(client, batchId, totalRecords);
  if (audit) await auditUpload(client, audit, { batchId, firstRow: before + 1, received: rows.received, badLines: rows.badLines });
  return { received: rows.received, badLines: rows.badLines, totalRecords };
}

/** Locks the batch row for the whole upload, so uploads append one after another; returns its record count and sector. */
async function lockBatch(client: Client, batchId: string): Promise<{ total: number; sector: Sector }> {
  let found: Awaited<ReturnType<typeof beginReceive>>;
  try {
    found = await beginReceive(client, batchId);
  } catch (err) {
    if ((err as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw err;
    throw new RecordUploadError(RecordUploadFailure.BUSY, 'Another upload to this batch is in progress; send this one when it has finished');
  }
  if (!found) throw new RecordUploadError(RecordUploadFailure.NOT_FOUND, 'No such batch');
  if (!allows(BatchTransition.RECEIVE, found.status)) {
    throw new RecordUploadError(RecordUploadFailure.SEALED, `The batch is sealed (status ${found.status}); records can only be added while it is RECEIVING`);
  }
  return { total: found.totalRecords, sector: found.sector };
}
