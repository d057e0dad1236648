import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Role } from '../../auth/roles';
import type { HubContext } from '../../graphql/hub-context';
import { Member } from '../members/member.entity';
import type { MemberRow } from '../members/member.row';
import { memberForCaller } from '../sharing-policies/shared-member.reader';
import { Sector } from '../tenants/tenant.enums';
import { BatchReadsService } from './batch-reads.service';
import { BatchRecord, BatchRecordConnection, BatchRecordOrder } from './batch-record.type';
import type { RecordCheckReport } from './record-check';
import { SectorRecordsCheck } from './record-check.type';
import { SectorBatch } from './sector-batch.entity';
import { MatchOutcome } from './sector-batch.enums';
import { SectorBatchConnection } from './sector-batch.types';
import { SectorBatchFilter, SectorRecordInput } from './sector-batches.inputs';
import { SectorBatchesService } from './sector-batches.service';
import { AuditRead } from '../audit/read-audit';
import { requestLifecycle } from '../batch-lifecycle/batch-lifecycle.context';
import { DEFAULT_UPLOAD_LIMITS } from './upload-limits';

const service = (ctx: HubContext) => new SectorBatchesService(ctx.em, ctx.caller, requestLifecycle(ctx));

@Resolver(() => BatchRecord)
export class SectorBatchesResolver {
  @Authorized(Role.SECTOR_MINISTRY)
  @Mutation(() => SectorBatch, { description: 'Up to 10,000 records inline; durable when it returns, reconciled by the workers' })
  submitSectorBatch(
    @Arg('idempotencyKey') key: string,
    @Arg('sector', () => Sector) sector: Sector,
    @Arg('period') period: string,
    @Arg('records', () => [SectorRecordInput]) records: SectorRecordInput[],
    @Ctx() ctx: HubContext,
  ): Promise<SectorBatch> {
    return service(ctx).submit(key, sector, period, records);
  }

  @Authorized(Role.SECTOR_MINISTRY)
  @Mutation(() => SectorBatch, { description: 'Opens a batch for streamed upload: PUT /batches/{id}/records, then sealSectorBatch' })
  createSectorBatch(
    @Arg('idempotencyKey') key: string,
    @Arg('sector', () => Sector) sector: Sector,
    @Arg('period') period: string,
    @Ctx() ctx: HubContext,
  ): Promise<SectorBatch> {
    return service(ctx).create(key, sector, period);
  }

  // A query: it writes nothing, so a client may send it again at will and a cache or a retry does no harm.
  @Authorized(Role.SECTOR_MINISTRY)
  @Query(() => SectorRecordsCheck, { description: 'Dry run of submitSectorBatch: the records judged as intake would judge them, nothing written' })
  validateSectorRecords(
    @Arg('sector', () => Sector) sector: Sector,
    @Arg('records', () => [SectorRecordInput]) records: SectorRecordInput[],
    @Ctx() ctx: HubContext,
  ): RecordCheckReport {
    return service(ctx).validate(sector, records, ctx.dryRunMaxProblems ?? DEFAULT_UPLOAD_LIMITS.dryRunMaxProblems);
  }

  @Mutation(() => SectorBatch, { description: 'Closes the upload and queues the batch' })
  sealSectorBatch(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<SectorBatch> {
    return service(ctx).seal(id);
  }

  @Query(() => SectorBatch, { nullable: true, description: 'A batch of the caller’s (LGOP: any)' })
  sectorBatch(@Arg('id', () => ID) id: string, @Ctx() ctx: HubContext): Promise<SectorBatch | null> {
    return service(ctx).get(id);
  }

  @Query(() => SectorBatchConnection, { description: 'The caller’s batches (LGOP: all), newest first' })
  sectorBatches(
    @Ctx() ctx: HubContext,
    @Arg('filter', () => SectorBatchFilter, { nullable: true }) filter?: SectorBatchFilter,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<SectorBatchConnection> {
    return new BatchReadsService(ctx.em).list(filter, first, after);
  }

  @Query(() => BatchRecordConnection, { nullable: true, description: 'The records of a batch of the caller’s, in row order' })
  @AuditRead('batchRecords', (p: BatchRecordConnection | null) => ({
    idNumbers: (p?.edges ?? []).filter((e) => e.node.memberId !== null).map((e) => e.node.idNumber),
  }))
  batchRecords(
    @Arg('batchId', () => ID) batchId: string,
    @Ctx() ctx: HubContext,
    @Arg('outcome', () => MatchOutcome, { nullable: true }) outcome?: MatchOutcome,
    @Arg('first', () => Int, { nullable: true }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => BatchRecordOrder, { nullable: true, description: 'Row order unless MATCH_SCORE' }) orderBy?: BatchRecordOrder,
  ): Promise<BatchRecordConnection | null> {
    return new BatchReadsService(ctx.em).records(batchId, outcome, first, after, orderBy ?? BatchRecordOrder.ROW_NO);
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The matched member, or the PROBABLE candidate' })
  member(@Root() r: BatchRecord, @Ctx() ctx: HubContext): Promise<MemberRow | null> | null {
    return r.memberId ? memberForCaller(ctx, r.memberId) : null;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'For an ID whose check character alone is wrong: the member it most likely means' })
  suggestion(@Root() r: BatchRecord, @Ctx() ctx: HubContext): Promise<MemberRow | null> | null {
    return r.suggestionMemberId ? memberForCaller(ctx, r.suggestionMemberId) : null;
  }
}
