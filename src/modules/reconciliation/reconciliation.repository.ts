import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import type { Sector } from '../tenants/tenant.enums';

/** What a chunk of the second pass reads of its batch. */
export interface RunningBatch {
  id: string;
  sector: Sector;
  period: string;
  tenantCode: string;
  status: string;
  nextRow: number;
  totalRecords: number;
  processedRecords: number;
}

/** The batch row, locked until the chunk's transaction ends: two runs of one batch never process a chunk twice. */
export async function lockRunningBatch(tem: EntityManager, batchId: string): Promise<RunningBatch | null> {
  const [batch] = await runSql<RunningBatch>(
    tem,
    sql`select id, sector, period, tenant_code as "tenantCode", status, next_row as "nextRow", total_records as "totalRecords",
          processed_records as "processedRecords" from sector_batches where id = ${batchId}::uuid for update`,
  );
  return batch ?? null;
}

/** Fresh planner statistics of batch_matches, through the owner's whitelisting function (the worker owns no table). */
export async function analyzeMatches(em: EntityManager): Promise<void> {
  await runSql(em, sql`select analyze_registry_table('batch_matches')`);
}

/** Batches QUEUED or RUNNING with no pending outbox row, oldest first: the sweep's candidates for a lost job. */
export function batchesToRequeue(em: EntityManager, limit: number): Promise<Array<{ id: string }>> {
  return runSql<{ id: string }>(
    em,
    sql`select b.id from sector_batches b
        where b.status in ('QUEUED', 'RUNNING')
          and not exists (select 1 from outbox o where o.aggregate_id = b.id::text and o.published_at is null)
        order by b.created_at limit ${limit}::int`,
  );
}
