import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { ID_CHECK_CHARACTERS, ID_CHECK_WEIGHTS } from '../id-number/id-number';
import type { RowRange } from './match-chunk.repository';
import { SuggestionRepair } from './match.enums';

/** Each weight's inverse modulo 11: the one digit at a position that makes a given check character right. */
const INVERSES = ID_CHECK_WEIGHTS.map((w) => Array.from({ length: 11 }, (_, k) => k).find((k) => (w * k) % 11 === 1) as number);

const W = sql`${[...ID_CHECK_WEIGHTS]}::int[]`;
const digit = (p: Sql) => sql`substr(i.id, (${p})::int, 1)::int`;

/** The chunk's INVALID records with a failing check character (`broken`), and every one-repair ID of each (`cand`). */
function candidates(r: RowRange): Sql {
  return sql`inv as (
       select s.row_no, t.id, coalesce(s.name_fold, s.name_norm) as name_fold, nullif(s.birth_date, '') as sent_birth,
         (select sum(substr(t.id, x.p::int, 1)::int * x.w) from unnest(${W}) with ordinality x(w, p))::int % 11 as got,
         strpos(${ID_CHECK_CHARACTERS}, substr(t.id, 18, 1)) - 1 as want
       from sector_records s cross join lateral (select upper(regexp_replace(s.id_norm, '\\s', '', 'g')) as id) t
       where s.batch_id = ${r.batchId}::uuid and s.row_no >= ${r.from}::int and s.row_no < ${r.to}::int and not s.valid
         and t.id ~ '^[0-9]{17}[0-9X]$'
     ), broken as (
       select * from inv i where i.got <> i.want
     ), cand as (
       select i.*, left(i.id, 17) || substr(${ID_CHECK_CHARACTERS}, i.got + 1, 1) as cand, ${SuggestionRepair.CHECK_CHARACTER}::text as repair from broken i
       union all
       select i.*, overlay(i.id placing d.v::text from d.p::int for 1), ${SuggestionRepair.ONE_DIGIT}::text
       from broken i cross join lateral (
         select x.p, (${digit(sql`x.p`)} + (((i.want - i.got) % 11 + 11) % 11) * x.inv) % 11 as v
         from unnest(${INVERSES}::int[]) with ordinality x(inv, p)
       ) d
       where d.v < 10
       union all
       select i.*, overlay(i.id placing substr(i.id, g.p + 1, 1) || substr(i.id, g.p, 1) from g.p for 2), ${SuggestionRepair.ADJACENT_SWAP}::text
       from broken i cross join generate_series(1, 16) g(p)
       where substr(i.id, g.p, 1) <> substr(i.id, g.p + 1, 1)
         and ((i.got + ((${W})[g.p] - (${W})[g.p + 1]) * (${digit(sql`g.p + 1`)} - ${digit(sql`g.p`)})) % 11 + 11) % 11 = i.want
     )`;
}

/**
 * INVALID rows whose 18-character ID fails its check character and becomes a
 * registry member's by one repair: the check character itself, one of the 17
 * digits (at each position at most one digit fits the given check character:
 * solved modulo 11, not tried ten times), or two adjacent digits swapped. The
 * member must have the record's name after folding and its birth date (the one
 * sent, else the one inside the ID); a record that two members fit gets none.
 * Candidates are generated in SQL and probed by the members' ID index.
 */
export async function attachSuggestions(tem: EntityManager, r: RowRange): Promise<void> {
  await runSql(
    tem,
    sql`with ${candidates(r)}, fits as (
       select c.row_no, c.repair, m.id as member_id
       from cand c join members m on m.id_number = c.cand and m.status = 'ACTIVE'
       where substr(c.cand, 11, 2) between '01' and '12' and substr(c.cand, 13, 2) between '01' and '31'
         and m.name_fold = c.name_fold
         and case when c.sent_birth is not null then c.sent_birth = to_char(m.birth_date, 'YYYY-MM-DD') else to_char(m.birth_date, 'YYYYMMDD') = substr(c.id, 7, 8) end
     ), one as (
       select row_no, min(member_id) as member_id, min(repair) as repair from fits group by row_no having count(distinct member_id) = 1
     )
     update batch_records b set suggestion_member_id = one.member_id, suggestion_repair = one.repair
     from one
     where b.batch_id = ${r.batchId}::uuid and b.row_no = one.row_no and b.row_no >= ${r.from}::int and b.row_no < ${r.to}::int`,
  );
}
