import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Caller } from '../../auth/caller';
import type { Logger } from '../../logging/logger';
import { DataQualityRun } from '../data-quality/data-quality-run.entity';
import { markRunNotQueued } from '../data-quality/data-quality.repository';
import { fundRunProvince } from './fund-supervision-scope.rules';
import { fundSupervisionErrors } from './fund-supervision.errors';
import { createFundRun, enqueueFundRun } from './fund-supervision.jobs';

/** Fund supervision runs for one caller; their issues are read through `dataQualityIssues(kind: FUNDS)`. */
export class FundSupervisionService {
  constructor(
    private readonly em: EntityManager,
    private readonly caller: Caller,
    private readonly log: Logger,
    private readonly queue?: Queue,
    /** The request's after-commit list; without one the run is queued at once. */
    private readonly afterCommit?: Array<() => Promise<void>>,
  ) {}

  /**
   * Records a run and puts it on the queue once the run is committed (the
   * worker must find it); the run becomes FAILED with a reason when the queue is unreachable.
   */
  async requestRun(provinceCode: string | null | undefined): Promise<DataQualityRun> {
    const decided = fundRunProvince(this.caller.scope, provinceCode ?? null);
    if ('refused' in decided) throw fundSupervisionErrors[decided.refused]();
    const runId = await createFundRun(this.em, this.caller.tenant.code, decided.province);
    const queueIt = async () => {
      try {
        if (!this.queue) throw new Error('no fund supervision queue in this process');
        await enqueueFundRun(this.queue, runId);
      } catch (err) {
        this.log.warn({ runId, err: (err as Error).message }, 'fund supervision run not queued');
        await markRunNotQueued(this.em, runId);
      }
    };
    if (this.afterCommit) this.afterCommit.push(queueIt);
    else await queueIt();
    return (await this.em.fork({ keepTransactionContext: true }).findOne(DataQualityRun, { id: runId }))!;
  }
}
