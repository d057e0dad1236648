import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { runSql, sql } from '../../db/sql';
import type { BatchStatus } from '../sector-batches/sector-batch.enums';
import type { Sector } from '../tenants/tenant.enums';
import { BATCH_TRANSITIONS, BatchTransition } from './batch-lifecycle.rules';

/*
 * The only SQL that writes sector_batches' status and counters. Every update
 * names the states its transition accepts (from the rules, as a bound array),
 * so a batch that changed meanwhile is left alone and the caller is told.
 */

const from = (t: BatchTransition) => BATCH_TRANSITIONS[t].from as readonly string[];
const to = (t: BatchTransition) => BATCH_TRANSITIONS[t].to;

export interface NewBatchRow {
  tenantCode: string;
  sector: Sector;
  period: string;
  status: BatchStatus;
  totalRecords: number;
}

/** Creates a batch (queued at once when it is born QUEUED); returns its id. */
export async function insertBatch(tem: EntityManager, b: NewBatchRow): Promise<string> {
  const [row] = await runSql<{ id: string }>(
    tem,
    sql`insert into sector_batches (tenant_code, sector, period, status, total_records, queued_at)
        values (${b.tenantCode}, ${b.sector}, ${b.period}, ${b.status}, ${b.totalRecords}::int, case when ${b.status}::text = 'QUEUED' then now() end)
        returning id`,
  );
  return row.id;
}

/** The batch's status now (in the caller's transaction), or null when there is no such batch. */
export async function currentStatus(tem: EntityManager, id: string): Promise<BatchStatus | null> {
  const [row] = await runSql<{ status: BatchStatus }>(tem, sql`select status from sector_batches where id = ${id}::uuid`);
  return row?.status ?? null;
}

/** seal: closes the upload and queues the batch. True when it changed. */
export async function markSealed(tem: EntityManager, id: string): Promise<boolean> {
  const t = BatchTransition.SEAL;
  const rows = await runSql(
    tem,
    sql`update sector_batches set status = ${to(t)}, queued_at = now(), updated_at = now()
    where id = ${id}::uuid and status = any(${from(t)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/** retry: queued again; the checkpoint and the counters stay, so the run continues where it stopped. */
export async function markRetried(tem: EntityManager, id: string): Promise<boolean> {
  const t = BatchTransition.RETRY;
  const rows = await runSql(
    tem,
    sql`update sector_batches set status = ${to(t)}, error = null, finished_at = null, queued_at = now(), updated_at = now()
    where id = ${id}::uuid and status = any(${from(t)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/** cancel: completed work is kept. */
export async function markCancelled(tem: EntityManager, id: string): Promise<boolean> {
  const t = BatchTransition.CANCEL;
  const rows = await runSql(
    tem,
    sql`update sector_batches set status = ${to(t)}, finished_at = now(), updated_at = now()
    where id = ${id}::uuid and status = any(${from(t)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/** start: RUNNING with one more attempt; null when the batch is not QUEUED or RUNNING (finished or cancelled). */
export async function markStarted(em: EntityManager, id: string): Promise<{ totalRecords: number } | null> {
  const t = BatchTransition.START;
  const [row] = await runSql<{ totalRecords: number }>(
    em,
    sql`update sector_batches set status = ${to(t)}, started_at = coalesce(started_at, now()), attempts = attempts + 1, updated_at = now()
        where id = ${id}::uuid and status = any(${from(t)}::text[]) returning total_records as "totalRecords"`,
  );
  return row ?? null;
}

/** What one chunk adds to the batch's counters. */
export interface ChunkProgress {
  /** Every row below this one has its results committed (the checkpoint never moves back). */
  nextRow: number;
  records: number;
  matched: number;
  probable: number;
  unmatched: number;
  invalid: number;
  discrepancies: number;
}

/** checkpoint: in the chunk's own transaction; the batch row's lock, taken here, lets one chunk's counters in at a time. */
export async function moveCheckpoint(tem: EntityManager, id: string, p: ChunkProgress): Promise<boolean> {
  const t = BatchTransition.CHECKPOINT;
  const rows = await runSql(
    tem,
    sql`update sector_batches set next_row = greatest(next_row, ${p.nextRow}::int), processed_records = processed_records + ${p.records}::int,
          matched = matched + ${p.matched}::int, probable = probable + ${p.probable}::int, unmatched = unmatched + ${p.unmatched}::int,
          invalid = invalid + ${p.invalid}::int, discrepancies = discrepancies + ${p.discrepancies}::int, updated_at = now()
        where id = ${id}::uuid and status = any(${from(t)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/** complete: in the last chunk's transaction, under its lock on the batch row. */
export async function markCompleted(tem: EntityManager, id: string): Promise<boolean> {
  const t = BatchTransition.COMPLETE;
  const rows = await runSql(
    tem,
    sql`update sector_batches set status = ${to(t)}, finished_at = now(), error = null, updated_at = now()
    where id = ${id}::uuid and status = any(${from(t)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/** fail: with the reason LGOP is shown. */
export async function markFailed(em: EntityManager, id: string, reason: string): Promise<boolean> {
  const t = BatchTransition.FAIL;
  const rows = await runSql(
    em,
    sql`update sector_batches set status = ${to(t)}, error = ${reason}, finished_at = now(), updated_at = now()
    where id = ${id}::uuid and status = any(${from(t)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/**
 * An attempt failed and the job will be tried again: the reason is shown while
 * the batch waits in a state a job runs it from (START's), its status unchanged;
 * complete and retry clear it.
 */
export async function noteAttemptFailed(em: EntityManager, id: string, reason: string): Promise<boolean> {
  const rows = await runSql(
    em,
    sql`update sector_batches set error = ${reason}, updated_at = now()
    where id = ${id}::uuid and status = any(${from(BatchTransition.START)}::text[]) returning id`,
  );
  return rows.length > 0;
}

/** The batch row as an upload finds it. */
export interface ReceivingRow {
  totalRecords: number;
  status: BatchStatus;
  sector: Sector;
}

/**
 * receive, first half: locks the batch row for the whole upload (NOWAIT: a
 * second upload waiting for the first would hold a pooled connection as long
 * as the first takes). On the upload's own connection (COPY needs pg's client).
 */
export async function lockForUpload(client: Client, id: string): Promise<ReceivingRow | null> {
  const { rows } = await client.query<ReceivingRow>(
    sql`select total_records as "totalRecords", status, sector from sector_batches where id = ${id}::uuid for update nowait`.toPg(),
  );
  return rows[0] ?? null;
}

/** receive, second half: the batch's record count after the upload. */
export async function recordReceived(client: Client, id: string, totalRecords: number): Promise<boolean> {
  const t = BatchTransition.RECEIVE;
  const { rowCount } = await client.query(
    sql`update sector_batches set total_records = ${totalRecords}::int, updated_at = now() where id = ${id}::uuid and status = any(${from(t)}::text[])`.toPg(),
  );
  return (rowCount ?? 0) > 0;
}
