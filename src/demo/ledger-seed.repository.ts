import type { Client } from 'pg';
import { type Sql, sql } from '../db/sql';
import { ProjectStatus } from '../modules/projects/project.enums';
import { DUPLICATE_REVERSAL_RATE, SOURCES } from './project-catalog';
import { FundsFault } from './project-faults';
import { ACTIVE, draw, faultOf, pick, windowEnd } from './project-seed.repository';
import { run } from './registry-seed.repository';
import type { ProjectBatch, ProjectSeedRun } from './project-seed.types';

/**
 * The fund ledger of the synthetic seed. A clean budget line is allocated 50-90%
 * of its amount in pairs: each allocation is disbursed in full 1-60 days later,
 * before the next pair, so no money idles 90 days, nothing is disbursed before
 * allocation or approval, and no source goes over budget, however supervision
 * nets or matches them. One line in ten also has a voucher entered twice and
 * reversed the same day; a cancelled project's allocation is reversed.
 */

/** The budget lines of a batch with what their transactions are drawn from (`key`: one bigint per line). */
function lines(r: ProjectSeedRun, b: ProjectBatch, where: Sql): Sql {
  return sql`(select bl.project_id, bl.province_code, bl.source, y.si, y.key, (bl.amount * 100)::bigint as fen, p.status, p.approved_on,
      p.planned_start as ws, ${windowEnd(r, 'p')} as we, ${faultOf(r, sql`p.id`)} as fault,
      floor((bl.amount * 100)::bigint * (0.5 + 0.4 * ${draw(r, sql`y.key`, 20)}))::bigint as total,
      case when p.status = ${ProjectStatus.CANCELLED} then 1 else 1 + ${pick(r, sql`y.key`, 21, 2 * r.pairsPerLine - 1)} end as k
    from project_budget_lines bl join projects p on p.id = bl.project_id
    cross join lateral (select array_position(${SOURCES}::text[], bl.source) - 1 as si) s0
    cross join lateral (select s0.si, bl.project_id::bigint * 8 + s0.si as key) y
    where bl.project_id between ${b.lo}::int and ${b.hi}::int and ${where} offset 0)`;
}

/** Pairs of every active project's lines, the duplicated vouchers, and a cancelled project's single allocation. */
export function insertLedger(r: ProjectSeedRun, b: ProjectBatch): Sql {
  const jk = sql`l.key * 64 + j`;
  return sql`insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code)
    select l.project_id, l.province_code, t.kind, l.source, t.amount::numeric / 100, t.date, t.reference, 'P' || l.province_code
    from ${lines(r, b, sql`(p.status = any(${ACTIVE}) or p.status = ${ProjectStatus.CANCELLED})`)} l
    cross join lateral (select greatest(1, (l.we - l.ws) / l.k) as w, l.status = ${ProjectStatus.CANCELLED} as cancelled,
      ${draw(r, sql`l.key`, 24)} < ${DUPLICATE_REVERSAL_RATE} as dup, ${draw(r, sql`l.key`, 25)} < 0.5 as dup_allocation offset 0) z
    cross join lateral generate_series(1, l.k) j
    cross join lateral (select case when z.cancelled then l.total / 3 when j = l.k then l.total - (l.total / l.k) * (l.k - 1) else l.total / l.k end as amount,
      l.ws + (j - 1) * z.w + ${pick(r, jk, 22, sql`greatest(1, z.w / 3)`)} as adate offset 0) a
    cross join lateral (select a.adate + 1 + ${pick(r, jk, 23, sql`least(59, greatest(1, z.w / 2))`)} as ddate offset 0) dd
    cross join lateral (values
      ('ALLOCATION', a.amount, a.adate, 'A' || l.si || '-' || j, true),
      ('DISBURSEMENT', a.amount, dd.ddate, 'D' || l.si || '-' || j, not z.cancelled),
      (case when z.dup_allocation then 'ALLOCATION' else 'DISBURSEMENT' end, a.amount, case when z.dup_allocation then a.adate else dd.ddate end,
        case when z.dup_allocation then 'A' else 'D' end || l.si || '-' || j || 'B', j = 1 and z.dup and not z.cancelled)
    ) t(kind, amount, date, reference, keep)
    where t.keep`;
}

