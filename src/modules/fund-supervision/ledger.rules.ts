import { sql } from '../../db/sql';
import { IssueSeverity } from '../data-quality/data-quality.enums';
import { FUND_LIMITS, type FundRule, NOT_REVERSED } from './fund-supervision.rule';

/** Net amounts of a ledger (alias `t`): what was recorded minus what REVERSALs of that kind cancelled. */
const NET_ALLOCATED = sql`coalesce(sum(t.amount) filter (where t.kind = 'ALLOCATION'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'ALLOCATION'), 0)`;
const NET_DISBURSED = sql`coalesce(sum(t.amount) filter (where t.kind = 'DISBURSEMENT'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'DISBURSEMENT'), 0)`;

/**
 * The rules on the money of a project: its ledger against its budget lines, the
 * order of allocations and disbursements (first in, first out), and its dates.
 */
export const LEDGER_RULES: readonly FundRule[] = [
  {
    code: 'ALLOCATED_OVER_BUDGET',
    severity: IssueSeverity.ERROR,
    field: 'budget',
    message: 'Net allocations of a source exceed the project’s budget line for it',
    sql: (ctx) =>
      sql`select n.project_id, null::bigint as transaction_id, null::int as household_id, n.source as part,
          n.source || ': allocated ' || n.allocated || ' > budget ' || coalesce(l.amount, 0) as detail
        from (select t.project_id, t.source, ${NET_ALLOCATED} as allocated from fund_transactions t
              where (t.kind = 'ALLOCATION' or t.reversed_kind = 'ALLOCATION') and ${ctx.scope('t')} group by t.project_id, t.source) n
        left join project_budget_lines l on l.project_id = n.project_id and l.source = n.source
        where n.allocated > coalesce(l.amount, 0)`,
  },
  {
    code: 'DISBURSED_OVER_ALLOCATED',
    severity: IssueSeverity.ERROR,
    field: 'transactions',
    message: 'Net disbursements exceed net allocations',
    sql: (ctx) =>
      sql`select n.project_id, null::bigint as transaction_id, null::int as household_id, null::text as part,
          'disbursed ' || n.disbursed || ' > allocated ' || n.allocated as detail
        from (select t.project_id, ${NET_ALLOCATED} as allocated, ${NET_DISBURSED} as disbursed from fund_transactions t
              where ${ctx.scope('t')} group by t.project_id) n
        where n.disbursed > n.allocated`,
  },
  {
    code: 'IDLE_FUNDS',
    severity: IssueSeverity.WARNING,
    field: 'transactions',
    message: `Money allocated and not disbursed for more than ${FUND_LIMITS.idleDays} days (first in, first out)`,
    // Disbursements to the run's day use up the oldest allocations first; the first allocation not used up is the oldest idle money.
    sql: (ctx) =>
      sql`with live as (
          select t.id, t.project_id, t.kind, t.amount, t.date from fund_transactions t
          where t.kind in ('ALLOCATION', 'DISBURSEMENT') and t.date <= ${ctx.refDate} and ${ctx.scope('t')} and ${NOT_REVERSED}),
        totals as (
          select project_id, coalesce(sum(amount) filter (where kind = 'DISBURSEMENT'), 0) as disbursed, sum(amount) filter (where kind = 'ALLOCATION') as allocated
          from live group by project_id),
        fifo as (select a.id, a.project_id, a.date, sum(a.amount) over (partition by a.project_id order by a.date, a.id) as through from live a where a.kind = 'ALLOCATION'),
        oldest as (
          select distinct on (f.project_id) f.*, s.disbursed, s.allocated
          from fifo f join totals s on s.project_id = f.project_id
          where f.through > s.disbursed
          order by f.project_id, f.date, f.id)
        select o.project_id, o.id as transaction_id, null::int as household_id, null::text as part,
          'idle ' || (o.allocated - o.disbursed) || ' since ' || o.date || ' (' || (${ctx.refDate} - o.date) || ' days)' as detail
        from oldest o where o.date < ${ctx.refDate} - ${FUND_LIMITS.idleDays}::int`,
  },
  {
    code: 'DISBURSED_BEFORE_APPROVAL',
    severity: IssueSeverity.ERROR,
    field: 'transactions.date',
    message: 'A disbursement is dated before the project’s approval',
    sql: (ctx) =>
      sql`select t.project_id, t.id as transaction_id, null::int as household_id, null::text as part,
          t.date || ' < ' || coalesce(p.approved_on::text, 'no approval') as detail
        from fund_transactions t join projects p on p.id = t.project_id
        where t.kind = 'DISBURSEMENT' and ${ctx.scope('t')} and (p.approved_on is null or t.date < p.approved_on) and ${NOT_REVERSED}`,
  },
  {
    code: 'NOT_ANNOUNCED',
    severity: IssueSeverity.WARNING,
    field: 'announcement',
    message: 'A project in progress or later was not announced, or was announced after its start',
    sql: (ctx) =>
      sql`select p.id as project_id, null::bigint as transaction_id, null::int as household_id, null::text as part,
          coalesce('announced ' || p.announcement_published_on || ' > start ' || p.planned_start, 'no announcement') as detail
        from projects p
        where ${ctx.scope('p')} and p.status in ('IN_PROGRESS', 'COMPLETED', 'ACCEPTED')
          and (p.announcement_published_on is null or p.announcement_published_on > p.planned_start)`,
  },
  {
    code: 'OVERDUE',
    severity: IssueSeverity.WARNING,
    field: 'plannedEnd',
    message: 'The planned end has passed and the project is not completed, accepted or cancelled',
    sql: (ctx) =>
      sql`select p.id as project_id, null::bigint as transaction_id, null::int as household_id, null::text as part,
          p.status || ', planned end ' || p.planned_end || ' (' || (${ctx.refDate} - p.planned_end) || ' days ago)' as detail
        from projects p
        where ${ctx.scope('p')} and p.planned_end < ${ctx.refDate} and p.status not in ('COMPLETED', 'ACCEPTED', 'CANCELLED')`,
  },
];
