import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import { FundDimension } from './fund-stats.enums';
import type { FundStatsFilter } from './fund-stats.inputs';
import { DIMENSION_FIELD, type FundScope } from './fund-stats.rules';
import type { FundStatsRow } from './fund-stats.types';

/** Each dimension over a part's columns (province_code, county_code, type, status, source, day). */
const DIMENSION_SQL: Record<FundDimension, Sql> = {
  [FundDimension.PROVINCE]: sql`x.province_code`,
  [FundDimension.COUNTY]: sql`x.county_code`,
  [FundDimension.TYPE]: sql`x.type`,
  [FundDimension.SOURCE]: sql`x.source`,
  [FundDimension.YEAR]: sql`extract(year from x.day)::int`,
  [FundDimension.MONTH]: sql`to_char(x.day, 'YYYY-MM')`,
  [FundDimension.STATUS]: sql`x.status`,
};

/** What one fundStats read groups and filters; `groupBy` already normalised (each once, fixed order). */
export interface FundStatsQuery {
  scope: FundScope;
  groupBy: FundDimension[];
  filter: FundStatsFilter | undefined;
}

/** A money column as the Decimal scalar answers it: exact numeric text with 2 decimals. */
const money = (column: string) => sql`coalesce(sum(${sql.ident(column)}), 0)::numeric(22,2)::text`;

/**
 * Fund figures grouped by the chosen dimensions, in one statement. Three parts are
 * aggregated to the groups separately and then put side by side: budget lines
 * (dated by the project's approval) and the ledger (each transaction on its own day,
 * a reversal subtracting from the kind it reverses) give the money and the projects;
 * benefits give the distinct households, and those POOR or RETURNED on the
 * benefit's day by the registry's dated status facts.
 */
export async function fundStats(em: EntityManager, q: FundStatsQuery): Promise<FundStatsRow[]> {
  const dims = q.groupBy.map((d) => sql`${DIMENSION_SQL[d]} as ${sql.ident(d)}`);
  const keys = q.groupBy.map((d) => sql`${sql.ident(d)}`);
  const groupBy = keys.length ? sql`group by ${sql.join(keys)}` : sql.empty;
  const orderBy = keys.length ? sql`order by ${sql.join(keys)}` : sql.empty;
  const dayFilter = q.filter?.year ? sql`where extract(year from x.day) = ${q.filter.year}` : sql.empty;
  const rows = await runSql<Record<string, unknown>>(
    em,
    sql`with p as (${projectSet(q)}),
      money as (${moneyRows(q)}),
      helped as (${benefitRows(q)}),
      parts as (
        select ${sql.join([...dims, sql`sum(x.budget) as budget, sum(x.allocated) as allocated, sum(x.disbursed) as disbursed`])},
          count(distinct x.id) as projects, 0::bigint as households, 0::bigint as poor
        from money x ${dayFilter} ${groupBy}
        union all
        select ${sql.join([...dims, sql`0, 0, 0, 0, count(distinct x.household_id), count(distinct x.household_id) filter (where x.poor)`])}
        from helped x ${dayFilter} ${groupBy})
      select ${sql.join([
        ...keys,
        sql`${money('budget')} as budget`,
        sql`${money('allocated')} as allocated`,
        sql`${money('disbursed')} as disbursed`,
        sql`case when sum(allocated) > 0 then round(sum(disbursed) / sum(allocated), 4)::float8 end as "disbursementRate"`,
        sql`sum(projects)::int as projects, sum(households)::int as "householdsBenefited", sum(poor)::int as "registeredPoorHouseholdsBenefited"`,
      ])}
      from parts ${groupBy} ${orderBy}`,
  );
  return rows.map((r) => toRow(q.groupBy, r));
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
      return sql`${sql.ident(`${alias}.type`)} in (select s.project_type from sector_project_types s join tenants t on t.sector = s.sector where t.code = ${scope.tenantCode})`;
  }
}

/** The scope again on a child table's own province column, so one province's rows come from its index. */
function childScope(scope: FundScope, alias: string): Sql {
  return scope.kind === 'PROVINCE' ? sql` and ${sql.ident(`${alias}.province_code`)} = ${scope.provinceCode}` : sql.empty;
}

/** Budget lines and ledger rows of the projects, one amount column each. */
function moneyRows({ scope, filter }: FundStatsQuery): Sql {
  const source = (alias: string) => (filter?.source ? sql` and ${sql.ident(`${alias}.source`)} = ${filter.source}` : sql.empty);
  return sql`select p.id, p.province_code, p.county_code, p.type, p.status, bl.source, p.day,
        bl.amount as budget, 0::numeric as allocated, 0::numeric as disbursed
      from p join project_budget_lines bl on bl.project_id = p.id${childScope(scope, 'bl')}${source('bl')}
    union all
    select p.id, p.province_code, p.county_code, p.type, p.status, t.source, t.date, 0,
        case when t.kind = 'ALLOCATION' then t.amount when t.reversed_kind = 'ALLOCATION' then -t.amount else 0 end,
        case when t.kind = 'DISBURSEMENT' then t.amount when t.reversed_kind = 'DISBURSEMENT' then -t.amount else 0 end
      from p join fund_transactions t on t.project_id = p.id${childScope(scope, 't')}${source('t')}`;
}

/**
 * Benefits of the projects, each with whether its household was POOR or RETURNED on
 * the benefit's day. Grouped or filtered by source, a benefit counts under each
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
      b.household_id, exists (select 1 from household_status_facts f where f.household_id = b.household_id and f.effective_on <= b.date
        and (f.valid_to is null or f.valid_to > b.date) and f.status in ('POOR', 'RETURNED')) as poor
    from p join benefits b on b.project_id = p.id${childScope(scope, 'b')}${visible} ${sources}`;
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
  for (const d of groupBy) (row as unknown as Record<string, unknown>)[DIMENSION_FIELD[d]] = r[d] ?? null;
  return row;
}
