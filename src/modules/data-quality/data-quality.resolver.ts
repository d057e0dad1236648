import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { DataQualityRun } from './data-quality-run.entity';
import { DataQualityIssueFilter } from './data-quality.inputs';
import { DATA_QUALITY_RULES } from './data-quality.rules';
import { DataQualityService } from './data-quality.service';
import { DataQualityCount, DataQualityIssueConnection, DataQualityRuleInfo } from './data-quality.types';
import { AuditRead } from '../audit/read-audit';
import { FUND_SUPERVISION_RULES } from '../fund-supervision/fund-supervision.rules';
import { IssueKind } from './data-quality.enums';

const service = (ctx: HubContext) => new DataQualityService(ctx.em, ctx.caller, ctx.log, ctx.queues?.dataQuality, ctx.afterCommit);

@Resolver()
export class DataQualityResolver {
  @Authorized(Role.LGOP, Role.PROVINCE)
  @Mutation(() => DataQualityRun, { description: 'Queues a data-quality check of a province (LGOP: any, or all when omitted; a province: its own)' })
  runDataQualityCheck(
    @Ctx() ctx: HubContext,
    @Arg('provinceCode', () => String, { nullable: true }) provinceCode?: string,
    @Arg('changedOnly', () => Boolean, { nullable: true, description: 'Only households changed since the last completed check' }) changedOnly?: boolean,
  ): Promise<DataQualityRun> {
    return service(ctx).requestRun(provinceCode, changedOnly ?? false);
  }

  @Query(() => DataQualityRun, { nullable: true, description: 'A check and its progress (the caller’s own; LGOP: any)' })
  dataQualityRun(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<DataQualityRun | null> {
    return service(ctx).run(id);
  }

  @Query(() => DataQualityIssueConnection, { description: 'Positioned data-quality issues the caller may see, in cursor pages' })
  @AuditRead('dataQualityIssues', (p: DataQualityIssueConnection) => ({
    registryNos: p.edges.map((e) => e.node.registryNo),
    idNumbers: p.edges.map((e) => e.node.idNumber),
  }))
  dataQualityIssues(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => DataQualityIssueFilter, { nullable: true }) filter?: DataQualityIssueFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DataQualityIssueConnection> {
    return service(ctx).issues(filter, first, after);
  }

  @Query(() => [DataQualityCount], { description: 'Open and fixed issues by province, rule and kind' })
  dataQualitySummary(@Ctx() ctx: HubContext, @Arg('provinceCode', () => String, { nullable: true }) provinceCode?: string): Promise<DataQualityCount[]> {
    return service(ctx).summary(provinceCode);
  }

  @Query(() => [DataQualityRuleInfo], { description: 'The rules a check applies, then the FUNDS rules of runFundSupervision' })
  dataQualityRules(): DataQualityRuleInfo[] {
    const funds = FUND_SUPERVISION_RULES.map((r) => ({ ...r, kind: IssueKind.FUNDS }));
    return [...DATA_QUALITY_RULES, ...funds].map(({ code, kind, severity, field, message }) => ({ code, kind, severity, field, message }));
  }
}
