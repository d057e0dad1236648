import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';

/** Records read per chunk when the ID ranges are planned: about this many per chunk, spread evenly over the rows. */
const SAMPLES_PER_CHUNK = 200;

/** One chunk of the exact pass: the batch's records whose ID number is above `lowerId` up to `upperId`. */
export interface IdRange {
  batchId: string;
  /** The batch's own table of outcome rows, from {@link openBatchRecords}. */
  table: string;
  chunkNo: number;
  /** Exclusive; null from the first ID number on. */
  lowerId: string | null;
  /** Inclusive; null up to the last ID number. */
  upperId: string | null;
}

/**
 * Splits the batch into ID-number ranges of about `size` records each, once:
 * the bounds are quantiles of an evenly spaced sample of the rows (one index
 * probe per sampled row, not a pass over the batch). Equal ID numbers always
 * fall in one range, so every record belongs to exactly one chunk. A second
 * call for the same batch (a resumed run) keeps the first plan.
 */
export async function planExactChunks(tem: EntityManager, batchId: string, totalRecords: number, size: number): Promise<void> {
  await runSql(tem, exactChunkPlan(batchId, totalRecords, size));
}

/**
 * The statement of {@link planExactChunks}. A new batch has no statistics, and
 * with stale ones the planner takes the batch's rows for one and may read them
 * all per sampled row through the (batch_id, id_norm) index (30 s and more on a
 * hub with history). Here each sampled row number is a LATERAL probe with LIMIT
 * 1, which no join can absorb, written as "the batch's first row at or after
 * the row number, in row order": only the primary key gives that order without
 * a sort, so the plan is a nested loop with one primary-key probe per sampled
 * row whatever the statistics say (the row number's equality is checked
 * outside the LIMIT). The bound is on row_no itself, so each probe starts at
 * its row: written as a row comparison, (batch_id, row_no) >= (batch, n), the
 * batch's equality became the index scan's start and every probe walked the
 * key from the batch's first row to n (13 s and 990k buffers for the 2,000
 * probes of a 200k-record batch, 0.16 s and 8k buffers now). The batch's own
 * equality prunes sector_records to its partition.
 */
export function exactChunkPlan(batchId: string, totalRecords: number, size: number): Sql {
  const chunks = Math.max(1, Math.ceil(totalRecords / size));
  const step = Math.max(1, Math.floor(totalRecords / (chunks * SAMPLES_PER_CHUNK)));
  return sql`with sampled as (
       select s.id_norm, ntile(${chunks}::int) over (order by s.id_norm) as chunk_no
       from generate_series(1, ${totalRecords}::int, ${step}::int) g(row_no)
       cross join lateral (
         select r.batch_id, r.row_no, r.id_norm from sector_records r
         where r.batch_id = ${batchId}::uuid and r.row_no >= g.row_no order by r.row_no limit 1
       ) s
       where s.batch_id = ${batchId}::uuid and s.row_no = g.row_no
     ), uppers as (
       select chunk_no, max(id_norm) as upper_id from sampled group by chunk_no
     ), ranges as (
       select chunk_no, lag(upper_id) over (order by chunk_no) as lower_id,
         case when chunk_no = (select max(chunk_no) from uppers) then null else upper_id end as upper_id
       from uppers
     )
     insert into batch_exact_chunks (batch_id, chunk_no, lower_id, upper_id)
     select ${batchId}::uuid, chunk_no, lower_id, upper_id from ranges
     union all
     -- A batch with no records still gets its one (empty) chunk, so the pass can tell "planned" from "not yet".
     select ${batchId}::uuid, 1, null, null where not exists (select 1 from uppers)
     on conflict (batch_id, chunk_no) do nothing`;
}

/** True once the batch's exact pass has been planned (its chunks exist). */
export async function isPlanned(tem: EntityManager, batchId: string): Promise<boolean> {
  const rows = await runSql(tem, sql`select 1 from batch_exact_chunks where batch_id = ${batchId}::uuid limit 1`);
  return rows.length > 0;
}

/**
 * The batch's own table of outcome rows (created on first call): the exact
 * pass fills it without an index, which it gets in one sorted build when
 * {@link attachBatchRecords} makes it the batch's partition of batch_records.
 */
export async function openBatchRecords(tem: EntityManager, batchId: string): Promise<string> {
  const [{ t }] = await runSql<{ t: string }>(tem, sql`select open_batch_records(${batchId}::uuid) as t`);
  return t;
}

