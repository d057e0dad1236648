import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Job, Queue } from 'bullmq';
import type { Logger } from '../../logging/logger';
import { ProgressTopic } from '../../queues/progress-channels';
import type { ProgressSignal } from '../../queues/progress.publisher';
import type { JobSchedule } from '../../queues/job-schedule';
import { RunChecks, RunMode } from '../data-quality/data-quality.enums';
import { createRun, markRunFailed } from '../data-quality/data-quality.repository';
import type { RunEnd } from '../data-quality/data-quality.runner';
import { failureText } from '../reconciliation/reconciliation.jobs';
import type { FundRule } from './fund-supervision.rule';
import { FUND_SUPERVISION_RULES } from './fund-supervision.rules';
import { FundSupervisionRunner } from './fund-supervision.runner';

/** Job names of the fund supervision queue. */
export enum FundSupervisionJob {
  /** A run already recorded (on demand); the job id is the run id. */
  CHECK = 'check',
  /** The scheduled run: the processor records it itself, as LGOP, over the whole country. */
  SCHEDULED_CHECK = 'scheduled-check',
}

/** Job data: a run id, or nothing for the scheduled run; never ledger content. */
export type FundSupervisionJobData = { runId: string } | { scheduled: true };

/** Nightly, after the registry's full check (03:00): the whole ledger, as of that day. */
export const FUND_SUPERVISION_SCHEDULES: ReadonlyArray<JobSchedule<{ scheduled: true }>> = [
  { id: 'fund-supervision-nightly', name: FundSupervisionJob.SCHEDULED_CHECK, pattern: '0 30 4 * * *', data: { scheduled: true } },
];

/** Options of the processor. */
export interface FundSupervisionProcessorOptions {
  /** @defaultValue the twelve rules of `FUND_SUPERVISION_RULES` */
  rules?: readonly FundRule[];
  /** The run's day (`YYYY-MM-DD`). @defaultValue today */
  referenceDate?: string;
  /** Tells live subscribers a run started or ended (qualityRunProgress). */
  progress?: ProgressSignal;
}

/** Records a QUEUED fund supervision run (FULL: the rules always read the whole ledger of the scope). */
export function createFundRun(em: EntityManager, tenantCode: string, provinceCode: string | null): Promise<string> {
  return createRun(em, tenantCode, provinceCode, RunMode.FULL, RunChecks.FUNDS);
}

/** Puts a recorded run on the queue, its id as job id (a second add of the same run is a no-op). */
export async function enqueueFundRun(queue: Queue, runId: string): Promise<void> {
  await queue.add(FundSupervisionJob.CHECK, { runId } satisfies FundSupervisionJobData, { jobId: runId });
}

/**
 * The BullMQ processor of the fund supervision queue. Delivery is at least
 * once: a redelivered run continues after the rules it already committed. On
 * its last attempt a run that keeps failing is marked FAILED with the reason.
 */
export function createFundSupervisionProcessor(orm: MikroORM, log: Logger, opts: FundSupervisionProcessorOptions = {}) {
  const runner = new FundSupervisionRunner(orm, log, { rules: opts.rules ?? FUND_SUPERVISION_RULES, referenceDate: opts.referenceDate });
  return async (job: Job<FundSupervisionJobData>): Promise<{ runId: string; end: RunEnd }> => {
    const runId = 'runId' in job.data ? job.data.runId : await createFundRun(orm.em.fork(), 'LGOP', null);
    try {
      opts.progress?.changed(ProgressTopic.QUALITY_RUN, runId);
      const end = await runner.run(runId);
      opts.progress?.ended(ProgressTopic.QUALITY_RUN, runId);
      log.info({ runId, end }, 'fund supervision run finished');
      return { runId, end };
    } catch (err) {
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // A scheduled run has no job of its own to retry it: it is failed at once.
      if (last || !('runId' in job.data)) {
        await markRunFailed(orm.em.fork(), runId, `fund supervision failed: ${failureText(err as Error)}`.slice(0, 1000));
      }
      opts.progress?.ended(ProgressTopic.QUALITY_RUN, runId);
      log.error({ runId, attempt: job.attemptsMade + 1, err }, 'fund supervision run failed');
      throw err;
    }
  };
}
