import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger';
import { finishRun, recordRuleFailed, startRun } from '../data-quality/data-quality.repository';
import type { RunEnd } from '../data-quality/data-quality.runner';
import type { FundRule } from './fund-supervision.rule';
import { applyFundRule, fundRuleContext } from './fund-supervision.repository';

/** Options of a runner. */
export interface FundSupervisionRunnerOptions {
  rules: readonly FundRule[];
  /** The run's day (`YYYY-MM-DD`): idle days and deadlines refer to it. @defaultValue today */
  referenceDate?: string;
}

/**
 * Applies every FUNDS rule of a run, each in its own transaction (see
 * `applyFundRule`). A rule that throws rolls back alone and is listed as failed
 * on the run, which ends PARTIAL; the next rules still run. A redelivered job
 * skips the rules already done.
 */
export class FundSupervisionRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly opts: FundSupervisionRunnerOptions,
  ) {}

  async run(runId: string): Promise<RunEnd> {
    const run = await startRun(this.em(), runId, this.opts.rules.length);
    if (!run) return 'SKIPPED';
    const ctx = fundRuleContext(run.provinceCode, this.opts.referenceDate);
    for (const rule of this.opts.rules) {
      if (run.doneRules.includes(rule.code) || run.failedRules.includes(rule.code)) continue;
      const started = Date.now();
      try {
        const counts = await applyFundRule(this.em(), runId, run.provinceCode, rule, ctx);
        this.log.info({ runId, rule: rule.code, ms: Date.now() - started, ...counts }, 'fund supervision rule applied');
      } catch (err) {
        this.log.error({ runId, rule: rule.code, err }, 'fund supervision rule failed');
        await recordRuleFailed(this.em(), runId, rule.code);
      }
    }
    return finishRun(this.em(), runId);
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }
}
