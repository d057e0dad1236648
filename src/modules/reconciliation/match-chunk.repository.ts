import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '../../db/sql';
import { nameComparisonSql, thresholdWeight, weightSql } from './match-score.rules';

/** How similar a name must be (pg_trgm similarity of the folded names) to be compared at all, besides one edit or the same sound. */
export const PROBABLE_SIMILARITY = 0.45;

/** The score a PROBABLE candidate needs unless configured (MATCH_PROBABLE_THRESHOLD). */
export const DEFAULT_PROBABLE_THRESHOLD = 0.9;

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

/** The record's sex (the 17th digit of its ID) against the member's, when both are known. */
const SEX = sql`case when m.sex is null or s.id_norm !~ '^[0-9]{17}' then 'UNKNOWN'
  when (substr(s.id_norm, 17, 1)::int % 2 = 1) = (m.sex = 'MALE') then 'AGREE' else 'DISAGREE' end`;

/**
 * A record's (`s`: county, birth_key, id_norm, name_norm, name_fold, name_pinyin) candidates in its block, each
 * with its name comparison, sex agreement and total weight; exported for `npm run bench -- match`, which reads
 * the best weight of every record, the threshold not applied.
 */
export const PROBABLE_CANDIDATES = sql`(
         select x.member_id, x.cls, x.sex, ${weightSql(sql`x.cls`, sql`x.sex`)} as w
         from (
           select m.id as member_id, ${nameComparisonSql('s', 'm')} as cls, ${SEX} as sex
           from members m join households h on h.id = m.household_id and h.county_code = s.county
           where m.birth_date = s.birth_key and m.province_code = left(s.county, 2) and m.status = 'ACTIVE'
             and (m.name_pinyin = s.name_pinyin or similarity(m.name_fold, s.name_fold) >= ${PROBABLE_SIMILARITY}::numeric
               or levenshtein(m.name_fold, s.name_fold) <= 1)
           -- Kept a LATERAL of its own (not merged into the join): the block is read by index, once per record.
           offset 0
         ) x
       )`;

/**
 * UNMATCHED rows that have a likely member: blocked on birth date and
 * province (an index that also holds the name keys and sex), then the
 * household's county, then scored inside the block (match-score.rules: a
 * Fellegi-Sunter weight per field, as a probability); the best candidate at
 * or above `threshold` makes the record PROBABLE with its score and evidence,
 * and candidates tied with it are counted in the evidence and the reason.
 */
export async function matchProbable(tem: EntityManager, r: RowRange, threshold = DEFAULT_PROBABLE_THRESHOLD): Promise<void> {
  await runSql(
    tem,
    sql`update batch_records b set outcome = 'PROBABLE', member_id = p.member_id, match_score = 1 / (1 + power(2, -p.w)),
       reason = ${PROBABLE_REASON} || case when p.ties > 0 then '; ' || p.ties || ' other member(s) score the same' else '' end,
       match_evidence = jsonb_build_object('countyAgrees', true, 'birthDateAgrees', true,
         'sexAgrees', case p.sex when 'AGREE' then true when 'DISAGREE' then false end, 'nameComparison', p.cls,
         'weight', round(p.w::numeric, 2), 'tiedCandidates', p.ties)
     from (
       select distinct on (s.row_no) s.row_no, c.member_id, c.cls, c.sex, c.w, (count(*) over (partition by s.row_no, c.w) - 1)::int as ties
       from (
         -- The chunk's UNMATCHED records first (about a quarter of them), behind OFFSET 0: no estimate can move the
         -- candidates' probes before this filter (they ran for every record of the chunk) or turn them into a
         -- pass over all members and households (as a row count taken 100 times too high did).
         select s.row_no, s.county, s.birth_key, s.name_norm, s.id_norm,
           coalesce(s.name_fold, s.name_norm) as name_fold, coalesce(s.name_pinyin, s.name_norm) as name_pinyin
         from batch_records u
         join sector_records s on s.batch_id = u.batch_id and s.row_no = u.row_no
         where u.batch_id = ${r.batchId}::uuid and u.row_no >= ${r.from}::int and u.row_no < ${r.to}::int and u.outcome = 'UNMATCHED'
           -- The chunk's bounds on both tables: with no statistics on the batch, no plan may read all of its records.
           and s.row_no >= ${r.from}::int and s.row_no < ${r.to}::int
         offset 0
       ) s
       cross join lateral ${PROBABLE_CANDIDATES} c
       where c.w >= ${thresholdWeight(threshold)}::float8
       order by s.row_no, c.w desc, c.member_id
     ) p
     where b.batch_id = ${r.batchId}::uuid and b.row_no = p.row_no`,
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
