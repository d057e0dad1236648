import { sql } from '../../db/sql';
import { IssueKind, IssueSeverity } from './data-quality.enums';
import { type DataQualityRule, checkedMembers, householdRule, memberRule, yearsBefore } from './data-quality.rule';

/**
 * Income per person above this is implausible for a registered household
 * (about 25 times the 2020 poverty line); such values are typing errors.
 */
export const IMPLAUSIBLE_INCOME = 100_000;
/** More active members than this is not a household but a typing or merging error. */
export const MAX_HOUSEHOLD_SIZE = 20;
/** Ages above this are not plausible. */
export const MAX_AGE = 120;

const abnormal = (code: string, field: string, message: string, rule: DataQualityRule['sql']): DataQualityRule => ({
  code,
  kind: IssueKind.ABNORMAL,
  severity: IssueSeverity.ERROR,
  field,
  message,
  sql: rule,
});

/** Abnormal data: negative or implausible income, age over 120, over 20 people, exit year before identification or in the future. */
export const ABNORMAL_DATA_RULES: readonly DataQualityRule[] = [
  abnormal(
    'INCOME_ABNORMAL',
    'annualIncomePerCapita',
    `The income per person is negative or implausibly high (over ${IMPLAUSIBLE_INCOME} yuan)`,
    householdRule(sql`h.annual_income_per_capita < 0 or h.annual_income_per_capita > ${IMPLAUSIBLE_INCOME}::numeric`, sql`h.annual_income_per_capita::text`),
  ),
  abnormal(
    'MEMBER_AGE_OVER_120',
    'members.birthDate',
    `The member would be over ${MAX_AGE} years old`,
    memberRule((ctx) => sql`m.birth_date <= ${yearsBefore(MAX_AGE + 1, ctx)}`, sql`m.birth_date::text`),
  ),
  abnormal(
    'HOUSEHOLD_OVERSIZED',
    'members',
    `The household has more than ${MAX_HOUSEHOLD_SIZE} active members`,
    (ctx) =>
      sql`select h.id as household_id, null::int as member_id, null::int as related_member_id, count(*)::text as detail
     from ${checkedMembers(ctx)} group by h.id having count(*) > ${MAX_HOUSEHOLD_SIZE}::int`,
  ),
  abnormal(
    'EXIT_BEFORE_IDENTIFIED',
    'exitYear',
    'The exit year is before the year the household was identified',
    householdRule(sql`h.exit_year < h.identified_year`, sql`h.exit_year || ' < ' || h.identified_year`),
  ),
  abnormal(
    'EXIT_IN_FUTURE',
    'exitYear',
    'The exit year is in the future',
    householdRule((ctx) => sql`h.exit_year > extract(year from ${ctx.refDate})`, sql`h.exit_year::text`),
  ),
];
