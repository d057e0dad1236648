import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';

/** How similar a name must be (pg_trgm similarity, or one edit apart) for a PROBABLE match. */
export const PROBABLE_SIMILARITY = 0.45;

/** A chunk of a batch: rows `from` (inclusive) to `to` (exclusive). */
export interface RowRange {
  batchId: string;
  from: number;
  to: number;
}

export interface OutcomeCounts {
  records: number;
  matched: number;
  probable: number;
  unmatched: number;
  invalid: number;
}

const PROBABLE_REASON = 'no member has this ID number; a member of the same county born the same day has a similar name';

/**
 * UNMATCHED rows that have a likely member: blocked on birth date and
 * province (an index), then the household's county, then scored by name
 * inside the block; never a cross join.
 */
export async function matchProbable(tem: EntityManager, r: RowRange): Promise<void> {
  await runSql(
    tem,
    sql`update batch_records b set outcome = 'PROBABLE', member_id = p.member_id, reason = ${PROBABLE_REASON}
     from (
       select distinct on (s.row_no) s.row_no, c.member_id
       from (
         -- The chunk's UNMATCHED records first (about a quarter of them), behind OFFSET 0: no estimate can move the
         -- candidates' probes before this filter (they ran for every record of the chunk) or turn them into a
         -- pass over all members and households (as a row count taken 100 times too high did).
         select s.row_no, s.county, s.birth_key, s.name_norm
         from batch_records u
         join sector_records s on s.batch_id = u.batch_id and s.row_no = u.row_no
         where u.batch_id = ${r.batchId}::uuid and u.row_no >= ${r.from}::int and u.row_no < ${r.to}::int and u.outcome = 'UNMATCHED'
           -- The chunk's bounds on both tables: with no statistics on the batch, no plan may read all of its records.
           and s.row_no >= ${r.from}::int and s.row_no < ${r.to}::int
         offset 0
       ) s
       cross join lateral (
         select m.id as member_id, similarity(m.name_norm, s.name_norm) as score
         from members m join households h on h.id = m.household_id and h.county_code = s.county
         where m.birth_date = s.birth_key and m.province_code = left(s.county, 2) and m.status = 'ACTIVE'
           and (similarity(m.name_norm, s.name_norm) >= ${PROBABLE_SIMILARITY}::numeric or levenshtein(m.name_norm, s.name_norm) <= 1)
         -- Kept a LATERAL of its own (not merged into the join): the block is read by index, once per record.
         offset 0
       ) c
       order by s.row_no, c.score desc, c.member_id
     ) p
     where b.batch_id = ${r.batchId}::uuid and b.row_no = p.row_no`,
  );
}

/** INVALID rows whose ID fails only its check character, and whose corrected number and name are a member's. */
export async function attachSuggestions(tem: EntityManager, r: RowRange): Promise<void> {
  await runSql(
    tem,
    sql`update batch_records b set suggestion_member_id = m.id
     from sector_records s
     join members m on m.id_number = s.corrected and m.status = 'ACTIVE' and m.name_norm = s.name_norm
     where s.batch_id = ${r.batchId}::uuid and s.row_no >= ${r.from}::int and s.row_no < ${r.to}::int and s.corrected is not null
       and b.batch_id = s.batch_id and b.row_no = s.row_no and b.row_no >= ${r.from}::int and b.row_no < ${r.to}::int`,
  );
}

/** The chunk's outcomes, counted from its rows. */
export async function countOutcomes(tem: EntityManager, r: RowRange): Promise<OutcomeCounts> {
  const [counts] = await runSql<OutcomeCounts>(
    tem,
    sql`select count(*)::int as records,
       count(*) filter (where outcome = 'MATCHED')::int as matched,
       count(*) filter (where outcome = 'PROBABLE')::int as probable,
       count(*) filter (where outcome = 'UNMATCHED')::int as unmatched,
       count(*) filter (where outcome = 'INVALID')::int as invalid
     from batch_records where batch_id = ${r.batchId}::uuid and row_no >= ${r.from}::int and row_no < ${r.to}::int`,
  );
  return counts;
}
