import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { type OwnerScope, ownerScopeSql } from '../../db/tenant-scope';
import type { SectorBatch } from './sector-batch.entity';
import type { SectorBatchFilter } from './sector-batches.inputs';

/** A batch as reads serialise it: the entity's fields as a plain row, never managed by a unit of work. */
export type BatchRow = { [K in keyof SectorBatch]: SectorBatch[K] } & {
  /** `created_at` to the microsecond (UTC), for the list's cursor: a `Date` keeps milliseconds only. */
  createdAtKey: string;
};

const COLUMNS = sql`b.id, b.tenant_code as "tenantCode", b.sector, b.period, b.status, b.total_records as "totalRecords", b.next_row as "nextRow",
  b.processed_records as "processedRecords", b.matched, b.probable, b.unmatched, b.invalid, b.discrepancies, b.attempts, b.error,
  b.created_at as "createdAt", b.queued_at as "queuedAt", b.started_at as "startedAt", b.finished_at as "finishedAt", b.updated_at as "updatedAt",
  to_char(b.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "createdAtKey"`;

/** A batch within the owner scope (the owner filter's condition), else null. */
export async function findBatch(em: EntityManager, owner: OwnerScope, id: string): Promise<BatchRow | null> {
  const [row] = await runSql<BatchRow>(em, sql`select ${COLUMNS} from sector_batches b where b.id = ${id}::uuid and ${ownerScopeSql(owner, 'b')}`);
  return row ?? null;
}

/** Where a page of the list starts: after this batch in (created_at desc, id desc) order. */
export interface BatchCursor {
  /** `created_at` as `createdAtKey` gave it. */
  at: string;
  id: string;
}

/** Up to `limit` batches within the owner scope, newest first, after `cursor`. */
export function listBatches(em: EntityManager, owner: OwnerScope, filter: SectorBatchFilter | undefined, cursor: BatchCursor | null, limit: number) {
  const conds: Sql[] = [ownerScopeSql(owner, 'b')];
  if (filter?.sector) conds.push(sql`b.sector = ${filter.sector}`);
  if (filter?.status) conds.push(sql`b.status = ${filter.status}`);
  if (filter?.period) conds.push(sql`b.period = ${filter.period}`);
  if (filter?.tenantCode) conds.push(sql`b.tenant_code = ${filter.tenantCode}`);
  if (cursor) conds.push(sql`(b.created_at, b.id) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  return runSql<BatchRow>(em, sql`select ${COLUMNS} from sector_batches b ${sql.where(conds)} order by b.created_at desc, b.id desc limit ${limit}::int`);
}
