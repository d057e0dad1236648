import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { type PassEnd, runChunkLoops } from './chunk-loops';
import { checkpointIfRunning } from '../batch-lifecycle/batch-lifecycle.service';
import { raiseDiscrepancies } from './discrepancy.repository';
import { lockBatch } from './exact-pass.repository';
import { countOutcomes, matchProbable } from './match-chunk.repository';
import { attachSuggestions } from './suggestion.repository';
import { type RuleChunk, type SecondPassBatch, claimRuleChunk, finishRuleChunk, openRuleChunks, planRuleChunks, readBatch } from './second-pass.repository';

/** Thrown inside a chunk's transaction to roll it back when its batch is no longer RUNNING. */
class BatchNotRunning extends Error {}

export type SecondPassEnd = PassEnd;

/** The steps of one chunk, timed by the caller. */
export type SecondPassStep = 'probable' | 'suggestions' | 'discrepancies' | 'progress';

export interface SecondPassOptions {
  /** Records per chunk. */
  chunkSize: number;
  /** Connections doing chunks at once. */
  connections: number;
  /** The score a PROBABLE candidate needs, in (0, 1). @defaultValue 0.9 */
  probableThreshold?: number;
  /** Asked between chunks: true when the process is stopping (chunks in hand are finished first). */
  shouldStop?: () => boolean;
  /** Runs one step of a chunk and adds its time to the attempt's phases. */
  timed: <T>(step: SecondPassStep, fn: () => Promise<T>) => Promise<T>;
  onProgress?: (processed: number, total: number) => Promise<void> | void;
}

/**
 * The second pass of a batch, once every record has its outcome row (the
 * exact pass): PROBABLE matches, suggestions and the discrepancy rules, chunk
 * by chunk of row numbers. The chunks are planned once; then a few
 * connections each take the next open chunk (row lock, skip locked), do it and
 * commit its results, its done mark and the batch's counters together. A
 * crash loses only uncommitted chunks, which the next run takes again; a
 * chunk is never done twice, and a batch cancelled meanwhile keeps none of the
 * chunk in hand (its checkpoint refuses a batch no longer RUNNING).
 */
export class SecondPass {
  constructor(private readonly orm: MikroORM) {}

  async run(batchId: string, opts: SecondPassOptions): Promise<SecondPassEnd> {
    await this.orm.em.fork().transactional(async (tem) => {
      // The lock on the batch row makes two runs that start at once plan it once.
      await lockBatch(tem, batchId);
      await planRuleChunks(tem, batchId, opts.chunkSize);
    });
    return runChunkLoops(
      opts.connections,
      (stop) => this.loop(batchId, { ...opts, shouldStop: stop }),
      () => openRuleChunks(this.orm.em.fork(), batchId),
      opts.shouldStop,
    );
  }

  /** Takes and does chunks until none is open, the batch stops running, or the process stops. */
  private async loop(batchId: string, opts: SecondPassOptions): Promise<SecondPassEnd> {
    for (;;) {
      if (opts.shouldStop?.()) return 'stopped';
      const step = await this.orm.em
        .fork()
        .transactional(async (tem): Promise<SecondPassEnd | { processed: number; total: number }> => {
          const batch = await readBatch(tem, batchId);
          if (!batch || batch.status === 'CANCELLED') return 'cancelled';
          if (batch.status !== 'RUNNING') return 'skipped';
          const chunk = await claimRuleChunk(tem, batchId);
          if (!chunk) return 'done';
          const records = await this.chunk(tem, batch, chunk, opts);
          return { processed: batch.processedRecords + records, total: batch.totalRecords };
        })
        // The batch left RUNNING while the chunk was in hand (cancelled, say): the chunk rolled back; the next turn reads why.
        .catch((err: unknown) => (err instanceof BatchNotRunning ? null : Promise.reject(err)));
      if (step === null) continue;
      if (typeof step === 'string') return step;
      await opts.onProgress?.(step.processed, step.total);
    }
  }

  /** One chunk's statements, each over the chunk's rows in the database (no record is read into the worker); returns its records. */
  private async chunk(tem: EntityManager, batch: SecondPassBatch, chunk: RuleChunk, opts: SecondPassOptions): Promise<number> {
    await opts.timed('probable', () => matchProbable(tem, chunk, opts.probableThreshold));
    await opts.timed('suggestions', () => attachSuggestions(tem, chunk));
    const rules = { id: batch.id, sector: batch.sector, periodYear: Number(batch.period.slice(0, 4)), tenantCode: batch.tenantCode };
    const found = await opts.timed('discrepancies', () => raiseDiscrepancies(tem, rules, chunk));
    return opts.timed('progress', async () => {
      const counts = await countOutcomes(tem, chunk);
      const nextRow = await finishRuleChunk(tem, chunk);
      if (!(await checkpointIfRunning(tem, batch.id, { nextRow, ...counts, discrepancies: found }))) throw new BatchNotRunning();
      return counts.records;
    });
  }
}
