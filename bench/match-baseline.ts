import type { MikroORM } from '@mikro-orm/postgresql';
import { runSql, sql } from '../src/db/sql';
import { PROBABLE_CANDIDATES } from '../src/modules/reconciliation/match-chunk.repository';
import { scoreOf } from '../src/modules/reconciliation/match-score.rules';
import type { Outcome } from './match-eval';

/** PROBABLE_SIMILARITY before issue 16: a name this trigram-similar, or one edit apart, was PROBABLE. */
const BASELINE_SIMILARITY = 0.45;

/**
 * What the rules before issue 16 (match-chunk.repository and discrepancy.rules
 * at 567ba73, main before the merge 5f3c294) made of a reconciled batch, read from the same tables in one
 * statement: the exact pass is unchanged, so MATCHED and INVALID stand as the
 * hub left them; an UNMATCHED (or now PROBABLE) record is PROBABLE to the
 * active member of its county and birth date whose name, by characters only
 * (no folding, no pinyin), is trigram-similar or one edit apart, the most
 * similar first, with no score; a suggestion only from the corrected check
 * character with the same characters; NAME_MISMATCH on any character
 * difference of a MATCHED record.
 */
export async function baselineOutcomes(orm: MikroORM, batchId: string): Promise<Outcome[]> {
  return runSql<Outcome>(
    orm.em.fork(),
    sql`select s.row_no as "rowNo",
       case when b.outcome in ('UNMATCHED', 'PROBABLE') then case when p.member_id is null then 'UNMATCHED' else 'PROBABLE' end else b.outcome end as outcome,
       case when b.outcome = 'MATCHED' then mm.id_number else p.id_number end as member,
       sug.id_number as suggestion,
       coalesce(b.outcome = 'MATCHED' and mm.name_norm <> s.name_norm, false) as "nameMismatch",
       null::float8 as score
     from sector_records s
     join batch_records b on b.batch_id = s.batch_id and b.row_no = s.row_no
     left join members mm on b.outcome = 'MATCHED' and mm.id = b.member_id
     left join lateral (
       select m.id as member_id, m.id_number
       from members m join households h on h.id = m.household_id and h.county_code = s.county
       where b.outcome in ('UNMATCHED', 'PROBABLE') and m.birth_date = s.birth_key and m.province_code = left(s.county, 2) and m.status = 'ACTIVE'
         and (similarity(m.name_norm, s.name_norm) >= ${BASELINE_SIMILARITY}::numeric or levenshtein(m.name_norm, s.name_norm) <= 1)
       order by similarity(m.name_norm, s.name_norm) desc, m.id
       limit 1
     ) p on true
     left join members sug on s.corrected is not null and sug.id_number = s.corrected and sug.status = 'ACTIVE' and sug.name_norm = s.name_norm
     where s.batch_id = ${batchId}::uuid and b.batch_id = ${batchId}::uuid
     order by s.row_no`,
  );
}

/**
 * Each record's best candidate score under the new rules with no threshold
 * (the same candidates and weights as matchProbable), for every record the
 * exact pass left without a member: how close a decoy came to PROBABLE.
 */
export async function bestCandidateScores(orm: MikroORM, batchId: string): Promise<Map<number, number>> {
  const rows = await runSql<{ rowNo: number; w: number }>(
    orm.em.fork(),
    sql`select s.row_no as "rowNo", max(c.w) as w
     from (
       select s.row_no, s.county, s.birth_key, s.name_norm, s.id_norm,
         coalesce(s.name_fold, s.name_norm) as name_fold, coalesce(s.name_pinyin, s.name_norm) as name_pinyin
       from sector_records s join batch_records b on b.batch_id = s.batch_id and b.row_no = s.row_no
       where s.batch_id = ${batchId}::uuid and b.batch_id = ${batchId}::uuid and b.outcome in ('UNMATCHED', 'PROBABLE')
     ) s
     cross join lateral ${PROBABLE_CANDIDATES} c
     group by s.row_no`,
  );
  return new Map(rows.map((r) => [r.rowNo, scoreOf(r.w)]));
}
