import type { EntityManager } from '@mikro-orm/postgresql';
import type { Client } from 'pg';
import { insertOutbox } from '../../queues/outbox.repository';
import { ProgressTopic } from '../../queues/progress-channels';
import type { ProgressSignal } from '../../queues/progress.publisher';
import { appendAudit } from '../audit/audit.repository';
import { RECONCILE_TOPIC } from '../reconciliation/reconcile-batch.job';
import type { BatchStatus } from '../sector-batches/sector-batch.enums';
import { batchErrors } from '../sector-batches/sector-batches.errors';
import type { Sector } from '../tenants/tenant.enums';
import { emitBatchEvent } from '../webhooks/webhook-events.repository';
import {
  type ChunkProgress,
  type ReceivingRow,
  currentStatus,
  insertBatch,
  lockForUpload,
  markCancelled,
  markCompleted,
  markFailed,
  markRetried,
  markSealed,
  markStarted,
  moveCheckpoint,
  noteAttemptFailed,
  recordReceived,
} from './batch-lifecycle.repository';
import { BATCH_TRANSITIONS, BatchTransition, initialStatus, judge } from './batch-lifecycle.rules';

export type { ChunkProgress, ReceivingRow };

/** Something that publishes the outbox now (the relay), so a queued batch need not wait for its timer. */
export interface OutboxKick {
  kick(): unknown;
}

/** Who asks, for the audit rows. */
export interface BatchActor {
  tenantCode: string;
  requestId: string | null;
}

/** What happens around a transition, outside the database. */
export interface LifecycleHooks {
  /**
   * Defers work until the caller's transaction has committed (a GraphQL
   * request's `afterCommit`). Without it the work runs as soon as the
   * transition's own transaction has, which is then the outermost one.
   */
  afterCommit?: (task: () => Promise<void>) => void;
  /** Kicked once a transition that queues has committed. */
  relay?: OutboxKick;
  /** The reconciliation queue, whose job a cancelled batch loses. */
  queue?: { remove(jobId: string): Promise<unknown> };
  /** Live subscribers of the batch, told once a transition has committed. */
  progress?: ProgressSignal;
}

/** A batch to be created. */
export interface NewBatch {
  sector: Sector;
  period: string;
  /** Records it comes with. */
  totalRecords: number;
  /** True when it comes with all of them (`submitSectorBatch`): it is created sealed. */
  withAllRecords: boolean;
}

/** The API operation each caller-initiated transition is audited under. */
const OPERATION: Partial<Record<BatchTransition, string>> = {
  [BatchTransition.SEAL]: 'sealSectorBatch',
  [BatchTransition.RETRY]: 'retryBatch',
  [BatchTransition.CANCEL]: 'cancelBatch',
};

const WRITE: Partial<Record<BatchTransition, (tem: EntityManager, id: string) => Promise<boolean>>> = {
  [BatchTransition.SEAL]: markSealed,
  [BatchTransition.RETRY]: markRetried,
  [BatchTransition.CANCEL]: markCancelled,
};

const wrongStatus = batchErrors.WRONG_STATUS;

/**
 * The owner of a batch's status: creation and the transitions a caller asks
 * for (seal, retry, cancel). Each writes the status, the outbox row when it
 * queues the batch, and its audit row in one transaction, and refuses a batch
 * in a state the rules do not accept (BAD_USER_INPUT on `id`, reason
 * WRONG_STATUS). The relay is kicked only after the commit, when the outbox
 * row is visible to it. Who may ask (the batch's owner, LGOP) is the caller's
 * check; the worker's transitions are the functions below the class.
 */
export class BatchLifecycleService {
  constructor(
    private readonly em: EntityManager,
    private readonly actor: BatchActor,
    private readonly hooks: LifecycleHooks = {},
  ) {}

  /** Creates a batch in `tem` (the caller's transaction, e.g. its idempotency claim), with its outbox and audit rows. */
  async create(tem: EntityManager, batch: NewBatch, operation: string): Promise<string> {
    const status = initialStatus(batch.withAllRecords);
    const id = await insertBatch(tem, {
      tenantCode: this.actor.tenantCode,
      sector: batch.sector,
      period: batch.period,
      status,
      totalRecords: batch.totalRecords,
    });
    // Born with all its records, the batch is born sealed: queued in the same transaction.
    await this.record(tem, id, operation, batch.withAllRecords);
    if (batch.withAllRecords) this.kickAfterCommit();
    return id;
  }

  /** Closes intake and queues the batch; sealing a sealed batch changes nothing. True when it changed. */
  seal(batch: { id: string; status: BatchStatus }): Promise<boolean> {
    return this.apply(BatchTransition.SEAL, batch);
  }

  /** A FAILED or CANCELLED batch runs again from its last checkpoint. */
  retry(batch: { id: string; status: BatchStatus }): Promise<boolean> {
    return this.apply(BatchTransition.RETRY, batch);
  }

