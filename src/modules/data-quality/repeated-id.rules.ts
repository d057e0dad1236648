import { type Sql, sql } from '../../db/sql';
import { IssueKind, IssueSeverity } from './data-quality.enums';
import type { DataQualityRule, RuleSqlContext } from './data-quality.rule';

/**
 * Active members of checked households with the household's county, province
 * and change time, computed once per statement and then joined with itself on
 * a blocking key (county and birth date), never pair by pair.
 */
function pairs(ctx: RuleSqlContext, condition: Sql, detail: Sql): Sql {
  return sql`with am as materialized (
      select m.id, m.household_id, m.id_number, m.name_norm, m.birth_date, h.county_code, h.province_code, h.updated_at
      from members m join households h on h.id = m.household_id
      where m.status = 'ACTIVE' and h.status <> 'REMOVED' and m.birth_date is not null)
    select a.household_id, a.id as member_id, b.id as related_member_id, ${detail} as detail
    from am a join am b on b.county_code = a.county_code and b.birth_date = a.birth_date and b.id <> a.id
    where (${ctx.scope('a')} or ${ctx.scope('b')}) and a.id_number <> b.id_number and (${condition})`;
}

const repeated = (code: string, message: string, rule: DataQualityRule['sql']): DataQualityRule => ({
  code,
  kind: IssueKind.REPEATED,
  severity: IssueSeverity.ERROR,
  field: 'members.idNumber',
  message,
  sql: rule,
});

/**
 * Repeated ID numbers. One active member per ID number is enforced by the
 * database, so what remains are the same person under two numbers: a 15-digit
 * and an 18-digit form, a typo (one character apart, same county and birth
 * date), or the same name and birth date in one county. Each member of a pair
 * gets its own issue, positioned in its own household.
 */
export const REPEATED_ID_RULES: readonly DataQualityRule[] = [
  repeated(
    'ID_15_AND_18_DIGIT_FORMS',
    'The same person is registered under the 15-digit and the 18-digit form of one ID number',
    (ctx) =>
      sql`with am as materialized (
        select m.id, m.household_id, m.id_number, h.province_code, h.updated_at,
               case when length(m.id_number) = 15 then substr(m.id_number, 1, 6) || '19' || substr(m.id_number, 7, 9) else left(m.id_number, 17) end as key17
        from members m join households h on h.id = m.household_id
        where m.status = 'ACTIVE' and h.status <> 'REMOVED' and length(m.id_number) in (15, 18)),
      pair as (
        select s.household_id as s_household, s.id as s_id, s.id_number as s_number, l.household_id as l_household, l.id as l_id, l.id_number as l_number
        from am s join am l on l.key17 = s.key17 and length(l.id_number) = 18
        where length(s.id_number) = 15 and (${ctx.scope('s')} or ${ctx.scope('l')}))
     select s_household as household_id, s_id as member_id, l_id as related_member_id, l_number as detail from pair
     union all
     select l_household, l_id, s_id, s_number from pair`,
  ),
  repeated('ID_ONE_CHARACTER_APART', 'Another member of the county, born the same day, has an ID number one character apart (a typo?)', (ctx) =>
    pairs(ctx, sql`length(a.id_number) = length(b.id_number) and levenshtein(a.id_number, b.id_number) = 1`, sql`b.id_number`),
  ),
  repeated('SAME_NAME_AND_BIRTH_DATE', 'Another member of the county has the same name and birth date under a different ID number', (ctx) =>
    pairs(ctx, sql`a.name_norm = b.name_norm`, sql`b.id_number`),
  ),
];
