import { DriverException, type MikroORM } from '@mikro-orm/postgresql';
import { DelayedError, type Job } from 'bullmq';
import { DatabaseError } from 'pg';
import type { Logger } from '../../logging/logger';
import { failRun } from '../batch-lifecycle/batch-lifecycle.service';
import type { ReconcileBatchData } from './reconcile-batch.job';
import { ReconciliationRunner, type RunEnd } from './reconciliation.runner';

/** Options of the reconciliation processor. */
export interface ReconcileProcessorOptions {
  /** Records per committed chunk. @defaultValue 20000 */
  chunkSize?: number;
  /** Connections one batch's exact-match pass uses at once. @defaultValue 2 */
  exactConnections?: number;
  /** True once the worker is stopping: the job hands itself back after the chunk in hand. */
  stopping: () => boolean;
}

/**
 * The BullMQ processor of the reconciliation queue. Delivery is at least once;
 * the runner's checkpoints make a second delivery continue, not repeat. On its
 * last attempt a failing batch is marked FAILED with the reason, so nothing
 * retries forever.
 */
export function createReconcileProcessor(orm: MikroORM, log: Logger, opts: ReconcileProcessorOptions) {
  const runner = new ReconciliationRunner(orm, log);
  return async (job: Job<ReconcileBatchData>, token?: string): Promise<{ end: RunEnd }> => {
    const { batchId } = job.data;
    try {
      const end = await runner.run(batchId, {
        chunkSize: opts.chunkSize,
        exactConnections: opts.exactConnections,
        shouldStop: opts.stopping,
        onProgress: (processed, total) => job.updateProgress(total ? Math.floor((processed / total) * 100) : 100),
      });
      if (end === 'stopped') {
        // Back to the queue at once: another worker (or this one restarted) continues from the checkpoint.
        await job.moveToDelayed(Date.now(), token);
        throw new DelayedError();
      }
      return { end };
    } catch (err) {
      if (err instanceof DelayedError) throw err;
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) await markFailed(orm, batchId, err as Error);
      log.error({ batchId, attempt: job.attemptsMade + 1, err }, 'reconciliation attempt failed');
      throw err;
    }
  };
}

async function markFailed(orm: MikroORM, batchId: string, err: Error): Promise<void> {
  const reason = `reconciliation failed: ${failureText(err)}`.slice(0, 1000);
  await failRun(orm.em.fork(), batchId, reason);
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
