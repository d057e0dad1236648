import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { SectorBatch } from '../sector-batches/sector-batch.entity';
import { BatchStatus } from '../sector-batches/sector-batch.enums';
import { BatchAdminService } from './batch-admin.service';
import { requestLifecycle } from './batch-lifecycle.context';
import { ReconciliationJobConnection } from './reconciliation-job.type';

const admin = (ctx: HubContext) => new BatchAdminService(ctx.em, requestLifecycle(ctx), ctx.queues?.reconciliation);

/** LGOP's administration of the batch lifecycle (the contract's reconciliationJobs, retryBatch, cancelBatch). */
@Resolver()
export class BatchLifecycleResolver {
  @Authorized(Role.LGOP)
  @Query(() => ReconciliationJobConnection, { description: 'LGOP: every batch with its job state, progress, attempts, failure and timings' })
  reconciliationJobs(
    @Ctx() ctx: HubContext,
    @Arg('state', () => BatchStatus, { nullable: true }) state?: BatchStatus,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ReconciliationJobConnection> {
    return admin(ctx).list(state, first, after);
  }

  @Authorized(Role.LGOP)
  @Mutation(() => SectorBatch, { description: 'LGOP: runs a FAILED or CANCELLED batch again from its last checkpoint' })
  retryBatch(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<SectorBatch> {
    return admin(ctx).retry(id);
  }

  @Authorized(Role.LGOP)
  @Mutation(() => SectorBatch, { description: 'LGOP: stops a batch (a running one after the chunk in hand)' })
  cancelBatch(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<SectorBatch> {
    return admin(ctx).cancel(id);
  }
}
