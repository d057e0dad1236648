import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { type Sql, runSql, sql } from '../db/sql';
import { ProjectStatus } from '../modules/projects/project.enums';
import { ACTIVE_STATUSES, ANNOUNCEMENT_PLACES, SOURCES, STATUS_WEIGHTS, TYPE_ENTRIES, slots } from './project-catalog';
import { FUNDS_FAULTS, FundsFault } from './project-faults';
import { COUNTIES_BY_PROVINCE, SEED_COUNTIES } from './region-catalog';
import { SEED_LOCK_KEY, inSeedTransaction, run } from './registry-seed.repository';
import type { ProjectBatch, ProjectSeedRun } from './project-seed.types';

/**
 * The project library's part of the synthetic seed: set-based statements
 * (INSERT ... SELECT over generate_series) on pg clients of the ORM's pool.
 * Every draw is a hash of a row's key and the run's seed (`draw`), so any
 * statement, on any connection, recomputes the same project the same way.
 */

/** Runs a statement and answers how many rows it wrote. */
export async function exec(client: Client, statement: Sql): Promise<number> {
  return (await client.query(statement.toPg() as { text: string; values: unknown[] })).rowCount ?? 0;
}

/** A uniform draw in [0, 1) from a bigint `key` and the run's seed: the same for the same key, whatever the plan. */
export function draw(r: ProjectSeedRun, key: Sql, salt: number): Sql {
  return sql`((hashint8extended((${key})::bigint, ${r.seed * 100 + salt}::bigint) & 2147483647)::float8 / 2147483648.0)`;
}

/** `floor(draw * n)` as an integer in [0, n). */
export function pick(r: ProjectSeedRun, key: Sql, salt: number, n: Sql | number): Sql {
  return sql`floor(${draw(r, key, salt)} * (${n}))::int`;
}

/** The fault of project `id` (see `dealFaults`), or null. */
export function faultOf(r: ProjectSeedRun, id: Sql): Sql {
  const d = r.deal;
  if (!d.perRule) return sql`null::text`;
  return sql`(${FUNDS_FAULTS}::text[])[1 + ((((${id})::bigint - ${r.first}::bigint) * ${d.multiplier}::bigint + ${d.offset}::bigint) % ${d.projects}::bigint) / ${d.perRule}::bigint]`;
}

export const TYPE_NAMES = TYPE_ENTRIES.map(([t]) => t);
/** Position of a project's type in the catalog (1-based, for the catalog's arrays). */
export const typeIndex = (type: Sql) => sql`array_position(${TYPE_NAMES}::text[], ${type})`;
export const BENEFIT_OF_TYPE = TYPE_ENTRIES.map(([, t]) => t.benefit);
export const ACTIVE = sql`${ACTIVE_STATUSES}::text[]`;

/** The last day a project's ledger and benefits may fall on: its completion, its passed planned end, or the day before the run's day. */
export function windowEnd(r: ProjectSeedRun, p: string): Sql {
  const col = (c: string) => sql.ident(`${p}.${c}`);
  return sql`case when ${col('completed_on')} is not null then ${col('completed_on')} when ${col('planned_end')} < ${r.asOf}::date then ${col('planned_end')} else ${r.asOf}::date - 1 end`;
}