/** Reverses the duplicated vouchers (same day) and a cancelled project's allocation (5-54 days on). */
export function insertReversals(r: ProjectSeedRun, b: ProjectBatch): Sql {
  return sql`insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, reverses_id, reversed_kind, tenant_code)
    select t.project_id, t.province_code, 'REVERSAL', t.source, t.amount,
      case when p.status = ${ProjectStatus.CANCELLED} then t.date + 5 + ${pick(r, sql`t.project_id`, 26, 50)} else t.date end,
      'R' || t.reference, t.id, t.kind, t.tenant_code
    from fund_transactions t join projects p on p.id = t.project_id
    where t.project_id between ${b.lo}::int and ${b.hi}::int and t.kind in ('ALLOCATION', 'DISBURSEMENT')
      and (t.reference like '%B' or p.status = ${ProjectStatus.CANCELLED})`;
}

const LEDGER_FAULTS = [FundsFault.ALLOCATED_OVER_BUDGET, FundsFault.DISBURSED_OVER_ALLOCATED, FundsFault.IDLE_FUNDS, FundsFault.DISBURSED_BEFORE_APPROVAL];

/**
 * The ledger faults, on the first line (by source) of their projects, each a voucher of its own ('-X'):
 * an allocation pair that takes the source 1% over its budget; a disbursement of a tenth of the line with no
 * allocation; an allocation of 5% never disbursed; a pair of 5% dated 40 and 10 days before the approval
 * (announced 60 days before it, so it is not also announced late). Answers the rows supervision should name.
 */
export async function insertLedgerFaults(
  client: Client,
  r: ProjectSeedRun,
  b: ProjectBatch,
): Promise<Array<{ projectNo: string; kind: string; reference: string; fault: FundsFault }>> {
  if (!r.deal.perRule) return [];
  const F = FundsFault;
  return run<{ projectNo: string; kind: string; reference: string; fault: FundsFault }>(
    client,
    sql`with ins as (insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code)
      select l.project_id, l.province_code, t.kind, l.source, t.amount::numeric / 100, t.date, t.reference, 'P' || l.province_code
      from ${lines(r, b, sql`true`)} l
      cross join lateral (select l.fen - l.total + greatest(1, l.fen / 100) as over, greatest(1, l.total / 10) as tenth, greatest(1, l.fen / 20) as twentieth) m
      cross join lateral (values
        (${F.ALLOCATED_OVER_BUDGET}, 'ALLOCATION', m.over, l.we - 40),
        (${F.ALLOCATED_OVER_BUDGET}, 'DISBURSEMENT', m.over, l.we - 20),
        (${F.DISBURSED_OVER_ALLOCATED}, 'DISBURSEMENT', m.tenth, l.we - 10),
        (${F.IDLE_FUNDS}, 'ALLOCATION', m.twentieth, l.ws),
        (${F.DISBURSED_BEFORE_APPROVAL}, 'ALLOCATION', m.twentieth, l.approved_on - 40),
        (${F.DISBURSED_BEFORE_APPROVAL}, 'DISBURSEMENT', m.twentieth, l.approved_on - 10)
      ) t0(fault, kind, amount, date)
      cross join lateral (select t0.kind, t0.amount, t0.date, left(t0.kind, 1) || l.si || '-X' as reference) t
      where t0.fault = l.fault and l.fault = any(${LEDGER_FAULTS}::text[])
        and l.source = (select min(x.source) from project_budget_lines x where x.project_id = l.project_id)
      returning project_id, kind, reference)
    select p.project_no as "projectNo", ins.kind, ins.reference, ${faultOf(r, sql`p.id`)} as fault from ins join projects p on p.id = ins.project_id`,
  );
}
