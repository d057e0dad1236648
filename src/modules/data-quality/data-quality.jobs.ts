import type { MikroORM } from '@mikro-orm/postgresql';
import type { Job, Queue } from 'bullmq';
import type { Logger } from '../../logging/logger';
import { ProgressTopic } from '../../queues/progress-channels';
import type { ProgressSignal } from '../../queues/progress.publisher';
import { failureText } from '../reconciliation/reconciliation.jobs';
import { RunMode } from './data-quality.enums';
import type { DataQualityRule } from './data-quality.rule';
import { DATA_QUALITY_RULES } from './data-quality.rules';
import { createRun, markRunFailed } from './data-quality.repository';
import { DataQualityRunner, type RunEnd } from './data-quality.runner';
import type { JobSchedule } from '../../queues/job-schedule';

/** Job names of the data-quality queue. */
export enum DataQualityJob {
  /** A run already recorded (on demand); the job id is the run id. */
  CHECK = 'check',
  /** A scheduled check: the processor records the run itself, as LGOP, over the whole registry. */
  SCHEDULED_CHECK = 'scheduled-check',
}

/** Job data: ids and a mode only, never registry content. */
export type DataQualityJobData = { runId: string } | { mode: RunMode };

/** When scheduled checks run (cron with seconds): changed households hourly, everything nightly. */
export const DATA_QUALITY_SCHEDULES: ReadonlyArray<JobSchedule<{ mode: RunMode }>> = [
  { id: 'data-quality-changed', name: DataQualityJob.SCHEDULED_CHECK, pattern: '0 20 * * * *', data: { mode: RunMode.CHANGED } },
  { id: 'data-quality-full', name: DataQualityJob.SCHEDULED_CHECK, pattern: '0 0 3 * * *', data: { mode: RunMode.FULL } },
];

/** Options of the data-quality processor. */
export interface DataQualityProcessorOptions {
  /** The rules to apply. @defaultValue every rule of `DATA_QUALITY_RULES` */
  rules?: readonly DataQualityRule[];
  /** The day ages refer to (`YYYY-MM-DD`). @defaultValue today */
  referenceDate?: string;
  /** Tells live subscribers a run changed or ended. */
  progress?: ProgressSignal;
}

export { createRun };

/** Puts a recorded run on the queue, its id as job id (a second add of the same run is a no-op). */
export async function enqueueRun(queue: Queue, runId: string): Promise<void> {
  await queue.add(DataQualityJob.CHECK, { runId } satisfies DataQualityJobData, { jobId: runId });
}

/**
 * The BullMQ processor of the data-quality queue. Delivery is at least once:
 * a redelivered run continues after the rules it already committed. On its
 * last attempt a run that keeps failing is marked FAILED with the reason.
 */
export function createDataQualityProcessor(orm: MikroORM, log: Logger, opts: DataQualityProcessorOptions = {}) {
  const runner = new DataQualityRunner(orm, log, { rules: opts.rules ?? DATA_QUALITY_RULES, referenceDate: opts.referenceDate, progress: opts.progress });
  return async (job: Job<DataQualityJobData>): Promise<{ runId: string; end: RunEnd }> => {
    const runId = 'runId' in job.data ? job.data.runId : await createRun(orm.em.fork(), 'LGOP', null, job.data.mode);
    try {
      const end = await runner.run(runId);
      log.info({ runId, end }, 'data-quality run finished');
      return { runId, end };
    } catch (err) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // A scheduled run has no job of its own to retry it: it is failed at once.
      if (last || !('runId' in job.data)) await markFailed(orm, runId, err as Error);
      opts.progress?.ended(ProgressTopic.QUALITY_RUN, runId);
      log.error({ runId, attempt: job.attemptsMade + 1, err }, 'data-quality run failed');
      throw err;
    }
  };
}

async function markFailed(orm: MikroORM, runId: string, err: Error): Promise<void> {
  await markRunFailed(orm.em.fork(), runId, `data-quality check failed: ${failureText(err)}`.slice(0, 1000));
}