  /** Stops a batch; a running job stops after the chunk in hand, a waiting one leaves the queue. Completed work is kept. */
  async cancel(batch: { id: string; status: BatchStatus }): Promise<boolean> {
    const changed = await this.apply(BatchTransition.CANCEL, batch);
    const queue = this.hooks.queue;
    if (changed && queue) this.afterCommit(async () => void (await queue.remove(batch.id).catch(() => undefined)));
    return changed;
  }

  private async apply(transition: BatchTransition, batch: { id: string; status: BatchStatus }): Promise<boolean> {
    const verdict = judge(transition, batch.status);
    if (verdict.kind === 'done') return false;
    if (verdict.kind === 'refused') throw wrongStatus(verdict.message);
    const rule = BATCH_TRANSITIONS[transition];
    const changed = await this.em.transactional(async (tem) => {
      if (!(await WRITE[transition]!(tem, batch.id))) {
        // Another request changed the batch since it was read: judge it again as it is now.
        const now = await currentStatus(tem, batch.id);
        const again = now && judge(transition, now);
        if (again && again.kind === 'done') return false;
        throw wrongStatus(again && again.kind === 'refused' ? again.message : 'The batch changed meanwhile; read it again');
      }
      await this.record(tem, batch.id, OPERATION[transition]!, rule.queues);
      return true;
    });
    if (changed && rule.queues) this.kickAfterCommit();
    const progress = this.hooks.progress;
    if (changed && progress) this.afterCommit(async () => progress.ended(ProgressTopic.BATCH, batch.id));
    return changed;
  }

  /** What every caller's change of a batch writes beside its status: the outbox row when it queues, and the audit row. */
  private async record(tem: EntityManager, batchId: string, operation: string, queues: boolean): Promise<void> {
    if (queues) await insertOutbox(tem, RECONCILE_TOPIC, batchId);
    await appendAudit(tem, { tenantCode: this.actor.tenantCode, operation, requestId: this.actor.requestId, detail: { batchId } });
  }

  private kickAfterCommit(): void {
    const relay = this.hooks.relay;
    // Not awaited: the answer does not wait for Redis; the relay logs its own failures and its timer retries.
    if (relay) this.afterCommit(async () => void relay.kick());
  }

  private afterCommit(task: () => Promise<void>): void {
    if (this.hooks.afterCommit) this.hooks.afterCommit(task);
    else void task();
  }
}

/*
 * The worker's transitions: one statement each, as cheap as before the
 * lifecycle had an owner. `checkpoint` and `complete` run in the chunk's
 * transaction, under its lock on the batch row.
 */

/** start: RUNNING (again), one more attempt; null when the batch is finished or cancelled. */
export function startRun(em: EntityManager, batchId: string): Promise<{ totalRecords: number } | null> {
  return markStarted(em, batchId);
}

/** checkpoint, unless the batch left RUNNING meanwhile (cancelled while the chunk was in hand): false then, and the caller rolls the chunk back. */
export function checkpointIfRunning(tem: EntityManager, batchId: string, progress: ChunkProgress): Promise<boolean> {
  return moveCheckpoint(tem, batchId, progress);
}

/** complete: in the last chunk's transaction. */
export async function completeRun(tem: EntityManager, batchId: string): Promise<void> {
  if (!(await markCompleted(tem, batchId))) throw new Error(`batch ${batchId} is no longer RUNNING; it is not completed`);
  await emitBatchEvent(tem, 'batch.completed', batchId);
}

/** fail: after the job's last attempt; a batch no longer RUNNING (cancelled meanwhile) is left as it is. */
export function failRun(em: EntityManager, batchId: string, reason: string): Promise<boolean> {
  return em.transactional(async (tem) => {
    const failed = await markFailed(tem, batchId, reason);
    if (failed) await emitBatchEvent(tem, 'batch.failed', batchId);
    return failed;
  });
}

/** An attempt failed and will be retried: LGOP sees why meanwhile (the batch's status stays as it is). */
export function noteFailedAttempt(em: EntityManager, batchId: string, reason: string): Promise<boolean> {
  return noteAttemptFailed(em, batchId, reason);
}

/*
 * receive: an upload appends records to a RECEIVING batch on its own
 * connection (COPY), holding the row's lock from `beginReceive` to its commit.
 */

/** Locks the batch row for the upload; null when there is no such batch. The caller refuses one the rules do not let receive. */
export function beginReceive(client: Client, batchId: string): Promise<ReceivingRow | null> {
  return lockForUpload(client, batchId);
}

/** The batch's record count after the upload, in the upload's transaction. */
export async function finishReceive(client: Client, batchId: string, totalRecords: number): Promise<void> {
  if (!(await recordReceived(client, batchId, totalRecords))) throw new Error(`batch ${batchId} stopped RECEIVING during its upload`);
}