/** Reserves `count` project ids past the sequence and past any id inserted explicitly; answers the first. */
export async function reserveProjectIds(client: Client, count: number): Promise<number> {
  return inSeedTransaction(client, async () => {
    await run(client, sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`);
    const [row] = await run<{ first: string }>(
      client,
      sql`select setval(s.seq, greatest(coalesce(pg_sequence_last_value(s.seq), 0), (select coalesce(max(id), 0) from projects)) + ${count}::bigint) - ${count}::bigint + 1 as first
       from (select pg_get_serial_sequence('projects', 'id')::regclass as seq) s`,
    );
    return Number(row.first);
  });
}

const BENEFICIARY_FAULTS = [
  FundsFault.BENEFICIARY_NOT_REGISTERED,
  FundsFault.BENEFICIARY_NOT_POOR,
  FundsFault.BENEFICIARY_OUTSIDE_AREA,
  FundsFault.DUPLICATE_BENEFIT,
  FundsFault.LOW_TARGETING,
];
/** Types a beneficiary fault's project takes: they name households, and none is microcredit (its cap is a rule of its own). */
const HOUSEHOLD_TYPES = TYPE_ENTRIES.filter(([t, e]) => e.benefit && t !== 'MICROCREDIT').map(([t]) => t);

/** The projects of a batch, drawn row by row; a fault project gets the type, status and dates its fault needs. */
export function insertProjects(r: ProjectSeedRun, b: ProjectBatch): Sql {
  const id = sql`g.id`;
  const d = (salt: number) => draw(r, id, salt);
  const n = (salt: number, k: Sql | number) => pick(r, id, salt, k);
  const S = ProjectStatus;
  const asOf = sql`${r.asOf}::date`;
  return sql`insert into projects (id, project_no, name, province_code, county_code, village_codes, type, implementing_unit, status, approved_on,
      planned_start, planned_end, completed_on, targets_households, announcement_published_on, announcement_place)
    select g.id, c.county || extract(year from coalesce(a.approved, s.start))::text || 'D' || lpad(g.id::text, 8, '0'),
      (${TYPE_ENTRIES.map(([, t]) => t.name)}::text[])[ti.i] || '（' || extract(year from coalesce(a.approved, s.start))::text || '年）',
      left(c.county, 2), c.county,
      array(select c.county || lpad(v.town::text, 3, '0') || lpad(vn::text, 3, '0') from generate_series(v.first, v.first + v.n - 1) vn),
      c.type, (${TYPE_ENTRIES.map(([, t]) => t.unit)}::text[])[ti.i], c.status, a.approved, s.start, e.planned_end, x.completed,
      (${BENEFIT_OF_TYPE}::text[])[ti.i] is not null, pub.published,
      case when pub.published is not null then (${ANNOUNCEMENT_PLACES}::text[])[1 + ${n(9, ANNOUNCEMENT_PLACES.length)}] end
    from generate_series(${b.lo}::int, ${b.hi}::int) g(id)
    cross join lateral (select ${faultOf(r, id)} as fault offset 0) f
    cross join lateral (select
      (${SEED_COUNTIES.map((c) => c.code)}::text[])[1 + ${n(1, SEED_COUNTIES.length)}] as county,
      case when f.fault = ${FundsFault.MICROCREDIT_OVER_CAP} then 'MICROCREDIT'
        when f.fault = any(${BENEFICIARY_FAULTS}::text[]) then (${HOUSEHOLD_TYPES}::text[])[1 + ${n(2, HOUSEHOLD_TYPES.length)}]
        else (${slots(TYPE_ENTRIES.map(([t, e]) => [t, e.weight] as const))}::text[])[1 + ${n(2, 100)}] end as type,
      case when f.fault = ${FundsFault.OVERDUE} then ${S.IN_PROGRESS}
        when f.fault is not null then case when ${d(3)} < 0.6 then ${S.ACCEPTED} else ${S.COMPLETED} end
        else (${slots(STATUS_WEIGHTS)}::text[])[1 + ${n(3, 100)}] end as status offset 0) c
    cross join lateral (select ${typeIndex(sql`c.type`)} as i) ti
    cross join lateral (select c.status in (${S.COMPLETED}, ${S.ACCEPTED}, ${S.CANCELLED}) or f.fault = ${FundsFault.OVERDUE} as old,
      case when f.fault = ${FundsFault.OVERDUE} then 2016 + ${n(4, 3)} else 2016 + ${n(4, 5)} end as year offset 0) o
    cross join lateral (select case when c.status = ${S.PLANNED} then null::date when o.old then make_date(o.year, 1, 15) + ${n(5, 200)}
      else ${asOf} - (120 + ${n(5, 240)}) end as approved offset 0) a
    cross join lateral (select case when c.status = ${S.PLANNED} then ${asOf} + 30 + ${n(6, 60)} else a.approved + 15 + ${n(6, 30)} end as start offset 0) s
    cross join lateral (select case when o.old then s.start + 120 + ${n(7, 420)} else ${asOf} + 90 + ${n(7, 630)} end as planned_end offset 0) e
    cross join lateral (select case when c.status in (${S.COMPLETED}, ${S.ACCEPTED}) then e.planned_end - 30 + ${n(8, 60)} end as completed offset 0) x
    cross join lateral (select case when c.status = ${S.PLANNED} then null::date
      when f.fault = ${FundsFault.NOT_ANNOUNCED} then case when ${d(9)} < 0.5 then null::date else coalesce(x.completed, e.planned_end) - 5 end
      when f.fault = ${FundsFault.DISBURSED_BEFORE_APPROVAL} then a.approved - 60
      else a.approved + ${n(10, 10)} end as published offset 0) pub
    cross join lateral (select 1 + ${n(11, 4)} as town, 1 + ${n(12, 3)} as n offset 0) v0
    cross join lateral (select v0.town, v0.n, 1 + ${n(13, sql`7 - v0.n`)} as first offset 0) v`;
}

/** One CREATED event a project, as a push writes it, by the province. */
export function insertProjectEvents(b: ProjectBatch): Sql {
  const change = (col: string) => sql`jsonb_build_object('old', null, 'new', ${sql.ident(`p.${col}`)})`;
  return sql`insert into project_events (project_id, province_code, type, changes, tenant_code, version)
    select p.id, p.province_code, 'CREATED',
      jsonb_build_object('projectNo', ${change('project_no')}, 'countyCode', ${change('county_code')}, 'type', ${change('type')}, 'status', ${change('status')}),
      'P' || p.province_code, 1
    from projects p where p.id between ${b.lo}::int and ${b.hi}::int`;
}

/** One to three budget lines a project, one per source (CENTRAL_SPECIAL first half the time), amounts in fen. */
export function insertBudgetLines(r: ProjectSeedRun, b: ProjectBatch): Sql {
  const id = sql`p.id`;
  const min = TYPE_ENTRIES.map(([, t]) => t.budget[0]);
  const max = TYPE_ENTRIES.map(([, t]) => t.budget[1]);
  return sql`insert into project_budget_lines (project_id, province_code, source, amount)
    select p.id, p.province_code, (${SOURCES}::text[])[1 + (k.s0 + l) % ${SOURCES.length}::int],
      ((${min}::bigint[])[k.i] * 100 + floor(${draw(r, sql`p.id::bigint * 8 + l`, 14)} * ((${max}::bigint[])[k.i] - (${min}::bigint[])[k.i]) * 100)::bigint)::numeric / 100
    from projects p
    cross join lateral (select case when ${draw(r, id, 15)} < 0.5 then 0 else ${pick(r, id, 16, SOURCES.length)} end as s0,
      1 + ${pick(r, id, 17, 3)} as lines, ${typeIndex(sql`p.type`)} as i) k
    cross join lateral generate_series(0, k.lines - 1) l
    where p.id between ${b.lo}::int and ${b.hi}::int`;
}

/** The fault projects of a batch with the fault each carries (for the planted list). */
export async function faultProjects(client: Client, r: ProjectSeedRun, b: ProjectBatch): Promise<Array<{ projectNo: string; fault: FundsFault }>> {
  if (!r.deal.perRule) return [];
  return run(
    client,
    sql`select x.project_no as "projectNo", x.fault from (select p.project_no, ${faultOf(r, sql`p.id`)} as fault from projects p
      where p.id between ${b.lo}::int and ${b.hi}::int) x where x.fault is not null`,
  );
}

/**
 * The registered households benefits are drawn from, numbered per county, on this connection:
 * POOR (never changed since identified by 2016: poor on any day since), REMOVED (identified by
 * 2016, then removed) and EXITED (identified by 2016, exited by 2017, so not poor three years on).
 */
export async function createHouseholdPools(client: Client): Promise<void> {
  await run(client, sql`drop table if exists seed_pool, seed_pool_size`);
  await run(
    client,
    sql`create temp table seed_pool (kind text not null, county_code text not null, n int not null, household_id int not null, exit_year int,
      primary key (kind, county_code, n))`,
  );
  await run(
    client,
    sql`insert into seed_pool select h.kind, h.county_code, (row_number() over (partition by h.kind, h.county_code order by h.id) - 1)::int, h.id, h.exit_year
      from (select case when status = 'POOR' and version = 1 then 'POOR' when status = 'REMOVED' and version = 2 then 'REMOVED'
          when status = 'EXITED' and version = 2 and exit_year between identified_year and 2017 then 'EXITED' end as kind, county_code, id, exit_year
        from households where identified_year <= 2016) h
      where h.kind is not null`,
  );
  await run(client, sql`create temp table seed_pool_size as select kind, county_code, count(*)::int as size from seed_pool group by 1, 2`);
  await run(client, sql`analyze seed_pool, seed_pool_size`);
}

export async function dropHouseholdPools(client: Client): Promise<void> {
  await run(client, sql`drop table if exists seed_pool, seed_pool_size`);
}

/** The county next to each seed county in its province (a beneficiary from outside the project's area). */
export const NEIGHBOURS = SEED_COUNTIES.map((c) => {
  const same = COUNTIES_BY_PROVINCE.get(c.provinceCode)!;
  return same[(same.indexOf(c) + 1) % same.length].code;
});

/** Fresh statistics and visibility maps for the project tables after a bulk load. */
export async function vacuumProjects(client: Client): Promise<void> {
  await run(client, sql`set statement_timeout = 0`);
  try {
    await run(client, sql`vacuum (analyze) projects, project_budget_lines, project_events, fund_transactions, benefits`);
  } finally {
    await run(client, sql`reset statement_timeout`);
  }
}

/** Whether the project libraries hold any project (the demo seeds them while they are empty). */
export async function hasProjects(em: EntityManager): Promise<boolean> {
  const [row] = await runSql<{ found: boolean }>(em, sql`select exists (select 1 from projects) as found`);
  return row.found;
}
