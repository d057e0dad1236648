import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { TENANT_FILTER, boundScope } from '../../db/tenant-scope';
import { type TenantKey, assertOneTenant, tenantCacheKey } from '../../graphql/tenant-key';
import { findHouseholdMembers } from './household-members.repository';
import { Member } from './member.entity';
import type { MemberRow } from './member.row';

/** Members of many households in one statement (plain rows, head first), grouped back in key order. */
export function createMembersLoader(em: EntityManager, tenantCode: string) {
  return new DataLoader<TenantKey<number>, MemberRow[], string>(
    async (keys) => {
      const ids = assertOneTenant(keys, tenantCode);
      const rows = await findHouseholdMembers(em, boundScope(em), ids);
      const byHousehold = new Map<number, MemberRow[]>(ids.map((id) => [id, []]));
      for (const m of rows) byHousehold.get(m.householdId)?.push(m);
      return ids.map((id) => byHousehold.get(id) ?? []);
    },
    { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
  );
}

/**
 * Members by id for the records of a batch the caller owns (matched members and
 * suggestions). The ids come from the caller's own batch results, which is what
 * lets a ministry see them although no province is in its scope; the fields it
 * may read are cut by its data-sharing policy.
 */
export function createMembersByIdLoader(em: EntityManager, tenantCode: string) {
  return new DataLoader<TenantKey<number>, Member | null, string>(
    async (keys) => {
      const ids = assertOneTenant(keys, tenantCode);
      const rows = await em.find(Member, { id: { $in: ids } }, { filters: { [TENANT_FILTER]: false } });
      const byId = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
  );
}
