import type { EntityManager } from '@mikro-orm/postgresql';
import type DataLoader from 'dataloader';
import type { HouseholdEventRow } from '../modules/households/household-event.row';
import { createEventsLoader } from '../modules/households/household-event.loader';
import { createMembersByIdLoader, createMembersLoader } from '../modules/members/member.loader';
import type { MemberRow } from '../modules/members/member.row';
import { createSharingLoaders, type SharingLoaders } from '../modules/sharing-policies/sharing.loaders';
import type { TenantKey } from './tenant-key';

/**
 * Per-request DataLoaders: one SQL statement per relation per request, whatever the page size.
 * Declared rather than inferred from createLoaders, so that the request context depends on
 * these shapes only and never on the modules that build them.
 */
export interface HubLoaders {
  membersByHousehold: DataLoader<TenantKey<number>, MemberRow[], string>;
  eventsByHousehold: DataLoader<TenantKey<number>, HouseholdEventRow[], string>;
  batchMembersById: DataLoader<TenantKey<number>, MemberRow | null, string>;
  /** Reads of ministries, cut by their data-sharing policy. */
  sharing: SharingLoaders;
}

export function createLoaders(em: EntityManager, tenantCode: string): HubLoaders {
  return {
    membersByHousehold: createMembersLoader(em, tenantCode),
    eventsByHousehold: createEventsLoader(em, tenantCode),
    batchMembersById: createMembersByIdLoader(em, tenantCode),
    sharing: createSharingLoaders(em, tenantCode),
  };
}