/**
 * Builds the key of the batch's table and attaches it to batch_records, once
 * (a later call does nothing). Callers hold the batch row's lock
 * ({@link lockBatch}), so two runs of one batch do not both build.
 */
export async function attachBatchRecords(tem: EntityManager, batchId: string): Promise<void> {
  await runSql(tem, sql`select attach_batch_records(${batchId}::uuid)`);
}

/** Locks the batch's row until the transaction ends: the steps done once per batch run one at a time. */
export async function lockBatch(tem: EntityManager, batchId: string): Promise<void> {
  await runSql(tem, sql`select 1 from sector_batches where id = ${batchId}::uuid for update`);
}

/** The batch's status now, or null when there is no such batch. */
export async function batchStatus(tem: EntityManager, batchId: string): Promise<string | null> {
  const [batch] = await runSql<{ status: string }>(tem, sql`select status from sector_batches where id = ${batchId}::uuid`);
  return batch?.status ?? null;
}

/**
 * Builds the partition's index of the rarer outcomes (for reads by outcome),
 * once. Matching does not use it, so it waits for the batch's completion.
 */
export async function indexBatchRecords(tem: EntityManager, batchId: string): Promise<void> {
  await runSql(tem, sql`select index_batch_records(${batchId}::uuid)`);
}

/**
 * Takes the next chunk nobody has matched or is matching: its row stays
 * locked until the caller's transaction ends, and other connections skip it.
 */
export async function claimExactChunk(tem: EntityManager, batchId: string, table: string): Promise<IdRange | null> {
  const [row] = await runSql<{ chunkNo: number; lowerId: string | null; upperId: string | null }>(
    tem,
    sql`select chunk_no as "chunkNo", lower_id as "lowerId", upper_id as "upperId" from batch_exact_chunks
        where batch_id = ${batchId}::uuid and not done order by chunk_no limit 1 for update skip locked`,
  );
  return row ? { batchId, table, ...row } : null;
}

/**
 * Ranges of the batch not yet matched, once no other transaction holds any:
 * the row locks make this wait for another run's ranges in hand, and a range
 * it committed meanwhile no longer counts.
 */
export async function openExactChunks(em: EntityManager, batchId: string): Promise<number> {
  return em.transactional(async (tem) => {
    const rows = await runSql(tem, sql`select chunk_no from batch_exact_chunks where batch_id = ${batchId}::uuid and not done for update`);
    return rows.length;
  });
}

/**
 * Outcome rows of one ID range, in one INSERT ... SELECT with no record
 * passing through the worker: the range's records (from their ID index) and
 * the same slice of the members' unique index, both read in ID order and
 * merged, into the batch's own table (no index yet). Marks the chunk done in
 * the same transaction.
 */
export async function matchExactRange(tem: EntityManager, r: IdRange): Promise<void> {
  const inRange = (col: Sql) =>
    sql`${r.lowerId !== null ? sql` and ${col} > ${r.lowerId}` : sql.empty}${r.upperId !== null ? sql` and ${col} <= ${r.upperId}` : sql.empty}`;
  // A new batch has no statistics, and the planner would probe the members' index once per record, or
  // sort the range's records: a merge join of two index scans in ID order is the plan this statement is
  // written for, so the alternatives are off until this transaction ends.
  await runSql(
    tem,
    sql`select set_config('enable_nestloop', 'off', true), set_config('enable_hashjoin', 'off', true),
       set_config('enable_bitmapscan', 'off', true), set_config('enable_sort', 'off', true)`,
  );
  await runSql(
    tem,
    sql`insert into ${sql.ident(r.table)} (batch_id, row_no, id_number, outcome, reason, member_id)
     select s.batch_id, s.row_no, s.id_norm,
       case when not s.valid then 'INVALID' when m.id is not null then 'MATCHED' else 'UNMATCHED' end,
       case when not s.valid then s.reason end, m.id
     from sector_records s
     left join members m on s.valid and m.id_number = s.id_norm and m.status = 'ACTIVE'${inRange(sql`m.id_number`)}
     where s.batch_id = ${r.batchId}::uuid${inRange(sql`s.id_norm`)}`,
  );
  await runSql(tem, sql`update batch_exact_chunks set done = true where batch_id = ${r.batchId}::uuid and chunk_no = ${r.chunkNo}::int`);
}
