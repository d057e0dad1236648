import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { FundDimension } from './fund-stats.enums';
import type { FundStatsFilter } from './fund-stats.inputs';
import { DIMENSION_FIELD, type FundScope } from './fund-stats.rules';
import type { FundStatsRow } from './fund-stats.types';

/**
 * Each dimension over a part's columns (province_code, county_code, type, status, source, day).
 * Codes compare bytewise (they are ASCII), and the month is its first day, a date: no
 * collation or time zone is consulted for each of a province's hundreds of thousands of rows.
 */
const DIMENSION_SQL: Record<FundDimension, Sql> = {
  [FundDimension.PROVINCE]: sql`x.province_code collate "C"`,
  [FundDimension.COUNTY]: sql`x.county_code collate "C"`,
  [FundDimension.TYPE]: sql`x.type collate "C"`,
  [FundDimension.SOURCE]: sql`x.source collate "C"`,
  [FundDimension.YEAR]: sql`date_part('year', x.day)::int`,
  [FundDimension.MONTH]: sql`x.day - date_part('day', x.day)::int + 1`,
  [FundDimension.STATUS]: sql`x.status collate "C"`,
};

/** Memory of each hash of the statement (PostgreSQL's default is 4MB); a province's distinct keys take about 30MB. */
const STATS_WORK_MEM = '64MB';

/** What one fundStats read groups and filters; `groupBy` already normalised (each once, fixed order). */
export interface FundStatsQuery {
  scope: FundScope;
  groupBy: FundDimension[];
  filter: FundStatsFilter | undefined;
}

/**
 * The money of a group from its `money` rows: a budget line carries its amount as `budget`, a ledger month its
 * net allocated and disbursed; the columns a row does not carry are null, which a sum skips without adding.
 */
const MONEY_SUMS = sql`sum(x.budget) as budget, sum(x.allocated) as allocated, sum(x.disbursed) as disbursed`;

/** A money column as the Decimal scalar answers it: exact numeric text with 2 decimals. */
const money = (column: string) => sql`coalesce(sum(${sql.ident(column)}), 0)::numeric(22,2)::text`;

/**
 * Fund figures grouped by the chosen dimensions, in one statement. Three parts are
 * aggregated to the groups separately and then put side by side: budget lines
 * (dated by the project's approval) and the ledger's months (each transaction in its
 * own month, a reversal subtracting from the kind it reverses) give the money and the
 * projects; benefits give the distinct households, and those POOR or RETURNED on the
 * benefit's day by the registry's dated status facts (a flag kept on each benefit).
 */
export async function fundStats(em: EntityManager, q: FundStatsQuery): Promise<FundStatsRow[]> {
  // Row-level security's tenant conditions make the planner expect a handful of rows where a province has
  // hundreds of thousands; so for this statement only, hashing is chosen over sorting and nested loops, and
  // the hashes of distinct (group, household) keys (250,000 for a province by county and month) get the
  // memory to stay off disk: sized for a handful of rows, they spilled in five batches.
  const [was] = await runSql<{ sort: string; nestloop: string; mem: string }>(
    em,
    sql`select current_setting('enable_sort') as sort, current_setting('enable_nestloop') as nestloop, current_setting('work_mem') as mem,
      set_config('enable_sort', 'off', true), set_config('enable_nestloop', 'off', true), set_config('work_mem', ${STATS_WORK_MEM}, true)`,
  );
  const rows = await runSql<Record<string, unknown>>(em, fundStatsSql(q));
  await runSql(
    em,
    sql`select set_config('enable_sort', ${was.sort}, true), set_config('enable_nestloop', ${was.nestloop}, true), set_config('work_mem', ${was.mem}, true)`,
  );
  return rows.map((r) => toRow(q.groupBy, r));
}

/**
 * The statement of `fundStats` (the benches EXPLAIN it). Sums go straight to the
 * groups; distinct projects and households are counted from their distinct
 * (group, project) and (group, household) keys, small hash entries instead of a
 * sort of every row or a sum per project.
 */
export function fundStatsSql(q: FundStatsQuery): Sql {
  const dims = q.groupBy.map((d) => sql`${DIMENSION_SQL[d]} as ${sql.ident(d)}`);
  const keys = q.groupBy.map((d) => sql`${sql.ident(d)}`);
  const groupBy = keys.length ? sql`group by ${sql.join(keys)}` : sql.empty;
  const select = (...columns: Sql[]) => sql.join([...keys, ...columns]);
  const dayFilter = q.filter?.year
    ? sql`where x.day >= make_date(${q.filter.year}::int, 1, 1) and x.day < make_date(${q.filter.year}::int + 1, 1, 1)`
    : sql.empty;
  return sql`with p as (${projectSet(q)}),
      money as materialized (${moneyRows(q)}),
      helped as (${benefitRows(q)}),
      per_household as (
        select ${sql.join([...dims, sql`x.household_id, bool_or(x.poor) as poor`])} from helped x ${dayFilter}
        group by ${sql.join([...keys, sql`x.household_id`])}),
      parts as (
        select ${sql.join([...dims, MONEY_SUMS, sql`0::bigint as projects, 0::bigint as households, 0::bigint as poor`])}
        from money x ${dayFilter} ${groupBy}
        union all
        select ${select(sql`0, 0, 0, count(*), 0, 0`)} from (select distinct ${sql.join([...dims, sql`x.id`])} from money x ${dayFilter}) k ${groupBy}
        union all
        select ${select(sql`0, 0, 0, 0, count(*), count(*) filter (where poor)`)} from per_household ${groupBy})
      select ${select(
        sql`${money('budget')} as budget`,
        sql`${money('allocated')} as allocated`,
        sql`${money('disbursed')} as disbursed`,
        sql`case when sum(allocated) > 0 then round(sum(disbursed) / sum(allocated), 4)::float8 end as "disbursementRate"`,
        sql`sum(projects)::int as projects, sum(households)::int as "householdsBenefited", sum(poor)::int as "registeredPoorHouseholdsBenefited"`,
      )}
      from parts ${groupBy} ${keys.length ? sql`order by ${sql.join(keys)}` : sql.empty}`;
}

