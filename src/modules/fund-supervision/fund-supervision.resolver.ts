import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { DataQualityRun } from '../data-quality/data-quality-run.entity';
import { FundSupervisionService } from './fund-supervision.service';

@Resolver()
export class FundSupervisionResolver {
  @Authorized(Role.LGOP, Role.PROVINCE)
  @Mutation(() => DataQualityRun, {
    description:
      'Queues a fund supervision run (the FUNDS rules) of a province’s projects (LGOP: any, or all when omitted; a province: its own); its issues are dataQualityIssues(kind: FUNDS)',
  })
  runFundSupervision(@Ctx() ctx: HubContext, @Arg('provinceCode', () => String, { nullable: true }) provinceCode?: string): Promise<DataQualityRun> {
    return new FundSupervisionService(ctx.em, ctx.caller, ctx.log, ctx.queues?.fundSupervision, ctx.afterCommit).requestRun(provinceCode);
  }
}
