import type { EntityManager } from '@mikro-orm/postgresql';
import { type TenantScope, provinceScopeSql } from '../../db/tenant-scope';
import { type Sql, runSql, sql } from '../../db/sql';
import { IssueKind, IssueStatus } from './data-quality.enums';
import type { DataQualityCount } from './data-quality.types';
import type { DataQualityIssue } from './data-quality-issue.entity';
import type { DataQualityIssueFilter } from './data-quality.inputs';
import type { ExportFacts } from '../audit/audit.repository';

/*
 * Issues are read from two tables: the registry's (data_quality_issues) and the
 * fund supervision's (fund_supervision_issues, kind FUNDS, written by the
 * fund-supervision module). Both draw ids from one sequence, so a page is one
 * keyset over both.
 */

/** Open and fixed issues by province, rule and kind, within the caller's scope (and one province when given). */
export function issueCounts(em: EntityManager, scope: TenantScope, provinceCode: string | null): Promise<DataQualityCount[]> {
  const only = provinceCode ? sql` and i.province_code = ${provinceCode}` : sql.empty;
  const counts = (table: string) =>
    sql`select i.province_code as "provinceCode", i.rule_code as rule, i.kind,
              (count(*) filter (where i.status = 'OPEN'))::int as open, (count(*) filter (where i.status = 'FIXED'))::int as fixed
       from ${sql.ident(table)} i where ${provinceScopeSql(scope, 'i')}${only}
       group by i.province_code, i.rule_code, i.kind`;
  return runSql<DataQualityCount>(
    em,
    sql`select * from (${counts('data_quality_issues')} union all ${counts('fund_supervision_issues')}) c order by c."provinceCode", c.kind, c.rule`,
  );
}

/** An issue as reads serialise it: the entity's fields as a plain row, never managed by a unit of work. */
export type IssueRow = { [K in keyof DataQualityIssue]: DataQualityIssue[K] };

const COMMON_COLUMNS = sql`i.id::text as id, i.rule_code as "ruleCode", i.kind, i.severity, i.province_code as "provinceCode", i.county_code as "countyCode",
  i.village_code as "villageCode", i.household_id as "householdId", i.registry_no as "registryNo", i.field, i.message, i.detail, i.status,
  i.detected_at as "detectedAt", i.last_seen_at as "lastSeenAt", i.fixed_at as "fixedAt"`;

const REGISTRY_COLUMNS = sql`${COMMON_COLUMNS}, i.member_id as "memberId", i.id_number as "idNumber", i.member_name as "memberName",
  i.related_registry_no as "relatedRegistryNo", i.related_id_number as "relatedIdNumber", i.related_province_code as "relatedProvinceCode",
  null::text as "projectNo", null::text as reference`;

const FUNDS_COLUMNS = sql`${COMMON_COLUMNS}, null::int as "memberId", null::text as "idNumber", null::text as "memberName",
  null::text as "relatedRegistryNo", null::text as "relatedIdNumber", null::text as "relatedProvinceCode",
  i.project_no as "projectNo", i.reference`;

/** The filter's conditions on alias `i`, which both issue tables share. */
function issueConditions(scope: TenantScope, filter: DataQualityIssueFilter | undefined, afterId: number | null): Sql[] {
  const conds: Sql[] = [provinceScopeSql(scope, 'i'), sql`i.status = ${filter?.status ?? IssueStatus.OPEN}`];
  const eq: Array<[Sql, string | undefined]> = [
    [sql`i.province_code`, filter?.provinceCode],
    [sql`i.county_code`, filter?.countyCode],
    [sql`i.village_code`, filter?.villageCode],
    [sql`i.rule_code`, filter?.rule],
    [sql`i.kind`, filter?.kind],
    [sql`i.registry_no`, filter?.registryNo],
  ];
  for (const [column, value] of eq) if (value) conds.push(sql`${column} = ${value}`);
  if (afterId !== null) conds.push(sql`i.id > ${afterId}::bigint`);
  return conds;
}

/**
 * A keyset page of issues in id order within the caller's scope (the tenant filter's condition); OPEN unless
 * the filter says otherwise. A kind or a project number reads only the table that can hold it.
 */
export function findIssues(em: EntityManager, scope: TenantScope, filter: DataQualityIssueFilter | undefined, afterId: number | null, limit: number) {
  const query = issuesQuery(scope, filter, afterId, limit);
  return query ? runSql<IssueRow>(em, query) : Promise.resolve([]);
}

/** Every issue of the scope and filter in id order, without pages (an export). */
export function allIssuesQuery(scope: TenantScope, filter: DataQualityIssueFilter | undefined): Sql {
  return issuesQuery(scope, filter, null, null) ?? sql`select ${REGISTRY_COLUMNS} from data_quality_issues i where false`;
}

/** What a read of issues hands out, over their rows (alias `q`), as `dataQualityIssues` audits. */
export const ISSUE_READ_FACTS: ExportFacts = { registryNo: sql`q."registryNo"`, idNumber: sql`q."idNumber"` };

function issuesQuery(scope: TenantScope, filter: DataQualityIssueFilter | undefined, afterId: number | null, limit: number | null): Sql | null {
  const conds = issueConditions(scope, filter, afterId);
  const limited = limit === null ? sql.empty : sql`limit ${limit}::int`;
  const parts: Sql[] = [];
  if (!filter?.projectNo && (!filter?.kind || filter.kind !== IssueKind.FUNDS)) {
    parts.push(sql`(select ${REGISTRY_COLUMNS} from data_quality_issues i ${sql.where(conds)} order by i.id ${limited})`);
  }
  if (!filter?.kind || filter.kind === IssueKind.FUNDS) {
    const funds = filter?.projectNo ? [...conds, sql`i.project_no = ${filter.projectNo}`] : conds;
    parts.push(sql`(select ${FUNDS_COLUMNS} from fund_supervision_issues i ${sql.where(funds)} order by i.id ${limited})`);
  }
  if (!parts.length) return null;
  return sql`select * from (${sql.join(parts, ' union all ')}) i order by i.id ${limited}`;
}
