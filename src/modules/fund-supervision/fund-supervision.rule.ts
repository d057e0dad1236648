import { type Sql, sql } from '../../db/sql';
import type { IssueSeverity } from '../data-quality/data-quality.enums';

/** The thresholds of domain.md's fund supervision rules, in one place. */
export const FUND_LIMITS = {
  /** IDLE_FUNDS: days money may sit allocated and not disbursed. */
  idleDays: 90,
  /** MICROCREDIT_OVER_CAP: yuan of microcredit per household and project (a numeric string, never a float). */
  microcreditCap: '50000.00',
  /** LOW_TARGETING: the least share of registered-poor beneficiary households, in percent. */
  targetingPercent: 70,
  /** BENEFICIARY_NOT_POOR: a household that exited this many years before the benefit still qualifies. */
  yearsAfterExit: 2,
} as const;

/** What a rule's SQL is built with. */
export interface FundRuleContext {
  /** The run's province as a predicate on a row with `province_code` under `alias` (`true` for the whole country). */
  scope(alias: string): Sql;
  /** The run's day: ages and deadlines refer to it (`current_date`, or a bound day). */
  refDate: Sql;
}

/**
 * One fund supervision rule: a single set-based SELECT over the whole ledger
 * (or the projects, or the benefits) of the run's scope, one row per problem,
 * with the columns `project_id` (int), `transaction_id` (bigint or null),
 * `household_id` (int or null), `part` (text or null: what else tells two
 * problems of one subject apart, e.g. a source or a benefit type and year) and
 * `detail` (text). The issue is positioned by the project, and by the
 * transaction's reference or the household's registry number when given.
 */
export interface FundRule {
  /** Stable code, a rule name of domain.md; issues keep it forever. */
  code: string;
  severity: IssueSeverity;
  /** The field the issue positions, in the API's names (e.g. `transactions.date`). */
  field: string;
  /** Plain message for the clerk who follows it up. */
  message: string;
  sql(ctx: FundRuleContext): Sql;
}

/** The run's scope on the projects' province: a bound value, or `true`. */
export function fundScope(provinceCode: string | null): (alias: string) => Sql {
  return (alias) => (provinceCode ? sql`${sql.ident(`${alias}.province_code`)} = ${provinceCode}::text` : sql`true`);
}

/** Transactions not cancelled by a REVERSAL (alias `t`); a reversal cancels the whole transaction. */
export const NOT_REVERSED = sql`not exists (select 1 from fund_transactions r where r.reverses_id = t.id)`;

/**
 * Each benefit of the scope (alias `b`) judged against the registry's dated
 * status facts: `eligible` when on the benefit date the household was POOR or
 * RETURNED, or EXITED no more than the allowed years before; `status_then` is
 * the status on that day (null: not yet identified). Today's status has no say.
 * `TARGETING` keeps the benefits of household-targeted projects only.
 */
export function judgedBenefits(ctx: FundRuleContext, projects: 'ALL' | 'TARGETING' = 'ALL'): Sql {
  const only = projects === 'TARGETING' ? sql`join projects p on p.id = b.project_id and p.targets_households` : sql.empty;
  return sql`select b.id, b.project_id, b.household_id, b.date, f.status as status_then,
      coalesce(f.status in ('POOR', 'RETURNED')
        or (f.status = 'EXITED' and f.effective_on >= b.date - make_interval(years => ${FUND_LIMITS.yearsAfterExit}::int)), false) as eligible
    from benefits b ${only}
    left join household_status_facts f on f.household_id = b.household_id and f.effective_on <= b.date and (f.valid_to is null or b.date < f.valid_to)
    where ${ctx.scope('b')}`;
}
