import type { EntityManager } from '@mikro-orm/postgresql';
import { type Sql, runSql, sql } from '../../db/sql';
import type { Discrepancy, DiscrepancySummaryRow } from './discrepancy-case.type';
import { DiscrepancyDimension, type DiscrepancyStatus } from './discrepancy-case.enums';
import type { Relationship } from '../members/member.enums';
import type { DiscrepancyFilter } from './discrepancy-cases.inputs';
import type { ExportFacts } from '../audit/audit.repository';

/** Whose cases a caller reads: LGOP all, a province those of its households, a ministry those its batches raised. */
export type CaseScope = { kind: 'ALL' } | { kind: 'PROVINCE'; provinceCode: string } | { kind: 'RAISED_BY'; tenantCode: string };

const COLUMNS = sql`c.id::text as id, c.kind, c.sector, c.tenant_code as "raisedBy", c.status, c.province_code as "provinceCode",
  c.county_code as "countyCode", c.id_number as "idNumber", h.registry_no as "registryNo", c.evidence, c.batch_id as "batchId",
  c.row_no as "rowNo", c.raised_count as "raisedCount", c.opened_at as "openedAt", c.last_raised_at as "lastRaisedAt",
  c.resolved_at as "resolvedAt", c.resolved_by as "resolvedBy", c.dismissal_reason as "dismissalReason", c.note,
  c.event_id::text as "eventId", c.household_id as "householdId", m.relationship as "memberRelationship",
  m.birth_date::text as "memberBirthDate"`;

/** The case with its household and its member (whose age and relationship decide what a ministry's policy shows of the evidence). */
const FROM = sql`discrepancy_cases c join households h on h.id = c.household_id left join members m on m.id = c.member_id`;

function scopeSql(scope: CaseScope): Sql {
  switch (scope.kind) {
    case 'ALL':
      return sql`true`;
    case 'PROVINCE':
      return sql`c.province_code = ${scope.provinceCode}`;
    case 'RAISED_BY':
      return sql`c.tenant_code = ${scope.tenantCode}`;
  }
}

function filterSql(f: DiscrepancyFilter | undefined): Sql[] {
  const conds: Sql[] = [];
  const eq: Array<[Sql, string | undefined | null]> = [
    [sql`c.province_code`, f?.provinceCode],
    [sql`c.county_code`, f?.countyCode],
    [sql`c.kind`, f?.kind],
    [sql`c.status`, f?.status],
    [sql`c.sector`, f?.sector],
  ];
  for (const [column, value] of eq) if (value !== undefined && value !== null) conds.push(sql`${column} = ${value}`);
  if (f?.minAgeDays != null) conds.push(sql`c.opened_at <= now() - make_interval(days => ${f.minAgeDays}::int)`);
  if (f?.maxAgeDays != null) conds.push(sql`c.opened_at >= now() - make_interval(days => ${f.maxAgeDays}::int)`);
  return conds;
}

export type CaseRow = Discrepancy & { householdId: number; memberRelationship: Relationship | null; memberBirthDate: string | null };

/** Every case of the scope and filter in id order, without pages (an export); `registryNo` and `idNumber` are what it hands out. */
export function allCasesQuery(scope: CaseScope, filter: DiscrepancyFilter | undefined): Sql {
  return sql`select ${COLUMNS} from ${FROM} ${sql.where([scopeSql(scope), ...filterSql(filter)])} order by c.id`;
}

/** What a read of cases hands out, over their rows (alias `q`), as `discrepancies` audits; the registry number only where it is shown. */
export function caseReadFacts(registryNoShown: boolean): ExportFacts {
  return { registryNo: registryNoShown ? sql`q."registryNo"` : null, idNumber: sql`q."idNumber"` };
}

/** A keyset page in id order. */
export function findCases(em: EntityManager, scope: CaseScope, filter: DiscrepancyFilter | undefined, afterId: number, limit: number): Promise<CaseRow[]> {
  const conds = [scopeSql(scope), ...filterSql(filter), sql`c.id > ${afterId}`];
  return runSql<CaseRow>(em, sql`select ${COLUMNS} from ${FROM} ${sql.where(conds)} order by c.id limit ${limit}::int`);
}

export async function findCase(em: EntityManager, scope: CaseScope, id: number): Promise<CaseRow | null> {
  const [row] = await runSql<CaseRow>(em, sql`select ${COLUMNS} from ${FROM} where ${scopeSql(scope)} and c.id = ${id}`);
  return row ?? null;
}

/** The household's latest event since the case was opened: what a manual CORRECTED links to. */
export async function findCorrectingEvent(em: EntityManager, caseId: number): Promise<string | null> {
  const [row] = await runSql<{ id: string }>(
    em,
    sql`select e.id::text as id from discrepancy_cases c join household_events e on e.household_id = c.household_id and e.created_at >= c.opened_at
     where c.id = ${caseId} order by e.id desc limit 1`,
  );
  return row?.id ?? null;
}

export interface Resolution {
  status: DiscrepancyStatus;
  resolvedBy: string;
  dismissalReason: string | null;
  note: string | null;
  eventId: string | null;
}

/** Resolves a case still in `from`; false when another request resolved it first. */
export async function resolveCase(em: EntityManager, id: number, from: DiscrepancyStatus, r: Resolution): Promise<boolean> {
  const rows = await runSql(
    em,
    sql`update discrepancy_cases set status = ${r.status}, resolved_by = ${r.resolvedBy}, dismissal_reason = ${r.dismissalReason}, note = ${r.note},
       event_id = ${r.eventId}::bigint, resolved_at = case when ${r.status}::text in ('CORRECTED', 'DISMISSED') then now() end
     where id = ${id} and status = ${from} returning id`,
  );
  return rows.length === 1;
}

/** Each dimension's column under its output name (which `group by` and `order by` use). */
const DIMENSION_COLUMN: Record<DiscrepancyDimension, { column: Sql; name: string }> = {
  [DiscrepancyDimension.PROVINCE]: { column: sql`province_code`, name: 'provinceCode' },
  [DiscrepancyDimension.SECTOR]: { column: sql`sector`, name: 'sector' },
  [DiscrepancyDimension.KIND]: { column: sql`kind`, name: 'kind' },
  [DiscrepancyDimension.STATUS]: { column: sql`status`, name: 'status' },
};

/** Counts by the chosen dimensions, with the median days to resolve, in one statement. */
export function summarise(em: EntityManager, scope: CaseScope, groupBy: DiscrepancyDimension[]): Promise<DiscrepancySummaryRow[]> {
  const dims = [...new Set(groupBy)].map((d) => DIMENSION_COLUMN[d]);
  const names = sql.join(dims.map((d) => sql`${sql.ident(d.name)}`));
  const select = [
    ...dims.map((d) => sql`${d.column} as ${sql.ident(d.name)}`),
    sql`count(*)::int as count, count(*) filter (where status = 'OPEN')::int as open, count(*) filter (where status = 'CONFIRMED')::int as confirmed`,
    sql`count(*) filter (where status = 'CORRECTED')::int as corrected, count(*) filter (where status = 'DISMISSED')::int as dismissed`,
    sql`(percentile_cont(0.5) within group (order by extract(epoch from resolved_at - opened_at) / 86400)
         filter (where resolved_at is not null))::float8 as "medianDaysToResolve"`,
  ];
  return runSql<DiscrepancySummaryRow>(
    em,
    sql`select ${sql.join(select)} from discrepancy_cases c where ${scopeSql(scope)}
     ${dims.length ? sql`group by ${names} order by ${names}` : sql.empty}`,
  );
}
