import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery } from '../../db/bound-query';

/**
 * Copies a completed batch's MATCHED and PROBABLE records, with the member's
 * household and its place, into the table that ministries' reads walk in
 * household order. One statement; a rerun adds nothing twice.
 */
export async function recordBatchMatches(tem: EntityManager, batchId: string): Promise<void> {
  await boundQuery(
    tem,
    `insert into batch_matches (batch_id, row_no, tenant_code, sector, member_id, household_id, province_code, county_code, outcome, discrepancy_kinds)
     select br.batch_id, br.row_no, b.tenant_code, b.sector, m.id, h.id, h.province_code, h.county_code, br.outcome, br.discrepancy_kinds
     from sector_batches b
     join batch_records br on br.batch_id = b.id and br.outcome in ('MATCHED', 'PROBABLE')
     join members m on m.id = br.member_id
     join households h on h.id = m.household_id
     where b.id = ?::uuid
     on conflict (batch_id, row_no) do nothing`,
    [batchId],
  );
}
