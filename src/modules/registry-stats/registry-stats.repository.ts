import type { EntityManager } from '@mikro-orm/postgresql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import { type Sql, runSql, sql } from '../../db/sql';
import { StatDimension } from './registry-stats.enums';
import type { RegistryStatsFilter } from './registry-stats.inputs';
import type { AnnualReportRow, StatRow } from './registry-stats.types';

/** Household dimensions: columns of the `hh` set (current, or as of a day). */
const HOUSEHOLD_DIMENSIONS: Partial<Record<StatDimension, { sql: Sql; field: keyof StatRow }>> = {
  [StatDimension.PROVINCE]: { sql: sql`hh.province_code`, field: 'provinceCode' },
  [StatDimension.COUNTY]: { sql: sql`hh.county_code`, field: 'countyCode' },
  [StatDimension.STATUS]: { sql: sql`hh.status`, field: 'status' },
  [StatDimension.PRIMARY_CAUSE]: { sql: sql`hh.primary_cause`, field: 'primaryCause' },
  [StatDimension.IDENTIFIED_YEAR]: { sql: sql`hh.identified_year`, field: 'identifiedYear' },
  [StatDimension.EXIT_YEAR]: { sql: sql`hh.exit_year`, field: 'exitYear' },
};

/** Member dimensions, on member `m`, given the reference day. */
const MEMBER_DIMENSIONS: Partial<Record<StatDimension, { sql: (refDay: Sql) => Sql; field: keyof StatRow }>> = {
  [StatDimension.SEX]: { sql: () => sql`m.sex`, field: 'sex' },
  [StatDimension.AGE_BAND]: {
    sql: (
      refDay,
    ) => sql`case when m.birth_date is null then null else (select case when a < 6 then '0-5' when a < 16 then '6-15' when a < 60 then '16-59' else '60+' end
          from (select extract(year from age(${refDay}, m.birth_date)) as a) x) end`,
    field: 'ageBand',
  },
  [StatDimension.DISABLED]: { sql: () => sql`(m.health = 'DISABLED' or m.disability_level is not null)`, field: 'disabled' },
  [StatDimension.ETHNIC_MINORITY]: { sql: () => sql`case when m.ethnicity is null then null else m.ethnicity <> 'Han' end`, field: 'ethnicMinority' },
};

export const isMemberDimension = (d: StatDimension): boolean => MEMBER_DIMENSIONS[d] !== undefined;

/** What one statistics read groups, filters and dates. */
export interface StatsQuery {
  scope: TenantScope;
  groupBy: StatDimension[];
  filter: RegistryStatsFilter | undefined;
  /** `YYYY-MM-DD`, or null for the current rows. */
  day: string | null;
}

/**
 * Households and people of the registry, grouped, in one statement. Without a
 * day from the current rows; with it, each household's status and exit year
 * come from `household_status_facts` (the one fact valid on that day), and a
 * member counts when born by then and not gone before then.
 */
export async function registryStats(em: EntityManager, q: StatsQuery): Promise<StatRow[]> {
  const households = householdSet(q);
  const statement = q.groupBy.some(isMemberDimension) ? byMembers(q, households) : byHouseholds(q, households);
  const rows = await runSql<Record<string, unknown>>(em, statement);
  return rows.map((r) => toStatRow(q.groupBy, r));
}

/** The `hh` set: households in scope and filter, with status and exit year current or as of the day. */
function householdSet({ scope, filter, day }: StatsQuery): Sql {
  const base = day
    ? sql`select h.id, h.province_code, h.county_code, f.status, h.primary_cause, h.identified_year, f.exit_year_asof as exit_year
         from household_status_facts f join households h on h.id = f.household_id
         where f.effective_on <= ${day}::date and (f.valid_to is null or f.valid_to > ${day}::date) and ${provinceScopeSql(scope, 'f')}`
    : sql`select h.id, h.province_code, h.county_code, h.status, h.primary_cause, h.identified_year, h.exit_year from households h where ${provinceScopeSql(scope, 'h')}`;
  const conditions: Sql[] = [];
  const add = (column: string, value: string | number | null | undefined) => {
    if (value !== undefined && value !== null) conditions.push(sql`${sql.ident(`b.${column}`)} = ${value}`);
  };
  add('province_code', filter?.provinceCode);
  add('county_code', filter?.countyCode);
  add('status', filter?.status);
  add('primary_cause', filter?.primaryCause);
  add('identified_year', filter?.identifiedYear);
  add('exit_year', filter?.exitYear);
  return sql`select * from (${base}) b ${sql.where(conditions)}`;
}

/** `group by` / `order by` the dimensions, by their output names. */
function byDimensions(keyword: 'group by' | 'order by', groupBy: StatDimension[]): Sql {
  if (!groupBy.length) return sql.empty;
  const names = sql.join(groupBy.map((d) => sql`${sql.ident(d)}`));
  return keyword === 'group by' ? sql`group by ${names}` : sql`order by ${names}`;
}

/**
 * Grouped by household dimensions only: households counted from the set,
 * people from one join of the set with the members, each grouped straight to
 * the few result rows (no per-household aggregate), then put side by side.
 */
