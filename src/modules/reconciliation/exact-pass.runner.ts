import type { MikroORM } from '@mikro-orm/postgresql';
import { type PassEnd, runChunkLoops } from './chunk-loops';
import {
  attachBatchRecords,
  batchStatus,
  claimExactChunk,
  isPlanned,
  lockBatch,
  matchExactRange,
  openBatchRecords,
  openExactChunks,
  planExactChunks,
} from './exact-pass.repository';

/** Connections one batch's exact pass uses at once. @defaultValue 2 */
export const DEFAULT_EXACT_CONNECTIONS = 2;

export type ExactPassEnd = PassEnd;

export interface ExactPassOptions {
  /** Records per chunk. */
  chunkSize: number;
  /** Connections matching chunks at once. @defaultValue {@link DEFAULT_EXACT_CONNECTIONS} */
  connections?: number;
  /** Asked between chunks: true when the process is stopping (chunks in hand are finished first). */
  shouldStop?: () => boolean;
  /** Told the milliseconds of the planning and of the attaching steps (the rest of the pass is its ranges). */
  onStep?: (step: 'plan' | 'attach', ms: number) => void;
}

/**
 * The first pass of a batch: every record's outcome row by exact ID number.
 * The batch is planned once into ID ranges; then a few connections each take
 * the next open range (row lock, skip locked), match it and mark it done in
 * one transaction. A crash loses only uncommitted ranges, which the next run
 * takes again; a range is never matched twice. The ranges fill the batch's
 * own table, which becomes its partition of batch_records when no range is
 * open (or the batch was cancelled); the later steps (PROBABLE, suggestions,
 * discrepancy rules) start from there.
 */
export class ExactPass {
  constructor(private readonly orm: MikroORM) {}

  async run(batchId: string, totalRecords: number, opts: ExactPassOptions): Promise<ExactPassEnd> {
    const t0 = performance.now();
    const table = await this.orm.em.fork().transactional(async (tem) => {
      // The lock on the batch row makes two runs that start at once plan it once.
      await lockBatch(tem, batchId);
      const name = await openBatchRecords(tem, batchId);
      if (!(await isPlanned(tem, batchId))) await planExactChunks(tem, batchId, totalRecords, opts.chunkSize);
      return name;
    });
    opts.onStep?.('plan', performance.now() - t0);
    const end = await this.matchAll(batchId, table, opts);
    const t1 = performance.now();
    if (end === 'done' || end === 'cancelled') await this.attach(batchId);
    opts.onStep?.('attach', performance.now() - t1);
    return end;
  }

  private matchAll(batchId: string, table: string, opts: ExactPassOptions): Promise<ExactPassEnd> {
    return runChunkLoops(
      opts.connections ?? DEFAULT_EXACT_CONNECTIONS,
      (stop) => this.loop(batchId, table, stop),
      () => openExactChunks(this.orm.em.fork(), batchId),
      opts.shouldStop,
    );
  }

  /** Makes the batch's outcome rows readable through batch_records (a cancelled batch keeps what it had). */
  private async attach(batchId: string): Promise<void> {
    await this.orm.em.fork().transactional(async (tem) => {
      await lockBatch(tem, batchId);
      await attachBatchRecords(tem, batchId);
    });
  }

  /** Takes and matches ranges until none is open, the batch stops running, or the process stops. */
  private async loop(batchId: string, table: string, stop: () => boolean): Promise<ExactPassEnd> {
    for (;;) {
      if (stop()) return 'stopped';
      const end = await this.orm.em.fork().transactional(async (tem): Promise<ExactPassEnd | 'more'> => {
        const status = await batchStatus(tem, batchId);
        if (!status || status === 'CANCELLED') return 'cancelled';
        if (status !== 'RUNNING') return 'skipped';
        const range = await claimExactChunk(tem, batchId, table);
        if (!range) return 'done';
        await matchExactRange(tem, range);
        return 'more';
      });
      if (end !== 'more') return end;
    }
  }
}
