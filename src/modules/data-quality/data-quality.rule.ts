import { type Sql, sql } from '../../db/sql';
import type { IssueKind, IssueSeverity } from './data-quality.enums';

/** What a rule's SQL is built with. */
export interface RuleSqlContext {
  /**
   * The run's scope as a predicate on a row that has the household's
   * `province_code` and `updated_at` under `alias` (a `households` alias, or a
   * derived table carrying both).
   */
  scope(alias: string): Sql;
  /** The date ages refer to: `current_date`, or a bound day (`${day}::date`). */
  refDate: Sql;
}

/**
 * One data-quality rule: a single set-based SELECT over the registry that
 * returns the problems it finds, one row each, with the columns
 * `household_id`, `member_id` (null for a household problem),
 * `related_member_id` (the other member of a repeated-ID pair, the head a
 * child is compared with; else null) and `detail` (the offending value, text).
 * Only non-REMOVED households and ACTIVE members are checked.
 */
export interface DataQualityRule {
  /** Stable code; issues keep it forever. */
  code: string;
  kind: IssueKind;
  severity: IssueSeverity;
  /** The field the issue positions, in the API's names (e.g. `members.birthDate`). */
  field: string;
  /** Plain message for the clerk who fixes it. */
  message: string;
  sql(ctx: RuleSqlContext): Sql;
}

/** Households that the checks look at, in scope. */
export function checkedHouseholds(ctx: RuleSqlContext): Sql {
  return sql`households h where h.status <> 'REMOVED' and ${ctx.scope('h')}`;
}

/** Active members of checked households, in scope (aliases m and h). */
export function checkedMembers(ctx: RuleSqlContext): Sql {
  return sql`members m join households h on h.id = m.household_id where m.status = 'ACTIVE' and h.status <> 'REMOVED' and ${ctx.scope('h')}`;
}

/** A household problem: `select ... from <checkedHouseholds> and <condition>`. */
export function householdRule(condition: SqlPart, detail: SqlPart = sql`null::text`) {
  return (ctx: RuleSqlContext) =>
    sql`select h.id as household_id, null::int as member_id, null::int as related_member_id, ${part(detail, ctx)} as detail
     from ${checkedHouseholds(ctx)} and (${part(condition, ctx)})`;
}

/** A member problem: `select ... from <checkedMembers> and <condition>`. */
export function memberRule(condition: SqlPart, detail: SqlPart = sql`null::text`) {
  return (ctx: RuleSqlContext) =>
    sql`select h.id as household_id, m.id as member_id, null::int as related_member_id, ${part(detail, ctx)} as detail
     from ${checkedMembers(ctx)} and (${part(condition, ctx)})`;
}

/** A piece of SQL, fixed or depending on the run (reference date, scope). */
export type SqlPart = Sql | ((ctx: RuleSqlContext) => Sql);

function part(p: SqlPart, ctx: RuleSqlContext): Sql {
  return typeof p === 'function' ? p(ctx) : p;
}

/** Age in whole years on the reference date of the birth date column `col`. */
export function ageSql(col: Sql, ctx: RuleSqlContext): Sql {
  return sql`extract(year from age(${ctx.refDate}, ${col}))::int`;
}

/** The date `years` whole years before the reference date (`interval` arithmetic, as a date minus an interval). */
export function yearsBefore(years: number, ctx: RuleSqlContext): Sql {
  return sql`${ctx.refDate} - make_interval(years => ${years}::int)`;
}
