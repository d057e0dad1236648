import type { EntityManager } from '@mikro-orm/postgresql';
import { createEventsLoader } from '../modules/households/household-event.loader';
import { createMembersByIdLoader, createMembersLoader } from '../modules/members/member.loader';
import { createSharingLoaders } from '../modules/sharing-policies/sharing.loaders';

/** Per-request DataLoaders: one SQL statement per relation per request, whatever the page size. */
export function createLoaders(em: EntityManager, tenantCode: string) {
  return {
    membersByHousehold: createMembersLoader(em, tenantCode),
    eventsByHousehold: createEventsLoader(em, tenantCode),
    batchMembersById: createMembersByIdLoader(em, tenantCode),
    /** Reads of ministries, cut by their data-sharing policy. */
    sharing: createSharingLoaders(em, tenantCode),
  };
}

export type HubLoaders = ReturnType<typeof createLoaders>;
