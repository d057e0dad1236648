import { DateResolver } from 'graphql-scalars';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { AnnualReportService } from './annual-report.service';
import { StatDimension } from './registry-stats.enums';
import { RegistryStatsFilter } from './registry-stats.inputs';
import { RegistryStatsService } from './registry-stats.service';
import { AnnualReport, StatRow } from './registry-stats.types';

@Resolver()
export class RegistryStatsResolver {
  @Authorized(Role.LGOP, Role.PROVINCE)
  @Query(() => [StatRow], { description: 'Households and people of the caller’s registry, grouped; with asOf, as the registry stood on that day' })
  registryStats(
    @Arg('groupBy', () => [StatDimension]) groupBy: StatDimension[],
    @Ctx() ctx: HubContext,
    @Arg('filter', () => RegistryStatsFilter, { nullable: true }) filter?: RegistryStatsFilter,
    @Arg('asOf', () => DateResolver, { nullable: true, description: 'The day to answer for, from the household history' }) asOf?: Date,
  ): Promise<StatRow[]> {
    return new RegistryStatsService(ctx.em, ctx.caller).stats(groupBy, filter, asOf);
  }

  @Authorized(Role.LGOP, Role.PROVINCE)
  @Query(() => AnnualReport, {
    description: 'The annual dynamic-management report: exits, returns, new identifications, members added and removed, by province',
  })
  annualReport(
    @Arg('year', () => Int) year: number,
    @Ctx() ctx: HubContext,
    @Arg('provinceCode', () => String, { nullable: true }) provinceCode?: string,
  ): Promise<AnnualReport> {
    return new AnnualReportService(ctx.em, ctx.caller).report(year, provinceCode);
  }
}
