import type { MikroORM } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Logger } from '../../logging/logger';
import { startSweepTimer } from '../../queues/sweep-timer';
import { enqueueBatch } from './reconcile-batch.job';
import { batchesToRequeue } from './reconciliation.repository';

/** How often the sweep looks for batches without a live job. @defaultValue 15000 ms */
export const SWEEP_INTERVAL_MS = 15_000;

/**
 * Redis is the queue, PostgreSQL is the truth. A batch QUEUED or RUNNING in the
 * database with no live job (Redis restarted empty, a FLUSHALL) is queued again;
 * its checkpoints make the new job continue where the lost one stopped.
 */
export async function sweepOrphanBatches(orm: MikroORM, queue: Queue, log: Logger): Promise<number> {
  const rows = await batchesToRequeue(orm.em.fork(), 1000);
  let requeued = 0;
  for (const { id } of rows) {
    if ((await enqueueBatch(queue, id)) === 'added') requeued++;
  }
  if (requeued) log.warn({ requeued }, 'batches without a live job were queued again');
  return requeued;
}

/** Runs the sweep on a timer in the worker process. */
export function startBatchSweep(orm: MikroORM, queue: Queue, log: Logger, intervalMs = SWEEP_INTERVAL_MS): () => void {
  return startSweepTimer(() => sweepOrphanBatches(orm, queue, log), intervalMs, log, 'batch sweep');
}
