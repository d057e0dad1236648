import type { Queue } from 'bullmq';
import type { EntityManager } from '@mikro-orm/postgresql';
import { BatchReadsService } from '../sector-batches/batch-reads.service';
import type { SectorBatch } from '../sector-batches/sector-batch.entity';
import { BatchStatus } from '../sector-batches/sector-batch.enums';
import { batchErrors } from '../sector-batches/sector-batches.errors';
import type { BatchLifecycleService } from './batch-lifecycle.service';
import type { ReconciliationJob } from './reconciliation-job.type';

/** LGOP's view of the batches' lifecycle beside their queue jobs, and its two levers on it: retry and cancel. */
export class BatchAdminService {
  private readonly reads: BatchReadsService;

  // Only LGOP reaches it: the resolver's @Authorized(Role.LGOP).
  constructor(
    em: EntityManager,
    private readonly lifecycle: BatchLifecycleService,
    private readonly queue?: Queue,
  ) {
    this.reads = new BatchReadsService(em);
  }

  async list(state: BatchStatus | undefined, first?: number | null, after?: string | null) {
    const page = await this.reads.list(state ? { status: state } : undefined, first, after);
    const edges = await Promise.all(page.edges.map(async (e) => ({ cursor: e.cursor, node: await this.describe(e.node) })));
    return { edges, pageInfo: page.pageInfo };
  }

  /** A FAILED or CANCELLED batch runs again from its last checkpoint. */
  async retry(id: string): Promise<SectorBatch> {
    await this.lifecycle.retry(await this.find(id));
    return (await this.reads.get(id))!;
  }

  /** Stops a batch; a running job stops after the chunk in hand. Completed work is kept. */
  async cancel(id: string): Promise<SectorBatch> {
    await this.lifecycle.cancel(await this.find(id));
    return (await this.reads.get(id))!;
  }

  private async find(id: string): Promise<SectorBatch> {
    const batch = await this.reads.get(id);
    if (!batch) throw batchErrors.BATCH_NOT_FOUND('any');
    return batch;
  }

  private async describe(batch: SectorBatch): Promise<ReconciliationJob> {
    const job = this.queue ? await this.queue.getJob(batch.id).catch(() => undefined) : undefined;
    const jobState = job ? await job.getState() : this.queue ? 'missing' : 'unknown';
    const end = batch.finishedAt ?? new Date();
    const from = batch.queuedAt ?? batch.createdAt;
    const runSeconds = batch.startedAt ? (end.getTime() - batch.startedAt.getTime()) / 1000 : null;
    return {
      batch,
      jobState,
      progress: batch.totalRecords ? batch.processedRecords / batch.totalRecords : batch.status === BatchStatus.COMPLETED ? 1 : 0,
      attempts: batch.attempts,
      // The batch's own record only: BullMQ's failedReason is the raw error (the statement's text, which can hold
      // records) and outlives a later attempt that completed; the worker stores each attempt's reason on the batch.
      failureReason: batch.error ?? null,
      durationSeconds: (end.getTime() - from.getTime()) / 1000,
      recordsPerSecond: runSeconds && runSeconds > 0 ? batch.processedRecords / runSeconds : null,
    };
  }
}
