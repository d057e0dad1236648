import type { Client } from 'pg';
import { type Sql, sql } from '../db/sql';
import { TYPE_ENTRIES } from './project-catalog';
import { FundsFault } from './project-faults';
import { ACTIVE, BENEFIT_OF_TYPE, NEIGHBOURS, draw, faultOf, pick, typeIndex, windowEnd } from './project-seed.repository';
import { run } from './registry-seed.repository';
import { SEED_COUNTIES } from './region-catalog';
import type { ProjectBatch, ProjectSeedRun } from './project-seed.types';

/**
 * Benefits of the synthetic seed: each active household-targeted project
 * benefits consecutive households of the POOR pool of its own county (see
 * `createHouseholdPools`), one benefit each, dated inside the project's window.
 * The beneficiary faults add rows of their own, returned so tests know them.
 */

const F = FundsFault;
/** Faults that need a few clean beneficiaries beside the faulty one, so a single bad row never also makes LOW_TARGETING. */
const NEEDS_COMPANY = [F.BENEFICIARY_NOT_REGISTERED, F.BENEFICIARY_NOT_POOR, F.BENEFICIARY_OUTSIDE_AREA, F.DUPLICATE_BENEFIT];
const MIN_COMPANY = 6;
const AMOUNT_MIN = TYPE_ENTRIES.map(([, t]) => t.benefitAmount[0]);
const AMOUNT_MAX = TYPE_ENTRIES.map(([, t]) => t.benefitAmount[1]);
/** The microcredit cap of domain.md, in fen, and how far over it the planted loans go. */
const CAP_FEN = 5_000_000;

/** A batch's benefiting projects: pool size of the county, first pool index, beneficiaries, window. */
function benefiting(r: ProjectSeedRun, b: ProjectBatch, faultsOnly: boolean): Sql {
  const id = sql`p.id`;
  return sql`(select p.id, p.province_code, p.county_code, p.planned_start as ws, ${windowEnd(r, 'p')} - p.planned_start as span, f.fault, sz.size,
      (${BENEFIT_OF_TYPE}::text[])[ti.i] as btype, (${AMOUNT_MIN}::bigint[])[ti.i] as amin, (${AMOUNT_MAX}::bigint[])[ti.i] as amax,
      ${pick(r, id, 30, sql`sz.size`)} as start,
      case when f.fault = ${F.LOW_TARGETING} then least(1, sz.size - 1)
        else least(sz.size - 1, greatest(case when f.fault = any(${NEEDS_COMPANY}::text[]) then ${MIN_COMPANY}::int else 1 end,
          1 + ${pick(r, id, 31, 2 * r.beneficiaries - 1)})) end as k
    from projects p
    join seed_pool_size sz on sz.kind = 'POOR' and sz.county_code = p.county_code
    cross join lateral (select ${faultOf(r, id)} as fault) f
    cross join lateral (select ${typeIndex(sql`p.type`)} as i) ti
    where p.id between ${b.lo}::int and ${b.hi}::int and p.targets_households and p.status = any(${ACTIVE})
      ${faultsOnly ? sql`and f.fault is not null` : sql.empty} offset 0)`;
}

/**
 * The household poor on the benefit's day, written with the row: the benefits trigger then finds every answer
 * already right and writes nothing (migration 20261213000100).
 */
const POOR_ON_DAY = sql`household_poor_on(hp.household_id, d.day)`;

/** The day of beneficiary `j` of project `bp`, inside its window. */
const dayOf = (r: ProjectSeedRun, j: Sql) => sql`bp.ws + ${pick(r, sql`bp.id::bigint * 65536 + ${j}`, 32, sql`greatest(1, bp.span)`)}`;
/** The amount of beneficiary `j`'s benefit in yuan (null for a benefit in kind). */
const amountOf = (r: ProjectSeedRun, j: Sql) =>
  sql`case when bp.amax = 0 then null else (bp.amin * 100 + floor(${draw(r, sql`bp.id::bigint * 65536 + ${j}`, 33)} * (bp.amax - bp.amin) * 100)::bigint)::numeric / 100 end`;

/** One benefit to each of a project's k households: consecutive pool numbers from its start, so never one twice. */
export function insertBenefits(r: ProjectSeedRun, b: ProjectBatch): Sql {
  return sql`insert into benefits (project_id, province_code, household_id, type, amount, date, tenant_code, poor_on_date)
    select bp.id, bp.province_code, hp.household_id, bp.btype, ${amountOf(r, sql`j`)}, d.day, 'P' || bp.province_code, ${POOR_ON_DAY}
    from ${benefiting(r, b, false)} bp
    cross join lateral generate_series(0, bp.k - 1) j
    cross join lateral (select ${dayOf(r, sql`j`)} as day) d
    join seed_pool hp on hp.kind = 'POOR' and hp.county_code = bp.county_code and hp.n = (bp.start + j) % bp.size`;
}

