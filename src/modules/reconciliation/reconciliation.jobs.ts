import { DriverException, type MikroORM } from '@mikro-orm/postgresql';
import { DelayedError, type Job } from 'bullmq';
import { DatabaseError } from 'pg';
import type { Logger } from '../../logging/logger';
import { ProgressTopic } from '../../queues/progress-channels';
import { NO_PROGRESS_SIGNAL, type ProgressSignal } from '../../queues/progress.publisher';
import { failRun, noteFailedAttempt } from '../batch-lifecycle/batch-lifecycle.service';
import type { ReconcileBatchData } from './reconcile-batch.job';
import { ReconciliationRunner, type RunEnd } from './reconciliation.runner';

/** Options of the reconciliation processor. */
export interface ReconcileProcessorOptions {
  /** Records per committed chunk. @defaultValue 20000 */
  chunkSize?: number;
  /** Connections one batch's exact-match pass uses at once. @defaultValue 2 */
  exactConnections?: number;
  /** The score a PROBABLE candidate needs, in (0, 1). */
  probableThreshold?: number;
  /** True once the worker is stopping: the job hands itself back after the chunk in hand. */
  stopping: () => boolean;
  /** Tells live subscribers the batch changed (throttled) or ended (at once). */
  progress?: ProgressSignal;
}

/**
 * The BullMQ processor of the reconciliation queue. Delivery is at least once;
 * the runner's checkpoints make a second delivery continue, not repeat. A
 * failed attempt that will be retried leaves its reason on the batch (shown by
 * reconciliationJobs until the batch completes); on its last attempt a failing
 * batch is marked FAILED with the reason, so nothing retries forever.
 */
export function createReconcileProcessor(orm: MikroORM, log: Logger, opts: ReconcileProcessorOptions) {
  const runner = new ReconciliationRunner(orm, log);
  const signal = opts.progress ?? NO_PROGRESS_SIGNAL;
  return async (job: Job<ReconcileBatchData>, token?: string): Promise<{ end: RunEnd }> => {
    const { batchId } = job.data;
    const changed = () => signal.changed(ProgressTopic.BATCH, batchId);
    try {
      const end = await runner.run(batchId, {
        chunkSize: opts.chunkSize,
        exactConnections: opts.exactConnections,
        probableThreshold: opts.probableThreshold,
        shouldStop: opts.stopping,
        onStarted: changed,
        onProgress: (processed, total) => {
          changed();
          return job.updateProgress(total ? Math.floor((processed / total) * 100) : 100);
        },
      });
      if (end === 'stopped') {
        // Back to the queue at once: another worker (or this one restarted) continues from the checkpoint.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      // Completed, cancelled or left alone: whatever the row says now, no subscriber waits for the throttle.
      signal.ended(ProgressTopic.BATCH, batchId);
      return { end };
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      const attempt = job.attemptsMade + 1;
      if (attempt >= (job.opts.attempts ?? 1)) await markFailed(orm, batchId, err as Error);
      else await noteRetry(orm, batchId, attempt, err as Error).catch((e: unknown) => log.warn({ batchId, err: e }, 'could not note the failed attempt'));
      signal.ended(ProgressTopic.BATCH, batchId);
      log.error({ batchId, attempt, err }, 'reconciliation attempt failed');
      throw err;
    }
  };
}

async function markFailed(orm: MikroORM, batchId: string, err: Error): Promise<void> {
  const reason = `reconciliation failed: ${failureText(err)}`.slice(0, 1000);
  await failRun(orm.em.fork(), batchId, reason);
}

/** A failed attempt BullMQ will retry: the batch stays as it is, with the reason shown until it completes. */
async function noteRetry(orm: MikroORM, batchId: string, attempt: number, err: Error): Promise<void> {
  const reason = `attempt ${attempt} failed: ${failureText(err)}; retrying`.slice(0, 1000);
  await noteFailedAttempt(orm.em.fork(), batchId, reason);
}

/**
 * The reason stored on the batch and shown to LGOP. A database error's message
 * starts with the statement that failed (MikroORM's and knex's alike: `runSql`
 * errors are pg's own, prefixed by knex), whose literals can hold sector
 * records (ID numbers, names); only PostgreSQL's own text and SQLSTATE are kept.
 */
export function failureText(err: Error): string {
  if (!(err instanceof DriverException) && !(err instanceof DatabaseError)) return err.message;
  const own = err.message.slice(err.message.lastIndexOf(' - ') + 3);
  return `database error ${err.code ?? 'unknown'}: ${own}`;
}
