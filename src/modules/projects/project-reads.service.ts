import type { HubContext } from '../../graphql/hub-context';
import { type Page, decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { requestMemo } from '../../graphql/request-memo';
import { auditRead } from '../audit/read-audit';
import type { HouseholdRow } from '../households/household.row';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import type { ProjectFilter } from './project-reads.inputs';
import { type ProjectReadLoaders, createProjectReadLoaders } from './project-reads.loader';
import { type ProjectScope, allProjectsWithFundsQuery, findProjectByNo, findProjectPage } from './project-reads.repository';
import type { SharingPolicy } from '../sharing-policies/sharing-policy.rules';
import type { ProjectReadRow, TransactionRow } from './project-reads.row';
import type { Project } from './project-reads.types';

/** A project as the Project type serves it, with the id its relation fields load by. */
export type ProjectView = Project & { id: number };

type ReadContext = Pick<HubContext, 'em' | 'caller' | 'loaders' | 'requestId' | 'auditReads'>;

const LOADERS = Symbol('projectReadLoaders');

/**
 * Reads of the project library as plain rows, under the caller's scope: LGOP all, a province its own
 * projects, a ministry the project types of its agreement with the fields it grants (and, of the
 * beneficiaries, the households it may see, cut by its household policy). Relations load through
 * per-request loaders, so a page costs the same statements whatever its size.
 */
export class ProjectReadsService {
  constructor(private readonly ctx: ReadContext) {}

  async scope(): Promise<ProjectScope> {
    const { caller } = this.ctx;
    if (isPolicyBound(caller)) {
      return { kind: 'MINISTRY', tenantCode: caller.tenant.code, types: (await this.ctx.loaders.sharing.policy()).projectTypes };
    }
    return caller.scope.kind === 'PROVINCE' ? { kind: 'PROVINCE', provinceCode: caller.scope.provinceCode } : { kind: 'ALL' };
  }

  async page(filter: ProjectFilter | undefined, first: number | null | undefined, after: string | null | undefined): Promise<Page<ProjectView>> {
    if (isPolicyBound(this.ctx.caller)) (await this.ctx.loaders.sharing.policy()).assertFilter('projects', filter);
    const limit = pageSize(first);
    const rows = await findProjectPage(this.ctx.em, await this.scope(), { ...filter }, decodeCursor(after), limit + 1);
    const views = await Promise.all(rows.map((r) => this.view(r)));
    return toPage(views, limit, (p) => p.id);
  }

  /** An export of `page`: the same scope, policy check and filter without pages, with the funds' totals; each row viewed as `page` serves it. */
  async exportRows(filter: ProjectFilter | undefined) {
    if (isPolicyBound(this.ctx.caller)) (await this.ctx.loaders.sharing.policy()).assertFilter('projects', filter);
    const policy = isPolicyBound(this.ctx.caller) ? await this.ctx.loaders.sharing.policy() : null;
    return { rows: allProjectsWithFundsQuery(await this.scope(), { ...filter }), view: (row: ProjectReadRow) => viewOf(row, policy) };
  }

  async one(projectNo: string): Promise<ProjectView | null> {
    const row = await findProjectByNo(this.ctx.em, await this.scope(), projectNo);
    return row ? this.view(row) : null;
  }

  /** A relation page of one project: `first` and `after` checked here, the rows from the request's loader. */
  async transactions(project: ProjectView, first: number | null | undefined, after: string | null | undefined): Promise<Page<TransactionRow>> {
    const limit = pageSize(first);
    const rows = await this.loaders().transactions.load({ projectId: project.id, limit, afterId: decodeCursor(after) });
    return toPage(rows, limit, (t) => t.id);
  }

  async beneficiaries(project: ProjectView, first: number | null | undefined, after: string | null | undefined): Promise<Page<HouseholdRow>> {
    const limit = pageSize(first);
    const rows = await this.loaders().beneficiaries.load({ projectId: project.id, limit, afterId: decodeCursor(after) });
    return toPage(rows, limit, (h) => h.id);
  }

  loaders(): ProjectReadLoaders {
    return requestMemo(this.ctx.loaders, LOADERS, () =>
      createProjectReadLoaders({ em: this.ctx.em, scope: () => this.scope(), households: (rows) => this.handOut(rows) }),
    );
  }

  /** Beneficiary households leave audited (one row per batch of pages), and for a ministry cut by its household policy. */
  private async handOut(rows: HouseholdRow[]): Promise<HouseholdRow[]> {
    await auditRead(this.ctx, 'Project.beneficiaries', rows, (hs) => ({ registryNos: hs.map((h) => h.registryNo) }));
    if (!isPolicyBound(this.ctx.caller)) return rows;
    const policy = await this.ctx.loaders.sharing.policy();
    return rows.map((h) => policy.household(h));
  }

  private async view(row: ProjectReadRow): Promise<ProjectView> {
    return viewOf(row, isPolicyBound(this.ctx.caller) ? await this.ctx.loaders.sharing.policy() : null);
  }
}

/** A project as the caller may see it: its announcement as one object, cut by a ministry's policy. */
function viewOf(row: ProjectReadRow, policy: SharingPolicy | null): ProjectView {
  const { announcementPublishedOn, announcementPlace, provinceCode, ...rest } = row;
  const announcement = announcementPublishedOn && announcementPlace ? { publishedOn: announcementPublishedOn, place: announcementPlace } : null;
  const view: ProjectView = { ...rest, provinceCode, announcement };
  return policy ? policy.project(view) : view;
}
