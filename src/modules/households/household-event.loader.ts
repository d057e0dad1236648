import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { boundScope } from '../../db/tenant-scope';
import { type TenantKey, assertOneTenant, tenantCacheKey } from '../../graphql/tenant-key';
import type { HouseholdEventRow } from './household-event.row';
import { findHouseholdEvents } from './household-events.repository';

/** Histories of many households in one statement (plain rows), each oldest first, in key order. */
export function createEventsLoader(em: EntityManager, tenantCode: string) {
  return new DataLoader<TenantKey<number>, HouseholdEventRow[], string>(
    async (keys) => {
      const ids = assertOneTenant(keys, tenantCode);
      const rows = await findHouseholdEvents(em, boundScope(em), ids);
      const byHousehold = new Map<number, HouseholdEventRow[]>(ids.map((id) => [id, []]));
      for (const e of rows) byHousehold.get(e.householdId)?.push(e);
      return ids.map((id) => byHousehold.get(id) ?? []);
    },
    { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
  );
}
