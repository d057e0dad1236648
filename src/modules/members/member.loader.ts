import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { boundScope } from '../../db/tenant-scope';
import { type TenantKey, assertOneTenant, tenantCacheKey } from '../../graphql/tenant-key';
import { findHouseholdMembers } from './household-members.repository';
import { findMembersById } from './member.repository';
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
 * suggestions), as plain rows in one statement: a ministry reads them through
 * its sharing loader instead, so here the caller's own scope applies.
 */
export function createMembersByIdLoader(em: EntityManager, tenantCode: string) {
  return new DataLoader<TenantKey<number>, MemberRow | null, string>(
    async (keys) => {
      const ids = assertOneTenant(keys, tenantCode);
      const rows = await findMembersById(em, boundScope(em), ids);
      const byId = new Map(rows.map((m) => [m.id, m]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
  );
}
