import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import type { StatDimension } from './registry-stats.enums';
import { statsErrors } from './registry-stats.errors';
import type { RegistryStatsFilter } from './registry-stats.inputs';
import { registryStats } from './registry-stats.repository';
import type { StatRow } from './registry-stats.types';

/**
 * Households and people of the registry, grouped, in one statement (see
 * `registryStats`): current, or as of a day.
 */
export class RegistryStatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
  ) {}

  async stats(groupBy: StatDimension[], filter: RegistryStatsFilter | undefined, asOf: Date | undefined | null): Promise<StatRow[]> {
    if (new Set(groupBy).size !== groupBy.length) throw statsErrors.DUPLICATE_DIMENSION();
    const day = asOf ? asOf.toISOString().slice(0, 10) : null;
    return registryStats(this.em, { scope: this.caller.scope, groupBy, filter, day });
  }
}
