import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { type TenantKey, assertOneTenant, tenantCacheKey } from '../../graphql/tenant-key';
import { HouseholdEvent } from './household-event.entity';

/** Histories of many households in one statement, each oldest first, in key order. */
export function createEventsLoader(em: EntityManager, tenantCode: string) {
  return new DataLoader<TenantKey<number>, HouseholdEvent[], string>(
    async (keys) => {
      const ids = assertOneTenant(keys, tenantCode);
      const rows = await em.find(HouseholdEvent, { household: { $in: ids } }, { orderBy: { id: 'asc' } });
      const byHousehold = new Map<number, HouseholdEvent[]>(ids.map((id) => [id, []]));
      for (const e of rows) byHousehold.get(e.household.id)?.push(e);
      return ids.map((id) => byHousehold.get(id) ?? []);
    },
    { cacheKeyFn: tenantCacheKey, maxBatchSize: 1000 },
  );
}
