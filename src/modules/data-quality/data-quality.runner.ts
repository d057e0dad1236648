import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger';
import { ProgressTopic } from '../../queues/progress-channels';
import type { ProgressSignal } from '../../queues/progress.publisher';
import type { DataQualityRule } from './data-quality.rule';
import { applyRule, finishRun, recordRuleFailed, ruleContext, startRun } from './data-quality.repository';
import { emitQualityRunCompleted } from '../webhooks/webhook-events.repository';

/** What became of a run this time. */
export type RunEnd = 'COMPLETED' | 'PARTIAL' | 'SKIPPED';

/** Options of a runner. */
export interface DataQualityRunnerOptions {
  rules: readonly DataQualityRule[];
  /** The day ages refer to (`YYYY-MM-DD`). @defaultValue today */
  referenceDate?: string;
  /** Tells live subscribers the run changed (throttled) or ended (at once). */
  progress?: ProgressSignal;
}

/**
 * Applies every rule of a run, each in its own transaction: found problems are
 * upserted as OPEN issues, open issues of the scope that were not found again
 * are closed as FIXED, and the rule is recorded as done on the run, together.
 * A rule that throws rolls back alone and is listed as failed; the next rules
 * still run. A redelivered job skips the rules already done.
 */
export class DataQualityRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly opts: DataQualityRunnerOptions,
  ) {}

  async run(runId: string): Promise<RunEnd> {
    const run = await startRun(this.em(), runId, this.opts.rules.length);
    if (!run) return 'SKIPPED';
    this.opts.progress?.changed(ProgressTopic.QUALITY_RUN, runId);
    const ctx = ruleContext(run, this.opts.referenceDate);
    for (const rule of this.opts.rules) {
      if (run.doneRules.includes(rule.code) || run.failedRules.includes(rule.code)) continue;
      try {
        const counts = await applyRule(this.em(), runId, run, rule, ctx);
        this.log.debug({ runId, rule: rule.code, ...counts }, 'data-quality rule applied');
      } catch (err) {
        this.log.error({ runId, rule: rule.code, err }, 'data-quality rule failed');
        await recordRuleFailed(this.em(), runId, rule.code);
      }
      this.opts.progress?.changed(ProgressTopic.QUALITY_RUN, runId);
    }
    const end = await this.em().transactional(async (tem) => {
      const ended = await finishRun(tem, runId);
      await emitQualityRunCompleted(tem, runId);
      return ended;
    });
    this.opts.progress?.ended(ProgressTopic.QUALITY_RUN, runId);
    return end;
  }

  private em(): EntityManager {
    return this.orm.em.fork();
  }
}
