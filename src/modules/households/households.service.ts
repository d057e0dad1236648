import type { EntityManager } from '@mikro-orm/postgresql';
import { boundScope } from '../../db/tenant-scope';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import type { HouseholdRow } from './household.row';
import type { HouseholdFilter } from './households.inputs';
import { findHouseholdByRegistryNo, findHouseholdPage } from './households.repository';

/**
 * Reads households as plain rows (what is only serialised needs no entity).
 * The EntityManager it gets carries the caller's tenant scope, which every
 * statement writes into its own condition, so a province can only ever read
 * its own rows through this service (and row-level security checks it again).
 */
export class HouseholdsService {
  constructor(private readonly em: EntityManager) {}

  findByRegistryNo(registryNo: string): Promise<HouseholdRow | null> {
    return findHouseholdByRegistryNo(this.em, boundScope(this.em), registryNo);
  }

  /** A keyset page in id order: the cost of page N does not grow with N. */
  async list(filter: HouseholdFilter | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const afterId = decodeCursor(after);
    const rows = await findHouseholdPage(this.em, boundScope(this.em), { ...filter }, afterId, limit + 1);
    return toPage(rows, limit, (h) => h.id);
  }
}
