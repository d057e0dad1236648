import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Queue } from 'bullmq';
import type { Caller } from '../../auth/caller';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import type { Logger } from '../../logging/logger';
import { DataQualityIssue } from './data-quality-issue.entity';
import { DataQualityRun } from './data-quality-run.entity';
import { IssueStatus, RunMode } from './data-quality.enums';
import { dataQualityErrors } from './data-quality.errors';
import type { DataQualityIssueFilter } from './data-quality.inputs';
import { enqueueRun } from './data-quality.jobs';
import { createRun, issueCounts, markRunNotQueued } from './data-quality.repository';
import { issueForViewer } from './issue-view.rules';
import type { DataQualityCount } from './data-quality.types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Data-quality runs and issues for one caller. Reads go through the request's
 * EntityManager (tenant filters bound) or, for aggregates, through SQL with the
 * same scope, so a province only ever sees its own issues.
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
    const afterId = decodeCursor(after);
    const where: Record<string, unknown> = { status: filter?.status ?? IssueStatus.OPEN };
    if (filter?.provinceCode) where.provinceCode = filter.provinceCode;
    if (filter?.countyCode) where.countyCode = filter.countyCode;
    if (filter?.villageCode) where.villageCode = filter.villageCode;
    if (filter?.rule) where.ruleCode = filter.rule;
    if (filter?.kind) where.kind = filter.kind;
    if (filter?.registryNo) where.registryNo = filter.registryNo;
    if (afterId !== null) where.id = { $gt: afterId };
    const rows = await this.em.find(DataQualityIssue, where as FilterQuery<DataQualityIssue>, { orderBy: { id: 'asc' }, limit: limit + 1 });
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
