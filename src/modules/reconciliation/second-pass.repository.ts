import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { Sector } from '../tenants/tenant.enums';
import type { RowRange } from './match-chunk.repository';

/** What a chunk of the second pass reads of its batch (without locking its row). */
export interface SecondPassBatch {
  id: string;
  sector: Sector;
  period: string;
  tenantCode: string;
  status: string;
  totalRecords: number;
  processedRecords: number;
}

/** A chunk of the second pass in hand: its rows and its number among the batch's chunks. */
export interface RuleChunk extends RowRange {
  chunkNo: number;
}

/** The batch as it is now (no lock: connections of one batch read it at once; its checkpoint re-checks the status). */
export async function readBatch(tem: EntityManager, batchId: string): Promise<SecondPassBatch | null> {
  const [batch] = await runSql<SecondPassBatch>(
    tem,
    sql`select id, sector, period, tenant_code as "tenantCode", status, total_records as "totalRecords", processed_records as "processedRecords"
        from sector_batches where id = ${batchId}::uuid`,
  );
  return batch ?? null;
}

/**
 * Splits the batch's rows from its checkpoint on into chunks of `size` rows,
 * once (the caller holds the batch row's lock; a second call keeps the first
 * plan). A batch with no rows left still gets one empty chunk, so "planned"
 * and "done" read the same for every batch.
 */
export async function planRuleChunks(tem: EntityManager, batchId: string, size: number): Promise<void> {
  const [planned] = await runSql(tem, sql`select 1 from batch_rule_chunks where batch_id = ${batchId}::uuid limit 1`);
  if (planned) return;
  await runSql(
    tem,
    sql`insert into batch_rule_chunks (batch_id, chunk_no, row_from, row_to)
        select b.id, row_number() over (order by g), g, least(g + ${size}::int, b.total_records + 1)
        from sector_batches b cross join generate_series(b.next_row, b.total_records, ${size}::int) g
        where b.id = ${batchId}::uuid
        union all
        select b.id, 1, b.total_records + 1, b.total_records + 1 from sector_batches b where b.id = ${batchId}::uuid and b.next_row > b.total_records`,
  );
}

/** Takes the next chunk nobody has done or is doing: its row stays locked until the caller's transaction ends. */
export async function claimRuleChunk(tem: EntityManager, batchId: string): Promise<RuleChunk | null> {
  const [row] = await runSql<{ chunkNo: number; from: number; to: number }>(
    tem,
    sql`select chunk_no as "chunkNo", row_from as "from", row_to as "to" from batch_rule_chunks
        where batch_id = ${batchId}::uuid and not done order by chunk_no limit 1 for update skip locked`,
  );
  return row ? { batchId, ...row } : null;
}

/**
 * Marks the chunk done and returns the batch's checkpoint: the first row of
 * a chunk not done, as this transaction sees it (a chunk another connection
 * holds counts as not done), so every row below it has its results committed.
 */
export async function finishRuleChunk(tem: EntityManager, c: RuleChunk): Promise<number> {
  await runSql(tem, sql`update batch_rule_chunks set done = true where batch_id = ${c.batchId}::uuid and chunk_no = ${c.chunkNo}::int`);
  const [{ nextRow }] = await runSql<{ nextRow: number }>(
    tem,
    sql`select coalesce(min(c.row_from), b.total_records + 1) as "nextRow"
        from sector_batches b left join batch_rule_chunks c on c.batch_id = b.id and not c.done
        where b.id = ${c.batchId}::uuid group by b.total_records`,
  );
  return nextRow;
}

/**
 * Chunks of the batch not yet done, once no other transaction holds any: the
 * row locks make this wait for another run's chunks in hand, and a chunk it
 * committed meanwhile no longer counts.
 */
export async function openRuleChunks(em: EntityManager, batchId: string): Promise<number> {
  return em.transactional(async (tem) => {
    const rows = await runSql(tem, sql`select chunk_no from batch_rule_chunks where batch_id = ${batchId}::uuid and not done for update`);
    return rows.length;
  });
}
