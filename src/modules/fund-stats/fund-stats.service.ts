import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import type { FundDimension } from './fund-stats.enums';
import { fundStatsErrors } from './fund-stats.errors';
import type { FundStatsFilter } from './fund-stats.inputs';
import { fundStats } from './fund-stats.repository';
import { fundScopeOf, normaliseDimensions } from './fund-stats.rules';
import type { FundStatsRow } from './fund-stats.types';

/** Fund figures of the caller's projects, grouped, in one statement (see `fundStats`). */
export class FundStatsService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
  ) {}

  async stats(groupBy: FundDimension[], filter: FundStatsFilter | undefined): Promise<FundStatsRow[]> {
    const dims = normaliseDimensions(groupBy);
    if (!dims) throw fundStatsErrors.DUPLICATE_DIMENSION();
    return fundStats(this.em, { scope: fundScopeOf(this.caller), groupBy: dims, filter });
  }
}
