import { boundScope } from '../../db/tenant-scope';
import type { HubContext } from '../../graphql/hub-context';
import { type Page, decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import type { ReadAuditRow } from '../audit/audit.repository';
import { auditWritten } from '../audit/read-audit';
import type { HouseholdRow } from './household.row';
import { MEMBERS_ALONG, type WithMembersAlong } from '../members/member.row';
import type { HouseholdFilter } from './households.inputs';
import { type HouseholdPageFields, findHouseholdByRegistryNo, findHouseholdPage } from './households.repository';

/**
 * Reads households as plain rows (what is only serialised needs no entity).
 * The EntityManager it gets carries the caller's tenant scope, which every
 * statement writes into its own condition, so a province can only ever read
 * its own rows through this service (and row-level security checks it again).
 */
export class HouseholdsService {
  constructor(private readonly ctx: Pick<HubContext, 'em' | 'caller' | 'loaders'>) {}

  findByRegistryNo(registryNo: string): Promise<HouseholdRow | null> {
    return findHouseholdByRegistryNo(this.ctx.em, boundScope(this.ctx.em), registryNo);
  }

  /**
   * A keyset page in id order: the cost of page N does not grow with N. Only the
   * selected `fields` are read; with `fields.members` the members come in the page's
   * statement, on each row (MEMBERS_ALONG), so the page is one statement.
   * With `audit`, that statement writes the read's audit row as well.
   */
  async list(
    filter: HouseholdFilter | undefined,
    first: number | null | undefined,
    after: string | null | undefined,
    fields: HouseholdPageFields,
    audit: ReadAuditRow | null = null,
  ): Promise<Page<HouseholdRow>> {
    const limit = pageSize(first);
    const afterId = decodeCursor(after);
    const auditPage = audit && { row: audit, handedOut: limit };
    const rows = await findHouseholdPage(this.ctx.em, boundScope(this.ctx.em), { ...filter }, afterId, limit + 1, fields, auditPage);
    const households = rows.map(({ members, ...rest }) => {
      const household: HouseholdRow & WithMembersAlong = rest;
      if (members) household[MEMBERS_ALONG] = members;
      return household;
    });
    const page = toPage(households, limit, (h) => h.id);
    return audit ? auditWritten(page) : page;
  }
}