/** The projects in scope and filter, with the day their budget counts on. */
function projectSet({ scope, filter }: FundStatsQuery): Sql {
  const conditions: Sql[] = [scopeCondition(scope, 'p')];
  const add = (column: string, value: string | null | undefined) => {
    if (value !== undefined && value !== null) conditions.push(sql`${sql.ident(`p.${column}`)} = ${value}`);
  };
  add('province_code', filter?.provinceCode);
  add('county_code', filter?.countyCode);
  add('type', filter?.type);
  add('status', filter?.status);
  return sql`select p.id, p.province_code, p.county_code, p.type, p.status, coalesce(p.approved_on, p.planned_start, p.created_at::date) as day
    from projects p ${sql.where(conditions)}`;
}

/** The tenancy of the data layer (row-level security holds the same line). */
function scopeCondition(scope: FundScope, alias: string): Sql {
  switch (scope.kind) {
    case 'ALL':
      return sql`true`;
    case 'PROVINCE':
      return sql`${sql.ident(`${alias}.province_code`)} = ${scope.provinceCode}`;
    case 'MINISTRY':
      // The project types of the ministry's agreement (sharing_policies.project_types), as for project reads.
      return sql`${sql.ident(`${alias}.type`)} = any((select sp.project_types from sharing_policies sp where sp.tenant_code = ${scope.tenantCode})::text[])`;
  }
}

/** The scope again on a child table's own province column, so one province's rows come from its index. */
function childScope(scope: FundScope, alias: string): Sql {
  return scope.kind === 'PROVINCE' ? sql` and ${sql.ident(`${alias}.province_code`)} = ${scope.provinceCode}` : sql.empty;
}

/**
 * Budget lines and the ledger kept summed (migration 20261213000200) of the projects: by month when the figures
 * are grouped or filtered by time (a month's net amounts count on its first day, the finest time fundStats
 * groups by), otherwise the project's all-time totals per source, a fraction of the rows.
 */
function moneyRows({ scope, groupBy, filter }: FundStatsQuery): Sql {
  const source = (alias: string) => (filter?.source ? sql` and ${sql.ident(`${alias}.source`)} = ${filter.source}` : sql.empty);
  const byTime = !!filter?.year || groupBy.includes(FundDimension.YEAR) || groupBy.includes(FundDimension.MONTH);
  const ledger = byTime ? sql`project_fund_months` : sql`project_fund_totals`;
  return sql`select p.id, p.province_code, p.county_code, p.type, p.status, bl.source, p.day, bl.amount as budget, null::numeric as allocated, null::numeric as disbursed
      from p join project_budget_lines bl on bl.project_id = p.id${childScope(scope, 'bl')}${source('bl')}
    union all
    select p.id, p.province_code, p.county_code, p.type, p.status, m.source, ${byTime ? sql`m.month` : sql`null::date`}, null, m.allocated, m.disbursed
      from p join ${ledger} m on m.project_id = p.id${childScope(scope, 'm')}${source('m')}`;
}

/**
 * Benefits of the projects, each with whether its household was POOR or RETURNED on
 * the benefit's day (kept on the row by triggers, migration 20261213000100). Grouped or filtered by source, a benefit counts under each
 * source of its project's budget (benefits carry no source of their own). A ministry
 * counts only the households it may see (those its batches matched).
 */
function benefitRows({ scope, groupBy, filter }: FundStatsQuery): Sql {
  const bySource = groupBy.includes(FundDimension.SOURCE) || !!filter?.source;
  const sources = bySource
    ? sql`join project_budget_lines s on s.project_id = b.project_id${filter?.source ? sql` and s.source = ${filter.source}` : sql.empty}`
    : sql.empty;
  const visible =
    scope.kind === 'MINISTRY'
      ? sql` and exists (select 1 from batch_matches bm where bm.tenant_code = ${scope.tenantCode} and bm.household_id = b.household_id)`
      : sql.empty;
  return sql`select p.id, p.province_code, p.county_code, p.type, p.status, ${bySource ? sql`s.source` : sql`null::text as source`}, b.date as day,
      b.household_id, b.poor_on_date as poor
    from p join benefits b on b.project_id = p.id${childScope(scope, 'b')}${visible}
    ${sources}`;
}

function toRow(groupBy: FundDimension[], r: Record<string, unknown>): FundStatsRow {
  const row: FundStatsRow = {
    budget: r.budget as string,
    allocated: r.allocated as string,
    disbursed: r.disbursed as string,
    disbursementRate: r.disbursementRate === null ? null : Number(r.disbursementRate),
    projects: Number(r.projects),
    householdsBenefited: Number(r.householdsBenefited),
    registeredPoorHouseholdsBenefited: Number(r.registeredPoorHouseholdsBenefited),
  };
  for (const d of groupBy) {
    const value = r[d] ?? null;
    // The month travels as its first day (YYYY-MM-DD text) and is answered as YYYY-MM.
    (row as unknown as Record<string, unknown>)[DIMENSION_FIELD[d]] = d === FundDimension.MONTH && typeof value === 'string' ? value.slice(0, 7) : value;
  }
  return row;
}
