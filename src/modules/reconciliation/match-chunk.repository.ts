import type { EntityManager } from '@mikro-orm/postgresql';
import type { PreparedRecord } from './record-preparer';

/** How similar a name must be (pg_trgm similarity, or one edit apart) for a PROBABLE match. */
export const PROBABLE_SIMILARITY = 0.45;

export interface OutcomeCounts {
  matched: number;
  probable: number;
  unmatched: number;
  invalid: number;
}

/**
 * Matches one chunk in one statement: exact ID number first, then PROBABLE
 * candidates blocked on (birth date, county) and scored by name inside the
 * block, never a cross join; suggestions for check-character typos.
 */
const MATCH_SQL = `
with input as (
  select * from jsonb_to_recordset(?::jsonb) as r("rowNo" int, "idNumber" text, valid boolean, reason text,
    corrected text, "nameNorm" text, "birthDate" date, county text)
), exact as (
  select i."rowNo", m.id as member_id
  from input i join members m on m.id_number = i."idNumber" and m.status = 'ACTIVE'
  where i.valid
), probable as (
  select distinct on (i."rowNo") i."rowNo", m.id as member_id,
    'no member has this ID number; a member of the same county born the same day has a similar name' as reason
  from input i
  join members m on m.birth_date = i."birthDate" and m.status = 'ACTIVE'
  join households h on h.id = m.household_id and h.county_code = i.county
  where i.valid and not exists (select 1 from exact e where e."rowNo" = i."rowNo")
    and (similarity(m.name_norm, i."nameNorm") >= ${PROBABLE_SIMILARITY} or levenshtein(m.name_norm, i."nameNorm") <= 1)
  order by i."rowNo", similarity(m.name_norm, i."nameNorm") desc, m.id
), suggestion as (
  select i."rowNo", m.id as member_id
  from input i join members m on m.id_number = i.corrected and m.status = 'ACTIVE' and m.name_norm = i."nameNorm"
  where not i.valid and i.corrected is not null
), ins as (
  insert into batch_records (batch_id, row_no, id_number, outcome, reason, member_id, suggestion_member_id)
  select ?::uuid, i."rowNo", i."idNumber",
    case when not i.valid then 'INVALID' when e.member_id is not null then 'MATCHED' when p.member_id is not null then 'PROBABLE' else 'UNMATCHED' end,
    case when not i.valid then i.reason when e.member_id is null then p.reason end,
    coalesce(e.member_id, p.member_id), s.member_id
  from input i
  left join exact e on e."rowNo" = i."rowNo"
  left join probable p on p."rowNo" = i."rowNo"
  left join suggestion s on s."rowNo" = i."rowNo"
  returning outcome
)
select
  count(*) filter (where outcome = 'MATCHED')::int as matched,
  count(*) filter (where outcome = 'PROBABLE')::int as probable,
  count(*) filter (where outcome = 'UNMATCHED')::int as unmatched,
  count(*) filter (where outcome = 'INVALID')::int as invalid
from ins`;

export async function matchChunk(tem: EntityManager, batchId: string, records: PreparedRecord[]): Promise<OutcomeCounts> {
  const input = records.map((r) => ({
    rowNo: r.rowNo, idNumber: r.idNumber, valid: r.valid, reason: r.reason, corrected: r.corrected,
    nameNorm: r.nameNorm, birthDate: r.birthDate, county: r.county,
  }));
  const [counts] = await tem.execute<OutcomeCounts[]>(MATCH_SQL, [JSON.stringify(input), batchId]);
  return counts;
}
