import { sql } from '../../db/sql';
import { POVERTY_LINE_BY_YEAR } from '../poverty-line/poverty-line';
import { IssueKind, IssueSeverity } from './data-quality.enums';
import { type DataQualityRule, ageSql, householdRule, memberRule, yearsBefore } from './data-quality.rule';

/** ID numbers whose birth date and sex digit can be read: 15 digits, or 17 digits and a check character. */
const READABLE_ID = sql`m.id_number ~ '^([0-9]{15}|[0-9]{17}[0-9X])$'`;
const ID_BIRTH = sql`case when length(m.id_number) = 18 then substr(m.id_number, 7, 8) else '19' || substr(m.id_number, 7, 6) end`;
const ID_SEX = sql`case when substr(m.id_number, case when length(m.id_number) = 18 then 17 else 15 end, 1)::int % 2 = 1 then 'MALE' else 'FEMALE' end`;

const YEARS = Object.keys(POVERTY_LINE_BY_YEAR).map(Number);
/** The poverty-line table, its values bound, so the rule reads the same reviewed table the reconciliation uses. */
const POVERTY_LINES = sql.join(Object.entries(POVERTY_LINE_BY_YEAR).map(([y, v]) => sql`(${Number(y)}::int, ${v}::numeric)`));
const LINE_OF_EXIT_YEAR = sql`(select l.line from (values ${POVERTY_LINES}) l(year, line)
  where l.year = least(greatest(h.exit_year, ${Math.min(...YEARS)}::int), ${Math.max(...YEARS)}::int))`;

const logical = (code: string, severity: IssueSeverity, field: string, message: string, rule: DataQualityRule['sql']): DataQualityRule => ({
  code,
  kind: IssueKind.LOGICAL,
  severity,
  field,
  message,
  sql: rule,
});

/**
 * False logical relationships: birth date or sex that disagree with the ID
 * number; a head under 16; a child older than its parent; an exited household
 * below the poverty line of its exit year, with unsafe housing, or with a
 * school-age child (6-15) out of school.
 */
export const LOGICAL_RELATION_RULES: readonly DataQualityRule[] = [
  logical(
    'BIRTH_DATE_DISAGREES_WITH_ID',
    IssueSeverity.ERROR,
    'members.birthDate',
    'The birth date disagrees with the one in the ID number',
    memberRule(sql`m.birth_date is not null and ${READABLE_ID} and to_char(m.birth_date, 'YYYYMMDD') <> ${ID_BIRTH}`, sql`m.birth_date::text`),
  ),
  logical(
    'SEX_DISAGREES_WITH_ID',
    IssueSeverity.ERROR,
    'members.sex',
    'The sex disagrees with the one in the ID number',
    memberRule(sql`m.sex is not null and ${READABLE_ID} and m.sex <> ${ID_SEX}`, sql`m.sex`),
  ),
  logical(
    'HEAD_UNDER_16',
    IssueSeverity.WARNING,
    'members.relationship',
    'The head of the household is under 16',
    memberRule(
      (ctx) => sql`m.relationship = 'HEAD' and m.birth_date > ${yearsBefore(16, ctx)}`,
      (ctx) => sql`${ageSql(sql`m.birth_date`, ctx)}::text`,
    ),
  ),
  logical(
    'CHILD_OLDER_THAN_PARENT',
    IssueSeverity.ERROR,
    'members.birthDate',
    'A child of the head is older than the head, or a parent of the head younger',
    (ctx) =>
      sql`select h.id as household_id, m.id as member_id, hd.id as related_member_id, m.birth_date::text as detail
     from members m join households h on h.id = m.household_id
     join members hd on hd.household_id = m.household_id and hd.status = 'ACTIVE' and hd.relationship = 'HEAD'
     where m.status = 'ACTIVE' and h.status <> 'REMOVED' and ${ctx.scope('h')}
       and ((m.relationship = 'CHILD' and m.birth_date < hd.birth_date) or (m.relationship = 'PARENT' and m.birth_date > hd.birth_date))`,
  ),
  logical(
    'EXITED_BELOW_POVERTY_LINE',
    IssueSeverity.ERROR,
    'annualIncomePerCapita',
    'The household exited with an income below the poverty line of its exit year',
    householdRule(
      sql`h.status = 'EXITED' and h.annual_income_per_capita < ${LINE_OF_EXIT_YEAR}`,
      sql`h.annual_income_per_capita || ' < ' || ${LINE_OF_EXIT_YEAR}`,
    ),
  ),
  logical(
    'EXITED_UNSAFE_HOUSING',
    IssueSeverity.ERROR,
    'housingSafe',
    'The household exited although its housing is not safe',
    householdRule(sql`h.status = 'EXITED' and h.housing_safe = false`),
  ),
  logical(
    'EXITED_CHILD_OUT_OF_SCHOOL',
    IssueSeverity.ERROR,
    'members.inSchool',
    'The household exited although a school-age child (6-15) is out of school',
    memberRule(
      (ctx) => sql`h.status = 'EXITED' and m.in_school = false and m.birth_date > ${yearsBefore(16, ctx)} and m.birth_date <= ${yearsBefore(6, ctx)}`,
      (ctx) => sql`${ageSql(sql`m.birth_date`, ctx)}::text`,
    ),
  ),
];
