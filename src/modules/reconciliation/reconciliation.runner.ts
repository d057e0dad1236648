import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../logging/logger';
import type { Sector } from '../tenants/tenant.enums';
import { raiseDiscrepancies } from './discrepancy.repository';
import { matchChunk } from './match-chunk.repository';
import { type RawRecord, prepareRecord } from './record-preparer';

/** Records per chunk: each chunk's results and the batch's progress commit together. @defaultValue 20000 */
export const DEFAULT_CHUNK_SIZE = 20_000;

export type RunEnd = 'completed' | 'cancelled' | 'stopped' | 'skipped';

interface BatchRow {
  id: string;
  sector: Sector;
  period: string;
  tenantCode: string;
  status: string;
  nextRow: number;
  totalRecords: number;
  processedRecords: number;
}

/** Milliseconds spent per phase in one run (logged when a batch completes; the bench reads them). */
export interface PhaseTimings {
  read: number;
  prepare: number;
  match: number;
  discrepancies: number;
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
  chunkSize?: number;
  /** Asked between chunks: true when the process is stopping (the chunk in hand is finished first). */
  shouldStop?: () => boolean;
  onProgress?: (processed: number, total: number) => Promise<void> | void;
}

/**
 * Reconciles one batch chunk by chunk. The checkpoint (`next_row`) moves in the
 * same transaction as the chunk's results, under a lock on the batch row, so a
 * run killed at any point resumes exactly where the last commit left it, and
 * two runs of one batch never process a chunk twice.
 */
export class ReconciliationRunner {
  constructor(private readonly orm: MikroORM, private readonly log: Logger) {}

  async run(batchId: string, opts: RunnerOptions = {}): Promise<RunEnd> {
    const started = await this.start(batchId);
    if (!started) return 'skipped';
    const phases: PhaseTimings = { read: 0, prepare: 0, match: 0, discrepancies: 0 };
    for (;;) {
      const step = await this.orm.em.fork().transactional((tem) => this.chunk(tem, batchId, opts.chunkSize ?? DEFAULT_CHUNK_SIZE, phases));
      if (step.end) return step.end;
      await opts.onProgress?.(step.processed, step.total);
      if (opts.shouldStop?.()) return 'stopped';
    }
  }

  /** Marks the batch RUNNING unless it is finished or cancelled. */
  private async start(batchId: string): Promise<boolean> {
    const rows = await this.orm.em.fork().execute(
      `update sector_batches set status = 'RUNNING', started_at = coalesce(started_at, now()), attempts = attempts + 1, updated_at = now()
       where id = ?::uuid and status in ('QUEUED', 'RUNNING') returning id`,
      [batchId],
    );
    return rows.length === 1;
  }

  private async chunk(tem: EntityManager, batchId: string, size: number, phases: PhaseTimings): Promise<{ end?: RunEnd; processed: number; total: number }> {
    const [batch] = await tem.execute<BatchRow[]>(
      `select id, sector, period, tenant_code as "tenantCode", status, next_row as "nextRow", total_records as "totalRecords",
         processed_records as "processedRecords" from sector_batches where id = ?::uuid for update`,
      [batchId],
    );
    if (!batch || batch.status === 'CANCELLED') return { end: 'cancelled', processed: 0, total: 0 };
    if (batch.status !== 'RUNNING') return { end: 'skipped', processed: 0, total: 0 };
    if (batch.nextRow > batch.totalRecords) {
      await tem.execute(`update sector_batches set status = 'COMPLETED', finished_at = now(), error = null, updated_at = now() where id = ?::uuid`, [batchId]);
      const phaseMs = Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, Math.round(v)]));
      this.log.info({ batchId, total: batch.totalRecords, phaseMs }, 'batch reconciled');
      return { end: 'completed', processed: batch.processedRecords, total: batch.totalRecords };
    }
    const upTo = Math.min(batch.nextRow + size, batch.totalRecords + 1);
    const raw = await timed(phases, 'read', () => tem.execute<RawRecord[]>(
      `select row_no as "rowNo", id_number as "idNumber", name, birth_date as "birthDate", region_code as "regionCode", attributes,
         parse_error as "parseError" from sector_records where batch_id = ?::uuid and row_no >= ? and row_no < ? order by row_no`,
      [batchId, batch.nextRow, upTo],
    ));
    const today = new Date();
    const prepared = await timed(phases, 'prepare', () => raw.map((r) => prepareRecord(r, batch.sector, today)));
    const counts = await timed(phases, 'match', () => (prepared.length ? matchChunk(tem, batchId, prepared) : { matched: 0, probable: 0, unmatched: 0, invalid: 0 }));
    const periodYear = Number(batch.period.slice(0, 4));
    const found = await timed(phases, 'discrepancies', () => raiseDiscrepancies(tem, { id: batchId, sector: batch.sector, periodYear, tenantCode: batch.tenantCode }, prepared));
    await tem.execute(
      `update sector_batches set next_row = ?, processed_records = processed_records + ?, matched = matched + ?, probable = probable + ?,
         unmatched = unmatched + ?, invalid = invalid + ?, discrepancies = discrepancies + ?, updated_at = now() where id = ?::uuid`,
      [upTo, prepared.length, counts.matched, counts.probable, counts.unmatched, counts.invalid, found, batchId],
    );
    return { processed: batch.processedRecords + prepared.length, total: batch.totalRecords };
  }
}
