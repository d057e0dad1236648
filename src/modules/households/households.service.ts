import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { Household } from './household.entity';
import type { HouseholdFilter } from './households.inputs';

/**
 * Reads households. The EntityManager it gets carries the caller's tenant
 * filter, so a province can only ever load its own rows through this service.
 */
export class HouseholdsService {
  constructor(private readonly em: EntityManager) {}

  findByRegistryNo(registryNo: string): Promise<Household | null> {
    return this.em.findOne(Household, { registryNo });
  }

  /** A keyset page in id order: the cost of page N does not grow with N. */
  async list(filter: HouseholdFilter | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const afterId = decodeCursor(after);
    const where: Record<string, unknown> = this.conditions(filter);
    if (afterId !== null) where.id = { $gt: afterId };
    const rows = await this.em.find(Household, where as FilterQuery<Household>, { orderBy: { id: 'asc' }, limit: limit + 1 });
    return toPage(rows, limit, (h) => h.id);
  }

  private conditions(filter: HouseholdFilter | undefined): Record<string, unknown> {
    if (!filter) return {};
    const where: Record<string, unknown> = {};
    if (filter.provinceCode) where.provinceCode = filter.provinceCode;
    if (filter.countyCode) where.countyCode = filter.countyCode;
    if (filter.villageCode) where.villageCode = filter.villageCode;
    if (filter.status) where.status = filter.status;
    if (filter.primaryCause) where.primaryCause = filter.primaryCause;
    if (filter.identifiedYear) where.identifiedYear = filter.identifiedYear;
    if (filter.exitYear) where.exitYear = filter.exitYear;
    return where;
  }
}