function byHouseholds({ scope, groupBy, day }: StatsQuery, hh: Sql): Sql {
  const dims = groupBy.map((d) => sql`${HOUSEHOLD_DIMENSIONS[d]!.sql} as ${sql.ident(d)}`);
  const select = (extra: Sql) => sql.join([...dims, extra]);
  const same = groupBy.length
    ? sql.join(
        groupBy.map((d) => sql`${sql.ident(`h.${d}`)} is not distinct from ${sql.ident(`p.${d}`)}`),
        ' and ',
      )
    : sql`true`;
  const outer = sql.join([...groupBy.map((d) => sql`${sql.ident(`h.${d}`)}`), sql`h.households`, sql`coalesce(p.people, 0)::int as people`]);
  return sql`select ${outer}
        from (select ${select(sql`count(*)::int as households`)} from (${hh}) hh ${byDimensions('group by', groupBy)}) h
        left join (select ${select(sql`count(*)::int as people`)} from (${hh}) hh
          join members m on m.household_id = hh.id and ${activeMember(day)} and ${provinceScopeSql(scope, 'm')} ${byDimensions('group by', groupBy)}) p on ${same}
        ${byDimensions('order by', groupBy)}`;
}

/** Grouped by a member dimension: households with a member in the group, and those members. */
function byMembers({ groupBy, day }: StatsQuery, hh: Sql): Sql {
  const refDay = day ? sql`${day}::date` : sql`current_date`;
  const dims = groupBy.map((d) => sql`${HOUSEHOLD_DIMENSIONS[d]?.sql ?? MEMBER_DIMENSIONS[d]!.sql(refDay)} as ${sql.ident(d)}`);
  return sql`with hh as (${hh})
        select ${sql.join([...dims, sql`count(distinct m.household_id)::int as households`, sql`count(*)::int as people`])}
        from hh join members m on m.household_id = hh.id and ${activeMember(day)}
        ${byDimensions('group by', groupBy)} ${byDimensions('order by', groupBy)}`;
}

/**
 * Who counts as a registered person (member `m`), now or on `day`: on a day, a member born
 * by then, not gone before then, and not added (after the household was
 * registered) only after then. Late additions are found in the few
 * member-change events recorded after the day, an anti-join, not a lookup per member.
 */
function activeMember(day: string | null): Sql {
  if (!day) return sql`m.status = 'ACTIVE'`;
  return sql`(m.status = 'ACTIVE' or m.status_date > ${day}::date) and (m.birth_date is null or m.birth_date <= ${day}::date)
      and not exists (
        select 1 from household_events e cross join lateral jsonb_array_elements_text(
          case when jsonb_typeof(e.changes->'members'->'added') = 'array' then e.changes->'members'->'added' else '[]'::jsonb end) a(id_number)
        where e.type in ('MEMBER_ADDED', 'MEMBER_REMOVED', 'UPDATED') and e.created_at >= ((${day}::date + 1)::timestamp at time zone 'Asia/Shanghai')
          and e.household_id = m.household_id and a.id_number = m.id_number)`;
}

function toStatRow(groupBy: StatDimension[], r: Record<string, unknown>): StatRow {
  const row: StatRow = { households: Number(r.households), people: Number(r.people) };
  for (const d of groupBy) {
    const field = (HOUSEHOLD_DIMENSIONS[d] ?? MEMBER_DIMENSIONS[d])!.field;
    (row as unknown as Record<string, unknown>)[field] = r[d] ?? null;
  }
  return row;
}

/**
 * The annual report's rows, one per province: status changes from the dated
 * facts, natural changes of members from the events (dated by the removal
 * date given, else by when they were recorded).
 */
export function annualReportRows(em: EntityManager, scope: TenantScope, year: number, provinceCode: string | null | undefined): Promise<AnnualReportRow[]> {
  const only = (alias: 'f' | 'e') => (provinceCode ? sql` and ${sql.ident(`${alias}.province_code`)} = ${provinceCode}` : sql.empty);
  return runSql<AnnualReportRow>(
    em,
    sql`with status_changes as (
         select f.province_code,
           count(*) filter (where f.kind = 'IDENTIFIED') as identified, count(*) filter (where f.kind = 'EXITED') as exits,
           count(*) filter (where f.kind = 'RETURNED') as returns, count(*) filter (where f.kind = 'REMOVED') as removals
         from household_status_facts f
         where f.effective_on between make_date(${year}::int, 1, 1) and make_date(${year}::int, 12, 31) and ${provinceScopeSql(scope, 'f')}${only('f')}
         group by f.province_code),
       member_changes as (
         select e.province_code,
           sum(jsonb_array_length(case when jsonb_typeof(e.changes->'members'->'added') = 'array' then e.changes->'members'->'added' else '[]'::jsonb end)) as added,
           sum(jsonb_array_length(case when jsonb_typeof(e.changes->'members'->'removed') = 'array' then e.changes->'members'->'removed' else '[]'::jsonb end)) as removed
         from household_events e
         where e.type in ('MEMBER_ADDED', 'MEMBER_REMOVED', 'UPDATED')
           and e.created_at >= (make_date(${year}::int, 1, 1)::timestamp at time zone 'Asia/Shanghai')
           and extract(year from coalesce((e.changes->'members'->>'date')::date, (e.created_at at time zone 'Asia/Shanghai')::date)) = ${year}::int
           and ${provinceScopeSql(scope, 'e')}${only('e')}
         group by e.province_code)
       select coalesce(s.province_code, m.province_code) as "provinceCode",
         coalesce(s.identified, 0)::int as "newIdentifications", coalesce(s.exits, 0)::int as exits, coalesce(s.returns, 0)::int as returns,
         coalesce(s.removals, 0)::int as removals, coalesce(m.added, 0)::int as "membersAdded", coalesce(m.removed, 0)::int as "membersRemoved"
       from status_changes s full join member_changes m on m.province_code = s.province_code
       order by 1`,
  );
}
