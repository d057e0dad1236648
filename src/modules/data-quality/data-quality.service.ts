import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Caller } from '../../auth/caller';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import type { Logger } from '../../logging/logger';
import { DataQualityRun } from './data-quality-run.entity';
import { RunMode } from './data-quality.enums';
import { dataQualityErrors } from './data-quality.errors';
import type { DataQualityIssueFilter } from './data-quality.inputs';
import { enqueueRun } from './data-quality.jobs';
import { createRun, markRunNotQueued } from './data-quality.repository';
import { findIssues, issueCounts } from './issue-reads.repository';
import { issueForViewer } from './issue-view.rules';
import type { DataQualityCount } from './data-quality.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Data-quality runs and issues for one caller. Issues and their counts are
 * read as plain rows through SQL with the caller's scope (row-level security
 * has no say on them), so a province only ever sees its own issues.
 */
export class DataQualityService {
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
  async requestRun(provinceCode: string | null | undefined, changedOnly: boolean): Promise<DataQualityRun> {
    const province = this.runProvince(provinceCode ?? null);
    const runId = await createRun(this.em, this.caller.tenant.code, province, changedOnly ? RunMode.CHANGED : RunMode.FULL);
    const queueIt = async () => {
      try {
        if (!this.queue) throw new Error('no data-quality queue in this process');
        await enqueueRun(this.queue, runId);
      } catch (err) {
        this.log.warn({ runId, err: (err as Error).message }, 'data-quality run not queued');
        await markRunNotQueued(this.em, runId);
      }
    };
    if (this.afterCommit) this.afterCommit.push(queueIt);
    else await queueIt();
    return (await this.run(runId))!;
  }

  /** A run the caller may see (its own; LGOP all), else null. */
  run(id: string): Promise<DataQualityRun | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.em.fork({ keepTransactionContext: true }).findOne(DataQualityRun, { id });
  }

  /** A keyset page of issues in id order; OPEN ones unless the filter asks otherwise. */
  async issues(filter: DataQualityIssueFilter | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const rows = await findIssues(this.em, this.caller.scope, filter, decodeCursor(after), limit + 1);
    return toPage(
      rows.map((i) => issueForViewer(i, this.caller.scope)),
      limit,
      (i) => i.id,
    );
  }

  /** Open and fixed issues by province, rule and kind, within the caller's scope. */
  async summary(provinceCode?: string | null): Promise<DataQualityCount[]> {
    if (provinceCode && !/^\d{2}$/.test(provinceCode)) {
      throw dataQualityErrors.BAD_PROVINCE_CODE();
    }
    return issueCounts(this.em, this.caller.scope, provinceCode || null);
  }

  /** LGOP checks any province or all of them; a province only its own. */
  private runProvince(requested: string | null): string | null {
    const scope = this.caller.scope;
    if (requested !== null && !/^\d{2}$/.test(requested)) throw dataQualityErrors.BAD_PROVINCE_CODE();
    switch (scope.kind) {
      case 'ALL':
        return requested;
      case 'PROVINCE':
        if (requested !== null && requested !== scope.provinceCode) throw dataQualityErrors.OTHER_PROVINCE();
        return scope.provinceCode;
      case 'NONE':
        // Unreachable: runDataQualityCheck is @Authorized for LGOP and the provinces only.
        throw new Error('a data-quality run was requested by a tenant without a registry');
    }
  }
}
