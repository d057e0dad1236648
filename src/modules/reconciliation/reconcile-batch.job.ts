import type { Queue } from 'bullmq';
import type { OutboxTopic } from '../../queues/outbox.relay';
import type { TracedJobData } from '../../tracing/trace-context';

/** Job name of a batch's reconciliation. */
export const RECONCILE_JOB = 'reconcile-batch';

/** Outbox topic of a batch waiting for the queue (a sealed or retried batch; the lifecycle writes it). */
export const RECONCILE_TOPIC = 'reconcile-batch';

/** Data of a reconciliation job: the batch id (and the queuing request's traceparent); the records stay in PostgreSQL. */
export interface ReconcileBatchData extends TracedJobData {
  batchId: string;
}

/**
 * Puts a batch on the queue with its id as job id, so that the relay, the sweep
 * and a retry can all call this without ever making two live jobs of one batch.
 * A finished job of the same id (a retry, or a stale one) is replaced.
 */
export async function enqueueBatch(queue: Queue, batchId: string, traceparent?: string | null): Promise<'added' | 'live'> {
  const existing = await queue.getJob(batchId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return 'live';
    await existing.remove();
  }
  const data: ReconcileBatchData = traceparent ? { batchId, traceparent } : { batchId };
  await queue.add(RECONCILE_JOB, data, { jobId: batchId });
  return 'added';
}

/** What the outbox relay of the reconciliation queue publishes: each batch's row becomes its job. */
export function reconcileOutbox(queue: Queue): OutboxTopic {
  return { topic: RECONCILE_TOPIC, publish: (batchId, traceParent) => enqueueBatch(queue, batchId, traceParent) };
}