/**
 * The beneficiary faults: a REMOVED household; an EXITED one three years after its exit; a POOR household of the
 * next county; the first beneficiary's benefit again a week apart in the same year; a loan over the cap; and for
 * LOW_TARGETING up to four EXITED households beside a single poor one (each also BENEFICIARY_NOT_POOR).
 * Answers every row written, with its project and registry number.
 */
export async function insertBenefitFaults(
  client: Client,
  r: ProjectSeedRun,
  b: ProjectBatch,
): Promise<Array<{ projectNo: string; registryNo: string; fault: FundsFault }>> {
  if (!r.deal.perRule) return [];
  const firstDay = dayOf(r, sql`0`);
  const pool = (kind: string, county: Sql, n: Sql) =>
    sql`join seed_pool_size s2 on s2.kind = ${kind} and s2.county_code = ${county}
      join seed_pool hp on hp.kind = ${kind} and hp.county_code = ${county} and hp.n = ${n}`;
  const neighbour = sql`(${NEIGHBOURS}::text[])[array_position(${SEED_COUNTIES.map((c) => c.code)}::text[], bp.county_code)]`;
  const variants: Sql[] = [
    sql`select bp.id, bp.province_code, hp.household_id, bp.btype as type, ${amountOf(r, sql`0`)} as amount, ${firstDay} as date
      from bp ${pool('REMOVED', sql`bp.county_code`, pick(r, sql`bp.id`, 40, sql`s2.size`))} where bp.fault = ${F.BENEFICIARY_NOT_REGISTERED} and bp.k >= 4`,
    sql`select bp.id, bp.province_code, hp.household_id, bp.btype, ${amountOf(r, sql`0`)}, make_date(hp.exit_year + 3, 6, 30)
      from bp ${pool('EXITED', sql`bp.county_code`, pick(r, sql`bp.id`, 41, sql`s2.size`))} where bp.fault = ${F.BENEFICIARY_NOT_POOR} and bp.k >= 4`,
    sql`select bp.id, bp.province_code, hp.household_id, bp.btype, ${amountOf(r, sql`0`)}, ${firstDay}
      from bp ${pool('POOR', neighbour, pick(r, sql`bp.id`, 42, sql`s2.size`))} where bp.fault = ${F.BENEFICIARY_OUTSIDE_AREA}`,
    sql`select bp.id, bp.province_code, hp.household_id, bp.btype, ${amountOf(r, sql`0`)},
        case when extract(year from ${firstDay} + 7) = extract(year from ${firstDay}) then ${firstDay} + 7 else ${firstDay} - 7 end
      from bp ${pool('POOR', sql`bp.county_code`, sql`bp.start % bp.size`)} where bp.fault = ${F.DUPLICATE_BENEFIT} and bp.k >= 1`,
    sql`select bp.id, bp.province_code, hp.household_id, bp.btype, (${CAP_FEN + 1}::bigint + ${pick(r, sql`bp.id`, 43, 3_000_000)})::numeric / 100, ${firstDay}
      from bp ${pool('POOR', sql`bp.county_code`, sql`(bp.start + bp.k) % bp.size`)} where bp.fault = ${F.MICROCREDIT_OVER_CAP}`,
    sql`select bp.id, bp.province_code, hp.household_id, bp.btype, ${amountOf(r, sql`0`)}, make_date(hp.exit_year + 3, 6, 30)
      from bp join seed_pool_size s2 on s2.kind = 'EXITED' and s2.county_code = bp.county_code
      cross join lateral generate_series(0, least(4, s2.size) - 1) i
      join seed_pool hp on hp.kind = 'EXITED' and hp.county_code = bp.county_code and hp.n = (${pick(r, sql`bp.id`, 44, sql`s2.size`)} + i) % s2.size
      where bp.fault = ${F.LOW_TARGETING}`,
  ];
  return run(
    client,
    sql`with bp as ${benefiting(r, b, true)},
    ins as (insert into benefits (project_id, province_code, household_id, type, amount, date, tenant_code, poor_on_date)
      select x.id, x.province_code, x.household_id, x.type, x.amount, x.date, 'P' || x.province_code, household_poor_on(x.household_id, x.date)
      from (${sql.join(variants, ' union all ')}) x
      returning project_id, household_id)
    select p.project_no as "projectNo", h.registry_no as "registryNo", ${faultOf(r, sql`p.id`)} as fault
    from ins join projects p on p.id = ins.project_id join households h on h.id = ins.household_id`,
  );
}
