import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger';
import { checkpointRun, completeRun, startRun } from '../batch-lifecycle/batch-lifecycle.service';
import { onBatchReconciled } from '../discrepancy-cases/batch-completion.hook';
import { raiseDiscrepancies } from './discrepancy.repository';
import { indexBatchRecords } from './exact-pass.repository';
import { ExactPass } from './exact-pass.runner';
import { type RowRange, attachSuggestions, countOutcomes, matchProbable } from './match-chunk.repository';
import { type RunningBatch, analyzeMatches, lockRunningBatch } from './reconciliation.repository';

/** Records per chunk: each chunk's results and the batch's progress commit together. @defaultValue 20000 */
export const DEFAULT_CHUNK_SIZE = 20_000;

export type RunEnd = 'completed' | 'cancelled' | 'stopped' | 'skipped';

/** Milliseconds spent per phase in one attempt (logged when the attempt ends, whatever its end; the bench reads them). */
export interface PhaseTimings {
  /** The whole exact pass, of which `exactPlan` planned its ID ranges and `exactAttach` made its partition. */
  exact: number;
  exactPlan: number;
  exactAttach: number;
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
  /** Connections the exact-match pass uses at once. @defaultValue 2 */
  exactConnections?: number;
  /** Asked between chunks: true when the process is stopping (the chunk in hand is finished first). */
  shouldStop?: () => boolean;
  onProgress?: (processed: number, total: number) => Promise<void> | void;
}

/**
 * Reconciles one batch in two passes. First every record's outcome row by
 * exact ID number (`ExactPass`: ID ranges, several connections, each range
 * committed with its done mark). Then, chunk by chunk of row numbers, PROBABLE
 * matches, suggestions and the discrepancy rules; that checkpoint (`next_row`)
 * moves in the same transaction as the chunk's results, under a lock on the
 * batch row. A run killed at any point resumes exactly where the last commit
 * left it, and two runs of one batch never process a chunk twice.
 */
export class ReconciliationRunner {
  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
  ) {}

  /** One attempt at the batch; its end (or error), time and phases are logged as `reconciliation attempt`. */
  async run(batchId: string, opts: RunnerOptions = {}): Promise<RunEnd> {
    const phases: PhaseTimings = { exact: 0, exactPlan: 0, exactAttach: 0, probable: 0, suggestions: 0, discrepancies: 0, progress: 0, completion: 0 };
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
    const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
    const exact = await timed(phases, 'exact', () =>
      new ExactPass(this.orm).run(batchId, started.totalRecords, {
        chunkSize,
        connections: opts.exactConnections,
        shouldStop: opts.shouldStop,
        onStep: (step, ms) => (phases[step === 'plan' ? 'exactPlan' : 'exactAttach'] += ms),
      }),
    );
    if (exact !== 'done') return exact === 'skipped' ? 'skipped' : exact;
    for (;;) {
      const step = await this.orm.em.fork().transactional((tem) => this.chunk(tem, batchId, chunkSize, phases));
      if (step.end === 'completed') await timed(phases, 'completion', () => this.refreshMatchStatistics(batchId));
      if (step.end) return step.end;
      await opts.onProgress?.(step.processed, step.total);
      if (opts.shouldStop?.()) return 'stopped';
    }
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

  private async chunk(tem: EntityManager, batchId: string, size: number, phases: PhaseTimings): Promise<{ end?: RunEnd; processed: number; total: number }> {
    const batch = await lockRunningBatch(tem, batchId);
    if (!batch || batch.status === 'CANCELLED') return { end: 'cancelled', processed: 0, total: 0 };
    if (batch.status !== 'RUNNING') return { end: 'skipped', processed: 0, total: 0 };
    if (batch.nextRow > batch.totalRecords) return this.complete(tem, batch, phases);
    const range: RowRange = { batchId, from: batch.nextRow, to: Math.min(batch.nextRow + size, batch.totalRecords + 1) };
    const processed = await this.reconcileRange(tem, batch, range, phases);
    return { processed: batch.processedRecords + processed, total: batch.totalRecords };
  }

  private async complete(tem: EntityManager, batch: RunningBatch, phases: PhaseTimings): Promise<{ end: RunEnd; processed: number; total: number }> {
    await timed(phases, 'completion', async () => {
      await completeRun(tem, batch.id);
      await indexBatchRecords(tem, batch.id);
      await onBatchReconciled(tem, batch.id, batch.totalRecords);
    });
    this.log.info({ batchId: batch.id, total: batch.totalRecords }, 'batch reconciled');
    return { end: 'completed', processed: batch.processedRecords, total: batch.totalRecords };
  }

  /** Reconciles one chunk and moves the checkpoint; returns the records done. */
  private async reconcileRange(tem: EntityManager, batch: RunningBatch, range: RowRange, phases: PhaseTimings): Promise<number> {
    const batchId = batch.id;
    // Every step is one statement over the chunk's rows in the database; no record is read into the worker.
    // The outcome rows by exact ID number are already there (the exact pass).
    await timed(phases, 'probable', () => matchProbable(tem, range));
    await timed(phases, 'suggestions', () => attachSuggestions(tem, range));
    const rules = { id: batchId, sector: batch.sector, periodYear: Number(batch.period.slice(0, 4)), tenantCode: batch.tenantCode };
    const found = await timed(phases, 'discrepancies', () => raiseDiscrepancies(tem, rules, range));
    const c = await timed(phases, 'progress', async () => {
      const counts = await countOutcomes(tem, range);
      await checkpointRun(tem, batchId, { nextRow: range.to, ...counts, discrepancies: found });
      return counts;
    });
    return c.records;
  }
}
