import type { HubContext } from '../../graphql/hub-context';
import { ProjectFilter } from '../projects/project-reads.inputs';
import type { ProjectReadRow } from '../projects/project-reads.row';
import { ProjectReadsService } from '../projects/project-reads.service';
import { FundSource, ProjectStatus, ProjectType } from '../projects/project.enums';
import type { ExportColumn, ExportPlan, ExportRow } from './export-plan';
import { type ParamKind, filterOf } from './export-params';

export const PROJECT_PARAMS: Record<string, ParamKind> = {
  provinceCode: 'text',
  countyCode: 'text',
  type: { enum: ProjectType },
  status: { enum: ProjectStatus },
  source: { enum: FundSource },
  year: 'int',
};

const COLUMNS: ExportColumn[] = [
  { key: 'projectNo' },
  { key: 'name' },
  { key: 'provinceCode' },
  { key: 'countyCode' },
  { key: 'villageCodes', kind: 'list' },
  { key: 'type' },
  { key: 'implementingUnit' },
  { key: 'status' },
  { key: 'approvedOn' },
  { key: 'plannedStart' },
  { key: 'plannedEnd' },
  { key: 'completedOn' },
  { key: 'targetsHouseholds', kind: 'boolean' },
  { key: 'announcement.publishedOn' },
  { key: 'announcement.place' },
  { key: 'budget', kind: 'json' },
  { key: 'version', kind: 'number' },
  { key: 'funds.budget' },
  { key: 'funds.allocated' },
  { key: 'funds.disbursed' },
  { key: 'funds.disbursementRate', kind: 'number' },
  { key: 'funds.idleAmount' },
  { key: 'funds.oldestIdleDays', kind: 'number' },
];

/**
 * `GET /exports/projects`, the twin of `projects(filter) { …, funds { … } }`: the service's scope
 * (a ministry: the types of its agreement), policy check and cut; money as decimal strings. It hands
 * out no household, so, as the twin, it writes no audit row.
 */
export async function projectsPlan(ctx: HubContext, values: Record<string, string | number>): Promise<ExportPlan> {
  const filter = await filterOf(ProjectFilter, values, Object.keys(PROJECT_PARAMS));
  const read = await new ProjectReadsService(ctx).exportRows(filter);
  return {
    name: 'projects',
    rows: read.rows,
    columns: COLUMNS,
    view: (row: ExportRow) => {
      const { announcement, ...project } = read.view(row as unknown as ProjectReadRow) as unknown as ExportRow & {
        announcement: { publishedOn: string; place: string } | null;
      };
      return [{ ...project, 'announcement.publishedOn': announcement?.publishedOn ?? null, 'announcement.place': announcement?.place ?? null }];
    },
    facts: { registryNo: null, idNumber: null },
    filters: { ...filter },
  };
}
