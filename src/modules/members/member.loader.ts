import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { boundScope } from '../../db/tenant-scope';
import { type TenantKey, assertOneTenant, tenantCacheKey } from '../../graphql/tenant-key';
import { Member } from './member.entity';
import { Relationship } from './member.enums';
import { findMembersById } from './member.repository';
import type { MemberRow } from './member.row';

const RANK: Record<string, number> = Object.fromEntries(Object.values(Relationship).map((r, i) => [r, i]));

/** Members of many households in one statement, grouped back in key order, head first. */
export function createMembersLoader(em: EntityManager, tenantCode: string) {
  return new DataLoader<TenantKey<number>, Member[], string>(
    async (keys) => {
      const ids = assertOneTenant(keys, tenantCode);
      const rows = await em.find(Member, { household: { $in: ids } }, { orderBy: { id: 'asc' } });
      const byHousehold = new Map<number, Member[]>(ids.map((id) => [id, []]));
      for (const m of rows) byHousehold.get(m.household.id)?.push(m);
      return ids.map((id) => (byHousehold.get(id) ?? []).sort(byRelationship));
    },
    { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
  );
}

function byRelationship(a: Member, b: Member): number {
  const ra = RANK[a.relationship ?? Relationship.OTHER] ?? 99;
  const rb = RANK[b.relationship ?? Relationship.OTHER] ?? 99;
  return ra - rb || a.id - b.id;
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
