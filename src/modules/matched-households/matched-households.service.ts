import type { HubContext } from '../../graphql/hub-context';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { HANDED_OUT_NO, type HouseholdRow } from '../households/household.row';
import type { HouseholdFilter } from '../households/households.inputs';
import type { Sector } from '../tenants/tenant.enums';
import type { MatchFact } from './matched-household.type';
import type { MatchedHouseholdFilter } from './matched-households.inputs';
import { type MatchConditions, type MatchedRow, type MembersAlong, findMatchedPage } from './matched-households.repository';
import { boundScope } from '../../db/tenant-scope';
import type { SharedMemberRow } from '../sharing-policies/shared-members.repository';
import type { ReadAuditRow } from '../audit/audit.repository';
import { auditWritten, withHandedOut } from '../audit/read-audit';
import { isPolicyBound } from '../sharing-policies/policy-bound';
import type { SelectedFields } from '../../graphql/selection';
import { MEMBERS_ALONG, type MemberRow, type WithMembersAlong } from '../members/member.row';

/** What a matchedHouseholds page reads: household fields, match facts or not, member fields (undefined: no members). */
export interface MatchedPageSelection {
  household: SelectedFields;
  matches: boolean;
  members?: SelectedFields;
}

/** A node of the matchedHouseholds page, as the MatchedHousehold type serves it. */
export interface MatchedNode {
  household: HouseholdRow;
  matches: MatchFact[];
}

/**
 * The households a ministry's batches matched. Statements per page, whatever
 * its size: the policy, the page (its batches, households, match facts and,
 * when selected, members); otherwise members come through the per-request loader in one more.
 */
export class MatchedHouseholdsService {
  constructor(private readonly ctx: Pick<HubContext, 'em' | 'caller' | 'loaders'>) {}

  /**
   * `matchedHouseholds`: a ministry its own matches under its policy; LGOP every ministry's of the sector, uncut.
   * `withMembers` (the selection asks for them): the members come in the page's statement.
   */
  async page(
    sector: Sector,
    filter: MatchedHouseholdFilter | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    read: MatchedPageSelection,
    audit: ReadAuditRow | null = null,
  ) {
    const { caller } = this.ctx;
    const policy = isPolicyBound(caller) ? await this.ctx.loaders.sharing.policy() : null;
    policy?.assertFilter('matchedHouseholds', filter);
    const limit = pageSize(first);
    const afterId = decodeCursor(after) ?? 0;
    const tenantCode = isPolicyBound(caller) ? caller.tenant.code : undefined;
    const by = { tenantCode, sector, batchId: filter?.batchId };
    // The statement's audit row names the households handed out by registry number, also when the policy hides that
    // number from the caller: the audit is LGOP's record of who was given whose data, not the caller's view.
    const auditPage = audit ? { row: audit, handedOut: limit } : null;
    const members = read.members === undefined ? null : this.membersAlong(true, read.members);
    const rows = await findMatchedPage(
      this.ctx.em,
      by,
      filter ?? {},
      afterId,
      limit + 1,
      { household: read.household, matches: read.matches, members },
      auditPage,
    );
    const nodes: MatchedNode[] = await Promise.all(rows.map(async (r) => ({ household: await this.view(r, read.members === null), matches: r.matches })));
    const page = toPage(nodes, limit, (n) => n.household.id);
    if (auditPage) return auditWritten(page);
    // Without the row in the statement (a standby's page), AuditRead names the households from their rows, not the cut answer.
    return withHandedOut(page, { registryNos: rows.slice(0, limit).map((r) => r.registryNo) });
  }

  /** `households` for a ministry: exactly its matched households (latest batch of each period). */
  async households(
    filter: HouseholdFilter | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    withMembers: boolean,
    audit: ReadAuditRow | null = null,
  ) {
    (await this.ctx.loaders.sharing.policy()).assertFilter('households', filter);
    const limit = pageSize(first);
    const afterId = decodeCursor(after) ?? 0;
    // The read's audit row in the page's own statement, naming the households by number as matchedHouseholds does.
    const auditPage = audit ? { row: audit, handedOut: limit } : null;
    const rows = await this.ministryRows(filter ?? {}, afterId, limit + 1, withMembers, auditPage);
    const views = await Promise.all(rows.map((r) => this.view(r)));
    const page = toPage(views, limit, (h) => h.id);
    return auditPage ? auditWritten(page) : page;
  }

  /** `household` for a ministry: null unless its batches matched it, as for one that does not exist. */
  async household(registryNo: string): Promise<HouseholdRow | null> {
    const [row] = await this.ministryRows({ registryNo }, 0, 1);
    return row ? this.view(row) : null;
  }

  private async ministryRows(
    where: MatchConditions,
    afterId: number,
    limit: number,
    withMembers = false,
    audit: { row: ReadAuditRow; handedOut: number } | null = null,
  ): Promise<MatchedRow[]> {
    const by = { tenantCode: this.ctx.caller.tenant.code };
    return findMatchedPage(this.ctx.em, by, where, afterId, limit, { members: this.membersAlong(withMembers) }, audit);
  }

  private membersAlong(withMembers: boolean, fields: SelectedFields = null): MembersAlong | null {
    if (!withMembers) return null;
    return isPolicyBound(this.ctx.caller) ? { sharedWith: this.ctx.caller.tenant.code, fields } : { scope: boundScope(this.ctx.em), fields };
  }

  /**
   * The row as the caller may see it: cut by the policy for a ministry, whole for LGOP. Members that
   * came along (cut by the policy first) go on the row and on its match facts (MEMBERS_ALONG), where
   * `members` and `member` look; whole rows (`whole`) wait in the members loaders as well.
   */
  private async view(row: MatchedRow, whole = true): Promise<HouseholdRow & WithMembersAlong> {
    const { matches, members, ...household } = row;
    // The audit of the read names the household even when the policy hides its number from the caller.
    const handedOut = { [HANDED_OUT_NO]: household.registryNo };
    if (!members) return { ...(isPolicyBound(this.ctx.caller) ? (await this.ctx.loaders.sharing.policy()).household(household) : household), ...handedOut };
    const key = { tenantCode: this.ctx.caller.tenant.code, id: household.id };
    const policy = isPolicyBound(this.ctx.caller) ? await this.ctx.loaders.sharing.policy() : null;
    const shown: MemberRow[] = policy ? policy.members(members as SharedMemberRow[]) : members;
    if (whole) (policy ? this.ctx.loaders.sharing.membersByHousehold : this.ctx.loaders.membersByHousehold).prime(key, shown);
    for (const fact of matches as Array<MatchFact & WithMembersAlong>) fact[MEMBERS_ALONG] = shown;
    return { ...(policy ? policy.household(household) : household), ...handedOut, [MEMBERS_ALONG]: shown };
  }
}
