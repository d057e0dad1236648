import { sql } from '../../db/sql';
import { IssueKind, IssueSeverity } from './data-quality.enums';
import { type DataQualityRule, householdRule, memberRule } from './data-quality.rule';

const missing = (code: string, field: string, message: string, rule: DataQualityRule['sql']): DataQualityRule => ({
  code,
  kind: IssueKind.MISSING,
  severity: IssueSeverity.ERROR,
  field,
  message,
  sql: rule,
});

/** Missing key indicators: a household with no head, no primary cause, no income; a member without relationship or health. */
export const MISSING_INDICATOR_RULES: readonly DataQualityRule[] = [
  missing(
    'HOUSEHOLD_NO_HEAD',
    'members.relationship',
    'The household has no active member recorded as its head',
    householdRule(sql`not exists (select 1 from members hd where hd.household_id = h.id and hd.status = 'ACTIVE' and hd.relationship = 'HEAD')`),
  ),
  missing('HOUSEHOLD_NO_PRIMARY_CAUSE', 'primaryCause', 'The primary poverty cause is missing', householdRule(sql`h.primary_cause is null`)),
  missing('HOUSEHOLD_NO_INCOME', 'annualIncomePerCapita', 'The annual income per person is missing', householdRule(sql`h.annual_income_per_capita is null`)),
  missing('MEMBER_NO_RELATIONSHIP', 'members.relationship', 'The member’s relationship to the head is missing', memberRule(sql`m.relationship is null`)),
  missing('MEMBER_NO_HEALTH', 'members.health', 'The member’s health status is missing', memberRule(sql`m.health is null`)),
];
