import type { MikroORM } from '../../src/db/orm';
import { FundsFault } from '../../src/demo/project-faults';

/**
 * The twelve FUNDS rules of domain.md written the plainest way (no care for
 * speed), as an independent reference for what the generator plants. Each
 * query answers the positions a rule finds: project, and the transaction's
 * reference or the household's registry number where the rule names one.
 * Readings where domain.md leaves room: idle money is first in, first out over
 * the project's whole ledger, reversed rows count for nothing, a project starts
 * on its planned start, and "registered poor" means poor on the benefit's day
 * by the rule of BENEFICIARY_NOT_POOR.
 */
export type Position = { projectNo: string; reference?: string | null; registryNo?: string | null };

/** Ledger rows that stand: allocations and disbursements no reversal cancelled. */
const STANDING = `(select t.* from fund_transactions t where t.kind <> 'REVERSAL'
  and not exists (select 1 from fund_transactions r where r.reverses_id = t.id))`;

/** Whether household h was poor on day d: POOR or RETURNED that day, or EXITED within the two years before it. */
const POOR_ON = (h: string, d: string) => `exists (select 1 from household_status_facts f where f.household_id = ${h}
  and f.effective_on <= ${d} and (f.valid_to is null or f.valid_to > ${d})
  and (f.status in ('POOR', 'RETURNED') or (f.status = 'EXITED' and f.effective_on >= ${d} - interval '2 years')))`;

const RULES: Record<FundsFault, (asOf: string) => string> = {
  ALLOCATED_OVER_BUDGET: () => `select distinct p.project_no as "projectNo" from projects p
    join (select project_id, source, sum(amount) as allocated from ${STANDING} s where kind = 'ALLOCATION' group by 1, 2) a on a.project_id = p.id
    left join project_budget_lines bl on bl.project_id = p.id and bl.source = a.source
    where a.allocated > coalesce(bl.amount, 0)`,
  DISBURSED_OVER_ALLOCATED: () => `select p.project_no as "projectNo" from projects p join ${STANDING} s on s.project_id = p.id
    group by p.project_no having sum(s.amount) filter (where s.kind = 'DISBURSEMENT') > coalesce(sum(s.amount) filter (where s.kind = 'ALLOCATION'), 0)`,
  IDLE_FUNDS: (asOf) => `select distinct p.project_no as "projectNo" from projects p
    join (select s.project_id, s.date, sum(s.amount) over (partition by s.project_id order by s.date, s.id) as through from ${STANDING} s where s.kind = 'ALLOCATION') a
      on a.project_id = p.id
    left join (select project_id, sum(amount) as disbursed from ${STANDING} s where kind = 'DISBURSEMENT' group by 1) d on d.project_id = p.id
    where a.through > coalesce(d.disbursed, 0) and a.date < '${asOf}'::date - 90`,
  DISBURSED_BEFORE_APPROVAL: () => `select p.project_no as "projectNo", s.reference from projects p join ${STANDING} s on s.project_id = p.id
    where s.kind = 'DISBURSEMENT' and (p.approved_on is null or s.date < p.approved_on)`,
  NOT_ANNOUNCED: () => `select p.project_no as "projectNo" from projects p where p.status in ('IN_PROGRESS', 'COMPLETED', 'ACCEPTED')
    and (p.announcement_published_on is null or p.announcement_published_on > p.planned_start)`,
  OVERDUE: (asOf) => `select p.project_no as "projectNo" from projects p
    where p.planned_end < '${asOf}'::date and p.status not in ('COMPLETED', 'ACCEPTED', 'CANCELLED')`,
  BENEFICIARY_NOT_REGISTERED: () => `select p.project_no as "projectNo", h.registry_no as "registryNo" from benefits b
    join projects p on p.id = b.project_id join households h on h.id = b.household_id where h.status = 'REMOVED'`,
  BENEFICIARY_NOT_POOR: () => `select p.project_no as "projectNo", h.registry_no as "registryNo" from benefits b
    join projects p on p.id = b.project_id join households h on h.id = b.household_id where not ${POOR_ON('b.household_id', 'b.date')}`,
  BENEFICIARY_OUTSIDE_AREA: () => `select p.project_no as "projectNo", h.registry_no as "registryNo" from benefits b
    join projects p on p.id = b.project_id join households h on h.id = b.household_id where h.county_code <> p.county_code`,
  DUPLICATE_BENEFIT: () => `select p.project_no as "projectNo", h.registry_no as "registryNo" from benefits b
    join projects p on p.id = b.project_id join households h on h.id = b.household_id
    group by p.project_no, h.registry_no, b.type, extract(year from b.date) having count(*) > 1`,
  MICROCREDIT_OVER_CAP: () => `select p.project_no as "projectNo", h.registry_no as "registryNo" from benefits b
    join projects p on p.id = b.project_id join households h on h.id = b.household_id
    where b.type = 'MICROCREDIT' group by p.project_no, h.registry_no having sum(b.amount) > 50000`,
  LOW_TARGETING: () => `select p.project_no as "projectNo" from projects p join benefits b on b.project_id = p.id
    where p.targets_households group by p.project_no
    having count(distinct b.household_id) filter (where ${POOR_ON('b.household_id', 'b.date')}) < 0.7 * count(distinct b.household_id)`,
};

/** What the reference finds for `rule`, as sorted position keys (`projectNo|reference|registryNo`). */
export async function referenceFinds(orm: MikroORM, rule: FundsFault, asOf: string): Promise<string[]> {
  const rows = await orm.em.getConnection().execute<Position[]>(RULES[rule](asOf));
  return rows.map(positionKey).sort();
}

export const positionKey = (p: Position) => `${p.projectNo}|${p.reference ?? ''}|${p.registryNo ?? ''}`;
