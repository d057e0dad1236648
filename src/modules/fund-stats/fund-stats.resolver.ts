import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { FundDimension } from './fund-stats.enums';
import { FundStatsFilter } from './fund-stats.inputs';
import { FundStatsService } from './fund-stats.service';
import { FundStatsRow } from './fund-stats.types';

@Resolver()
export class FundStatsResolver {
  @Authorized(Role.LGOP, Role.PROVINCE, Role.MINISTRY)
  @Query(() => [FundStatsRow], {
    description:
      'Budget, allocated, disbursed, disbursement rate, projects and households benefited of the caller’s projects, grouped (LGOP all, a province its own, a ministry its sector’s project types)',
  })
  fundStats(
    @Arg('groupBy', () => [FundDimension]) groupBy: FundDimension[],
    @Ctx() ctx: HubContext,
    @Arg('filter', () => FundStatsFilter, { nullable: true }) filter?: FundStatsFilter,
  ): Promise<FundStatsRow[]> {
    return new FundStatsService(ctx.em, ctx.caller).stats(groupBy, filter);
  }
}
