import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type TenantKey, assertOneTenant, tenantCacheKey } from '../../graphql/tenant-key';
import { type SharedMemberRow, findSharedMembers, findSharedMembersById } from './shared-members.repository';
import { findPolicy } from './sharing-policy.repository';
import { SharingPolicy } from './sharing-policy.rules';
import type { Redactable } from '../../graphql/redactable';

export type SharedMember = SharedMemberRow & Redactable;

/** A ministry's per-request reads, each row cut by its data-sharing policy. */
export interface SharingLoaders {
  policy(): Promise<SharingPolicy>;
  membersByHousehold: DataLoader<TenantKey<number>, SharedMember[], string>;
  membersById: DataLoader<TenantKey<number>, SharedMember | null, string>;
}

/**
 * Per-request reads under the caller's data-sharing policy: the policy once,
 * members of many households in one statement, each row cut before it leaves.
 */
export function createSharingLoaders(em: EntityManager, tenantCode: string): SharingLoaders {
  let policy: Promise<SharingPolicy> | undefined;
  const loadPolicy = () => (policy ??= findPolicy(em, tenantCode).then((data) => new SharingPolicy(data)));
  return {
    policy: loadPolicy,
    membersByHousehold: new DataLoader<TenantKey<number>, SharedMember[], string>(
      async (keys) => {
        const ids = assertOneTenant(keys, tenantCode);
        const [p, rows] = await Promise.all([loadPolicy(), findSharedMembers(em, tenantCode, ids)]);
        const byHousehold = new Map<number, SharedMemberRow[]>(ids.map((id) => [id, []]));
        for (const m of rows) byHousehold.get(m.householdId)?.push(m);
        return ids.map((id) => p.members(byHousehold.get(id) ?? []));
      },
      { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
    ),
    membersById: new DataLoader<TenantKey<number>, SharedMember | null, string>(
      async (keys) => {
        const ids = assertOneTenant(keys, tenantCode);
        const [p, rows] = await Promise.all([loadPolicy(), findSharedMembersById(em, tenantCode, ids)]);
        const byId = new Map(rows.map((m) => [m.id, m]));
        return ids.map((id) => {
          const m = byId.get(id);
          return m ? p.member(m) : null;
        });
      },
      { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
    ),
  };
}
