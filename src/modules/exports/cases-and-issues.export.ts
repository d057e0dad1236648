import { boundScope } from '../../db/tenant-scope';
import type { HubContext } from '../../graphql/hub-context';
import { IssueKind, IssueStatus } from '../data-quality/data-quality.enums';
import { DataQualityIssueFilter } from '../data-quality/data-quality.inputs';
import { ISSUE_READ_FACTS, type IssueRow, allIssuesQuery } from '../data-quality/issue-reads.repository';
import { issueForViewer } from '../data-quality/issue-view.rules';
import { DiscrepancyStatus } from '../discrepancy-cases/discrepancy-case.enums';
import { DiscrepancyFilter } from '../discrepancy-cases/discrepancy-cases.inputs';
import type { CaseRow } from '../discrepancy-cases/discrepancy-cases.repository';
import { DiscrepancyCasesService } from '../discrepancy-cases/discrepancy-cases.service';
import { Sector, TenantKind } from '../tenants/tenant.enums';
import type { ExportColumn, ExportPlan, ExportRow } from './export-plan';
import { type ParamKind, filterOf } from './export-params';

export const DISCREPANCY_PARAMS: Record<string, ParamKind> = {
  provinceCode: 'text',
  countyCode: 'text',
  kind: 'text',
  status: { enum: DiscrepancyStatus },
  sector: { enum: Sector },
  minAgeDays: 'int',
  maxAgeDays: 'int',
};

const CASE_COLUMNS: ExportColumn[] = [
  { key: 'id' },
  { key: 'kind' },
  { key: 'sector' },
  { key: 'raisedBy' },
  { key: 'status' },
  { key: 'provinceCode' },
  { key: 'countyCode' },
  { key: 'idNumber' },
  { key: 'registryNo' },
  { key: 'evidence', kind: 'json' },
  { key: 'batchId' },
  { key: 'rowNo', kind: 'number' },
  { key: 'raisedCount', kind: 'number' },
  { key: 'openedAt', kind: 'instant' },
  { key: 'lastRaisedAt', kind: 'instant' },
  { key: 'resolvedAt', kind: 'instant' },
  { key: 'resolvedBy' },
  { key: 'dismissalReason' },
  { key: 'note' },
  { key: 'eventId' },
];

/**
 * `GET /exports/discrepancies`, the twin of `discrepancies(filter)`: the service's own scope, policy
 * check and view (a ministry: no registry number, the registry's evidence cut by its policy).
 */
export async function discrepanciesPlan(ctx: HubContext, values: Record<string, string | number>): Promise<ExportPlan> {
  const filter = await filterOf(DiscrepancyFilter, values, Object.keys(DISCREPANCY_PARAMS));
  const read = await new DiscrepancyCasesService(ctx.em, ctx.caller, ctx.loaders.sharing.policy).exportRows(filter);
  const ministry = ctx.caller.tenant.kind === TenantKind.MINISTRY;
  return {
    name: 'discrepancies',
    rows: read.rows,
    columns: CASE_COLUMNS.filter((c) => !(ministry && c.key === 'registryNo')),
    view: (row: ExportRow) => [read.view(row as unknown as CaseRow) as unknown as ExportRow],
    facts: read.facts,
    filters: { ...filter },
  };
}

export const ISSUE_PARAMS: Record<string, ParamKind> = {
  provinceCode: 'text',
  countyCode: 'text',
  villageCode: 'text',
  rule: 'text',
  kind: { enum: IssueKind },
  status: { enum: IssueStatus },
  registryNo: 'text',
  projectNo: 'text',
};

const ISSUE_COLUMNS: ExportColumn[] = [
  { key: 'id' },
  { key: 'ruleCode' },
  { key: 'kind' },
  { key: 'severity' },
  { key: 'provinceCode' },
  { key: 'countyCode' },
  { key: 'villageCode' },
  { key: 'registryNo' },
  { key: 'idNumber' },
  { key: 'memberName' },
  { key: 'projectNo' },
  { key: 'reference' },
  { key: 'field' },
  { key: 'message' },
  { key: 'detail' },
  { key: 'relatedRegistryNo' },
  { key: 'relatedIdNumber' },
  { key: 'relatedProvinceCode' },
  { key: 'status' },
  { key: 'detectedAt', kind: 'instant' },
  { key: 'lastSeenAt', kind: 'instant' },
  { key: 'fixedAt', kind: 'instant' },
];

/** `GET /exports/data-quality-issues`, the twin of `dataQualityIssues(filter)`: the caller's scope, OPEN unless `status` says, cut as the twin cuts a pair across provinces. */
export async function dataQualityIssuesPlan(ctx: HubContext, values: Record<string, string | number>): Promise<ExportPlan> {
  const filter = await filterOf(DataQualityIssueFilter, values, Object.keys(ISSUE_PARAMS));
  const scope = boundScope(ctx.em);
  return {
    name: 'dataQualityIssues',
    rows: allIssuesQuery(scope, filter),
    columns: ISSUE_COLUMNS,
    view: (row: ExportRow) => [issueForViewer(row as unknown as IssueRow, scope) as unknown as ExportRow],
    facts: ISSUE_READ_FACTS,
    filters: { ...filter },
  };
}
