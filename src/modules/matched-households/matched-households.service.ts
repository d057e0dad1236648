import type { HubContext } from '../../graphql/hub-context';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import type { HouseholdRow } from '../households/household.row';
import type { HouseholdFilter } from '../households/households.inputs';
import type { Sector } from '../tenants/tenant.enums';
import type { MatchFact } from './matched-household.type';
import type { MatchedHouseholdFilter } from './matched-households.inputs';
import { type MatchConditions, type MatchedRow, findMatchedPage, selectBatches } from './matched-households.repository';
import { isPolicyBound } from '../sharing-policies/policy-bound';

/** A node of the matchedHouseholds page, as the MatchedHousehold type serves it. */
export interface MatchedNode {
  household: HouseholdRow;
  matches: MatchFact[];
}

/**
 * The households a ministry's batches matched. Statements per page, whatever
 * its size: the policy, the batches, the page (households and match facts);
 * members come through the per-request loader in one more.
 */
export class MatchedHouseholdsService {
  constructor(private readonly ctx: Pick<HubContext, 'em' | 'caller' | 'loaders'>) {}

  /** `matchedHouseholds`: a ministry its own matches under its policy; LGOP every ministry's of the sector, uncut. */
  async page(sector: Sector, filter: MatchedHouseholdFilter | undefined, first?: number | null, after?: string | null) {
    const { caller } = this.ctx;
    if (isPolicyBound(caller)) (await this.ctx.loaders.sharing.policy()).assertFilter('matchedHouseholds', filter);
    const limit = pageSize(first);
    const afterId = decodeCursor(after) ?? 0;
    const tenantCode = isPolicyBound(caller) ? caller.tenant.code : undefined;
    const batches = await selectBatches(this.ctx.em, { tenantCode, sector, batchId: filter?.batchId });
    const rows = await findMatchedPage(this.ctx.em, batches, filter ?? {}, afterId, limit + 1);
    const nodes: MatchedNode[] = await Promise.all(rows.map(async (r) => ({ household: await this.view(r), matches: r.matches })));
    return toPage(nodes, limit, (n) => n.household.id);
  }

  /** `households` for a ministry: exactly its matched households (latest batch of each period). */
  async households(filter: HouseholdFilter | undefined, first?: number | null, after?: string | null) {
    (await this.ctx.loaders.sharing.policy()).assertFilter('households', filter);
    const limit = pageSize(first);
    const afterId = decodeCursor(after) ?? 0;
    const rows = await this.ministryRows(filter ?? {}, afterId, limit + 1);
    const views = await Promise.all(rows.map((r) => this.view(r)));
    return toPage(views, limit, (h) => h.id);
  }

  /** `household` for a ministry: null unless its batches matched it, as for one that does not exist. */
  async household(registryNo: string): Promise<HouseholdRow | null> {
    const [row] = await this.ministryRows({ registryNo }, 0, 1);
    return row ? this.view(row) : null;
  }

  private async ministryRows(where: MatchConditions, afterId: number, limit: number): Promise<MatchedRow[]> {
    const batches = await selectBatches(this.ctx.em, { tenantCode: this.ctx.caller.tenant.code });
    return findMatchedPage(this.ctx.em, batches, where, afterId, limit);
  }

  /** The row as the caller may see it: cut by the policy for a ministry, whole for LGOP. */
  private async view(row: MatchedRow): Promise<HouseholdRow> {
    const { matches: _facts, ...household } = row;
    if (!isPolicyBound(this.ctx.caller)) return household;
    const policy = await this.ctx.loaders.sharing.policy();
    return policy.household(household);
  }
}
