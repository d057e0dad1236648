import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../auth/caller';
import { RECONCILE_TOPIC } from '../../queues/outbox.relay';
import type { HubQueues } from '../../queues/hub-queues';
import { appendAudit } from '../audit/audit.repository';
import { BatchReadsService } from '../sector-batches/batch-reads.service';
import type { SectorBatch } from '../sector-batches/sector-batch.entity';
import { BatchStatus } from '../sector-batches/sector-batch.enums';
import { batchErrors } from '../sector-batches/sector-batches.errors';
import { SectorBatchesService } from '../sector-batches/sector-batches.service';
import { insertOutbox } from '../sector-batches/sector-records.repository';
import type { ReconciliationJob } from './reconciliation-job.type';

/** LGOP's view and levers on the reconciliation jobs. */
export class ReconciliationAdminService {
  private readonly batches: SectorBatchesService;

  constructor(private readonly em: EntityManager, private readonly caller: Caller, private readonly requestId: string, private readonly queues?: HubQueues) {
    this.batches = new SectorBatchesService(em, caller, requestId, queues?.relay);
  }

  async list(state: BatchStatus | undefined, first?: number | null, after?: string | null) {
    const page = await new BatchReadsService(this.em, this.batches).list(state ? { status: state } : undefined, first, after);
    const edges = await Promise.all(page.edges.map(async (e) => ({ cursor: e.cursor, node: await this.describe(e.node) })));
    return { edges, pageInfo: page.pageInfo };
  }

  /** A FAILED or CANCELLED batch runs again from its last checkpoint. */
  async retry(id: string): Promise<SectorBatch> {
    return this.transition(id, [BatchStatus.FAILED, BatchStatus.CANCELLED], 'retryBatch', `status = 'QUEUED', error = null, finished_at = null, queued_at = now()`, true);
  }

  /** Stops a batch; a running job stops after the chunk in hand. Completed work is kept. */
  async cancel(id: string): Promise<SectorBatch> {
    const batch = await this.transition(id, [BatchStatus.RECEIVING, BatchStatus.QUEUED, BatchStatus.RUNNING], 'cancelBatch', `status = 'CANCELLED', finished_at = now()`, false);
    await this.queues?.reconciliation.remove(id).catch(() => undefined);
    return batch;
  }

  private async transition(id: string, from: BatchStatus[], operation: string, set: string, queue: boolean): Promise<SectorBatch> {
    const batch = await this.batches.get(id);
    if (!batch) throw batchErrors.BATCH_NOT_FOUND('any');
    if (!from.includes(batch.status)) throw batchErrors.WRONG_STATUS({ status: batch.status, operation });
    await this.em.transactional(async (tem) => {
      const placeholders = from.map(() => '?').join(', ');
      const rows = await tem.execute(`update sector_batches set ${set}, updated_at = now() where id = ?::uuid and status in (${placeholders}) returning id`, [id, ...from]);
      if (!rows.length) throw batchErrors.WRONG_STATUS('CHANGED_MEANWHILE');
      if (queue) await insertOutbox(tem, id, RECONCILE_TOPIC);
      await appendAudit(tem, { tenantCode: this.caller.tenant.code, operation, requestId: this.requestId, detail: { batchId: id } });
    });
    if (queue) this.queues?.relay.kick();
    return (await this.batches.get(id))!;
  }

  private async describe(batch: SectorBatch): Promise<ReconciliationJob> {
    const job = this.queues ? await this.queues.reconciliation.getJob(batch.id).catch(() => undefined) : undefined;
    const jobState = job ? await job.getState() : this.queues ? 'missing' : 'unknown';
    const end = batch.finishedAt ?? new Date();
    const from = batch.queuedAt ?? batch.createdAt;
    const runSeconds = batch.startedAt ? (end.getTime() - batch.startedAt.getTime()) / 1000 : null;
    return {
      batch,
      jobState,
      progress: batch.totalRecords ? batch.processedRecords / batch.totalRecords : batch.status === BatchStatus.COMPLETED ? 1 : 0,
      attempts: batch.attempts,
      failureReason: batch.error ?? job?.failedReason ?? null,
      durationSeconds: (end.getTime() - from.getTime()) / 1000,
      recordsPerSecond: runSeconds && runSeconds > 0 ? batch.processedRecords / runSeconds : null,
    };
  }
}
