import type { EntityManager } from '@mikro-orm/postgresql';
import { boundQuery } from '../../db/bound-query';
import type { Discrepancy, DiscrepancySummaryRow } from './discrepancy-case.type';
import { DiscrepancyDimension, type DiscrepancyStatus } from './discrepancy-case.enums';
import type { Relationship } from '../members/member.enums';
import type { DiscrepancyFilter } from './discrepancy-cases.inputs';

/** Whose cases a caller reads: LGOP all, a province those of its households, a ministry those its batches raised. */
export type CaseScope = { kind: 'ALL' } | { kind: 'PROVINCE'; provinceCode: string } | { kind: 'RAISED_BY'; tenantCode: string };

type Param = string | number;

const COLUMNS = `c.id::text as id, c.kind, c.sector, c.tenant_code as "raisedBy", c.status, c.province_code as "provinceCode",
  c.county_code as "countyCode", c.id_number as "idNumber", h.registry_no as "registryNo", c.evidence, c.batch_id as "batchId",
  c.row_no as "rowNo", c.raised_count as "raisedCount", c.opened_at as "openedAt", c.last_raised_at as "lastRaisedAt",
  c.resolved_at as "resolvedAt", c.resolved_by as "resolvedBy", c.dismissal_reason as "dismissalReason", c.note,
  c.event_id::text as "eventId", c.household_id as "householdId", m.relationship as "memberRelationship",
  m.birth_date::text as "memberBirthDate"`;

/** The case with its household and its member (whose age and relationship decide what a ministry's policy shows of the evidence). */
const FROM = `discrepancy_cases c join households h on h.id = c.household_id left join members m on m.id = c.member_id`;

function scopeSql(scope: CaseScope): [string, Param[]] {
  switch (scope.kind) {
    case 'ALL':
      return ['true', []];
    case 'PROVINCE':
      return ['c.province_code = ?', [scope.provinceCode]];
    case 'RAISED_BY':
      return ['c.tenant_code = ?', [scope.tenantCode]];
  }
}

function filterSql(f: DiscrepancyFilter | undefined): [string[], Param[]] {
  const conds: string[] = [];
  const params: Param[] = [];
  const eq: Array<[string, Param | undefined]> = [['c.province_code', f?.provinceCode], ['c.county_code', f?.countyCode], ['c.kind', f?.kind], ['c.status', f?.status], ['c.sector', f?.sector]];
  for (const [column, value] of eq) if (value !== undefined && value !== null) (conds.push(`${column} = ?`), params.push(value));
  if (f?.minAgeDays != null) (conds.push(`c.opened_at <= now() - make_interval(days => ?)`), params.push(f.minAgeDays));
  if (f?.maxAgeDays != null) (conds.push(`c.opened_at >= now() - make_interval(days => ?)`), params.push(f.maxAgeDays));
  return [conds, params];
}

export type CaseRow = Discrepancy & { householdId: number; memberRelationship: Relationship | null; memberBirthDate: string | null };

/** A keyset page in id order. */
export function findCases(em: EntityManager, scope: CaseScope, filter: DiscrepancyFilter | undefined, afterId: number, limit: number): Promise<CaseRow[]> {
  const [scopeCond, scopeParams] = scopeSql(scope);
  const [conds, params] = filterSql(filter);
  return boundQuery<CaseRow>(
    em,
    `select ${COLUMNS} from ${FROM}
     where ${scopeCond} ${conds.map((c) => `and ${c}`).join(' ')} and c.id > ? order by c.id limit ?`,
    [...scopeParams, ...params, afterId, limit],
  );
}

export async function findCase(em: EntityManager, scope: CaseScope, id: number): Promise<CaseRow | null> {
  const [scopeCond, scopeParams] = scopeSql(scope);
  const [row] = await boundQuery<CaseRow>(em, `select ${COLUMNS} from ${FROM} where ${scopeCond} and c.id = ?`, [...scopeParams, id]);
  return row ?? null;
}

/** The household's latest event since the case was opened: what a manual CORRECTED links to. */
export async function findCorrectingEvent(em: EntityManager, caseId: number): Promise<string | null> {
  const [row] = await boundQuery<{ id: string }>(
    em,
    `select e.id::text as id from discrepancy_cases c join household_events e on e.household_id = c.household_id and e.created_at >= c.opened_at
     where c.id = ? order by e.id desc limit 1`,
    [caseId],
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
  const rows = await boundQuery(
    em,
    `update discrepancy_cases set status = ?, resolved_by = ?, dismissal_reason = ?, note = ?, event_id = ?::bigint,
       resolved_at = case when ? in ('CORRECTED', 'DISMISSED') then now() end
     where id = ? and status = ? returning id`,
    [r.status, r.resolvedBy, r.dismissalReason, r.note, r.eventId, r.status, id, from],
  );
  return rows.length === 1;
}

const DIMENSION_COLUMN: Record<DiscrepancyDimension, string> = {
  [DiscrepancyDimension.PROVINCE]: `province_code as "provinceCode"`,
  [DiscrepancyDimension.SECTOR]: 'sector',
  [DiscrepancyDimension.KIND]: 'kind',
  [DiscrepancyDimension.STATUS]: 'status',
};

/** Counts by the chosen dimensions, with the median days to resolve, in one statement. */
export function summarise(em: EntityManager, scope: CaseScope, groupBy: DiscrepancyDimension[]): Promise<DiscrepancySummaryRow[]> {
  const [scopeCond, params] = scopeSql(scope);
  const dims = [...new Set(groupBy)];
  const select = dims.map((d) => DIMENSION_COLUMN[d]);
  const positions = dims.map((_, i) => i + 1).join(', ');
  const by = (s: string) => `count(*) filter (where status = '${s}')::int`;
  return boundQuery<DiscrepancySummaryRow>(
    em,
    `select ${[...select, ''].join(', ')} count(*)::int as count, ${by('OPEN')} as open, ${by('CONFIRMED')} as confirmed,
       ${by('CORRECTED')} as corrected, ${by('DISMISSED')} as dismissed,
       (percentile_cont(0.5) within group (order by extract(epoch from resolved_at - opened_at) / 86400)
         filter (where resolved_at is not null))::float8 as "medianDaysToResolve"
     from discrepancy_cases c where ${scopeCond}
     ${dims.length ? `group by ${positions} order by ${positions}` : ''}`,
    params,
  );
}
