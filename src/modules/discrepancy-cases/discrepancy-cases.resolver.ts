import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { DiscrepancyDimension, DiscrepancyResolution, DismissalReason } from './discrepancy-case.enums';
import { Discrepancy, DiscrepancyConnection, DiscrepancySummaryRow } from './discrepancy-case.type';
import { DiscrepancyFilter } from './discrepancy-cases.inputs';
import { DiscrepancyCasesService } from './discrepancy-cases.service';
import { AuditRead } from '../audit/read-audit';

const service = (ctx: HubContext) => new DiscrepancyCasesService(ctx.em, ctx.caller, ctx.loaders.sharing.policy, ctx.requestId);

@Resolver(() => Discrepancy)
export class DiscrepancyCasesResolver {
  @Query(() => DiscrepancyConnection, { description: 'Discrepancy cases: a province those of its households, a ministry those its batches raised, LGOP all' })
  @AuditRead('discrepancies', (p: DiscrepancyConnection) => ({
    registryNos: p.edges.map((e) => e.node.registryNo),
    idNumbers: p.edges.map((e) => e.node.idNumber),
  }))
  discrepancies(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => DiscrepancyFilter, { nullable: true }) filter?: DiscrepancyFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<DiscrepancyConnection> {
    return service(ctx).list(filter, first, after);
  }

  @Query(() => [DiscrepancySummaryRow], { description: 'Cases counted by the chosen dimensions, with the median days to resolve' })
  discrepancySummary(@Ctx() ctx: HubContext, @Arg('groupBy', () => [DiscrepancyDimension]) groupBy: DiscrepancyDimension[]): Promise<DiscrepancySummaryRow[]> {
    return service(ctx).summary(groupBy);
  }

  @Authorized(Role.PROVINCE)
  @Mutation(() => Discrepancy, {
    description: 'The owning province resolves a case; DISMISSED needs a dismissalReason and a note; CORRECTED links the household’s latest change',
  })
  resolveDiscrepancy(
    @Arg('id', () => ID) id: string,
    @Arg('resolution', () => DiscrepancyResolution) resolution: DiscrepancyResolution,
    @Ctx() ctx: HubContext,
    @Arg('note', () => String, { nullable: true }) note?: string,
    @Arg('dismissalReason', () => DismissalReason, { nullable: true }) dismissalReason?: DismissalReason,
  ): Promise<Discrepancy> {
    return service(ctx).resolve({ id, resolution, note, dismissalReason });
  }
}
