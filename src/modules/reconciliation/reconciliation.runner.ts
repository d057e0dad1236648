import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger';
import { completeRun, startRun } from '../batch-lifecycle/batch-lifecycle.service';
import { onBatchReconciled } from '../discrepancy-cases/batch-completion.hook';
import { indexBatchRecords } from './exact-pass.repository';
import { DEFAULT_EXACT_CONNECTIONS, ExactPass } from './exact-pass.runner';
import { analyzeMatches, lockRunningBatch } from './reconciliation.repository';
import { SecondPass } from './second-pass.runner';

/** Records per chunk: each chunk's results and the batch's progress commit together. @defaultValue 20000 */
export const DEFAULT_CHUNK_SIZE = 20_000;

export type RunEnd = 'completed' | 'cancelled' | 'stopped' | 'skipped';

/** Milliseconds spent per phase in one attempt (logged when the attempt ends, whatever its end; the bench reads them). */
export interface PhaseTimings {
  /** The whole exact pass, of which `exactPlan` planned its ID ranges and `exactAttach` made its partition. */
  exact: number;
  exactPlan: number;
  exactAttach: number;
  /** The whole second pass (wall clock); its steps below are summed over its connections, so they may add up to more. */
  second: number;
  probable: number;
  suggestions: number;
  discrepancies: number;
  progress: number;
  /** Marking the batch COMPLETED with its outcome index, matches and cases, then the matches' statistics. */
  completion: number;
}

async function timed<T>(phases: PhaseTimings, phase: keyof PhaseTimings, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    phases[phase] += performance.now() - t0;
  }
}

export interface RunnerOptions {
  /** Records per chunk. @defaultValue {@link DEFAULT_CHUNK_SIZE} */
  chunkSize?: number;
  /** Connections each pass uses at once (the exact pass's ranges, then the second pass's chunks). @defaultValue 2 */
  exactConnections?: number;
  /** The score a PROBABLE candidate needs, in (0, 1) (config MATCH_PROBABLE_THRESHOLD). */
  probableThreshold?: number;
  /** Asked between chunks: true when the process is stopping (the chunk in hand is finished first). */
  shouldStop?: () => boolean;
  onProgress?: (processed: number, total: number) => Promise<void> | void;
  /** Told once the batch is RUNNING (live progress). */
  onStarted?: () => void;
}

/**
 * Reconciles one batch in two passes. First every record's outcome row by
 * exact ID number (`ExactPass`: ID ranges, several connections, each range
 * committed with its done mark). Then (`SecondPass`), chunks of row numbers
 * taken by as many connections: PROBABLE matches, suggestions and the
 * discrepancy rules, each chunk committed with its done mark and the batch's
 * counters. A run killed at any point resumes exactly where the last commits
 * left it, and two runs of one batch never process a chunk twice. Last, one
 * transaction marks the batch COMPLETED with its matches and cases.
 */
export class ReconciliationRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
  ) {}

  /** One attempt at the batch; its end (or error), time and phases are logged as `reconciliation attempt`. */
  async run(batchId: string, opts: RunnerOptions = {}): Promise<RunEnd> {
    const phases: PhaseTimings = {
      exact: 0,
      exactPlan: 0,
      exactAttach: 0,
      second: 0,
      probable: 0,
      suggestions: 0,
      discrepancies: 0,
      progress: 0,
      completion: 0,
    };
    const t0 = performance.now();
    let end: RunEnd | 'failed' = 'failed';
    try {
      end = await this.attempt(batchId, opts, phases);
      return end;
    } finally {
      const phaseMs = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
      this.log.info({ batchId, end, ms: Math.round(performance.now() - t0), phaseMs }, 'reconciliation attempt');
    }
  }

  private async attempt(batchId: string, opts: RunnerOptions, phases: PhaseTimings): Promise<RunEnd> {
    const started = await this.start(batchId);
    if (!started) return 'skipped';
    opts.onStarted?.();
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const connections = opts.exactConnections ?? DEFAULT_EXACT_CONNECTIONS;
    const exact = await timed(phases, 'exact', () =>
      new ExactPass(this.orm).run(batchId, started.totalRecords, {
        chunkSize,
        connections,
        shouldStop: opts.shouldStop,
        onStep: (step, ms) => (phases[step === 'plan' ? 'exactPlan' : 'exactAttach'] += ms),
      }),
    );
    if (exact !== 'done') return exact;
    const second = await timed(phases, 'second', () =>
      new SecondPass(this.orm).run(batchId, {
        chunkSize,
        connections,
        probableThreshold: opts.probableThreshold,
        shouldStop: opts.shouldStop,
        timed: (step, fn) => timed(phases, step, fn),
        onProgress: opts.onProgress,
      }),
    );
    if (second !== 'done') return second;
    const end = await this.orm.em.fork().transactional((tem) => this.complete(tem, batchId, phases));
    if (end === 'completed') await timed(phases, 'completion', () => this.refreshMatchStatistics(batchId));
    return end;
  }

  /**
   * A batch adds its matches to batch_matches at once, and the ministries'
   * pages are planned from that table's statistics: stale ones (a table
   * thought nearly empty) made the planner sort every match of a ministry for
   * a page of 50. ANALYZE samples a fixed number of rows, so this stays cheap;
   * the worker may run it only through the owner's whitelisting function.
   */
  private async refreshMatchStatistics(batchId: string): Promise<void> {
    await analyzeMatches(this.orm.em.fork()).catch((err: unknown) => this.log.warn({ batchId, err }, 'could not refresh the statistics of batch_matches'));
  }

  /** Marks the batch RUNNING unless it is finished or cancelled. */
  private start(batchId: string): Promise<{ totalRecords: number } | null> {
    return startRun(this.orm.em.fork(), batchId);
  }

  /** Marks the batch COMPLETED and hands its matches and cases on, in one transaction under the batch row's lock. */
  private async complete(tem: EntityManager, batchId: string, phases: PhaseTimings): Promise<RunEnd> {
    const batch = await lockRunningBatch(tem, batchId);
    if (!batch || batch.status === 'CANCELLED') return 'cancelled';
    if (batch.status !== 'RUNNING') return 'skipped';
    await timed(phases, 'completion', async () => {
      await completeRun(tem, batch.id);
      await indexBatchRecords(tem, batch.id);
      await onBatchReconciled(tem, batch.id, batch.totalRecords);
    });
    this.log.info({ batchId: batch.id, total: batch.totalRecords }, 'batch reconciled');
    return 'completed';
  }
}
