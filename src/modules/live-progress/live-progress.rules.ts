import { RunStatus } from '../data-quality/data-quality.enums';
import { BatchStatus } from '../sector-batches/sector-batch.enums';
import { BatchPhase } from './live-progress.enums';

/** The batch row fields progress is computed from. */
export interface BatchProgressRow {
  id: string;
  status: BatchStatus;
  totalRecords: number;
  processedRecords: number;
  matched: number;
  probable: number;
  unmatched: number;
  invalid: number;
  discrepancies: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  updatedAt: Date;
}

/** One state of batchProgress. */
export interface BatchProgressView extends BatchProgressRow {
  phase: BatchPhase;
  /** Records per second since the run started (second pass records over the whole run's time); null before any. */
  recordsPerSecond: number | null;
  /** Seconds left at that rate; 0 once finished, null while it cannot be told. */
  etaSeconds: number | null;
}

const BATCH_TERMINAL: ReadonlySet<BatchStatus> = new Set([BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.CANCELLED]);
const RUN_TERMINAL: ReadonlySet<RunStatus> = new Set([RunStatus.COMPLETED, RunStatus.PARTIAL, RunStatus.FAILED]);

export const isTerminalBatch = (status: BatchStatus): boolean => BATCH_TERMINAL.has(status);
export const isTerminalRun = (status: RunStatus): boolean => RUN_TERMINAL.has(status);

/** The phase a batch row shows: the exact pass counts no record, the second pass counts each chunk's. */
export function batchPhase(row: Pick<BatchProgressRow, 'status' | 'processedRecords' | 'totalRecords'>): BatchPhase {
  switch (row.status) {
    case BatchStatus.RECEIVING:
      return BatchPhase.RECEIVING;
    case BatchStatus.QUEUED:
      return BatchPhase.QUEUED;
    case BatchStatus.RUNNING:
      if (row.processedRecords === 0) return BatchPhase.EXACT_MATCH;
      return row.processedRecords < row.totalRecords ? BatchPhase.RULES : BatchPhase.FINISHING;
    default:
      return BatchPhase.DONE;
  }
}

/** A batch row as batchProgress sends it, at `now`. */
export function batchProgressOf(row: BatchProgressRow, now: Date): BatchProgressView {
  const phase = batchPhase(row);
  const end = row.finishedAt ?? now;
  const seconds = row.startedAt ? (end.getTime() - row.startedAt.getTime()) / 1000 : 0;
  const rate = seconds > 0 && row.processedRecords > 0 ? row.processedRecords / seconds : null;
  let eta: number | null = null;
  if (phase === BatchPhase.DONE) eta = 0;
  else if (row.status === BatchStatus.RUNNING && rate) eta = Math.ceil(Math.max(0, row.totalRecords - row.processedRecords) / rate);
  return { ...pickRow(row), phase, recordsPerSecond: rate === null ? null : Math.round(rate * 10) / 10, etaSeconds: eta };
}

/** What a batch state is compared by: a new one is sent only when the row changed. */
export const batchVersion = (s: BatchProgressView): string => `${s.status}|${s.processedRecords}|${s.updatedAt.getTime()}|${s.error ?? ''}`;

/** The run fields progress is computed from. */
export interface QualityRunRow {
  id: string;
  status: RunStatus;
  rulesTotal: number;
  doneRules: string[];
  failedRules: string[];
  found: number;
  opened: number;
  fixed: number;
  error: string | null;
}

/** What a run state is compared by. */
export const runVersion = (r: QualityRunRow): string =>
  `${r.status}|${r.rulesTotal}|${r.doneRules.length}|${r.failedRules.length}|${r.found}|${r.opened}|${r.fixed}|${r.error ?? ''}`;

/** Share of the run's rules applied or failed, 0 to 1; null before the worker counted them. */
export function runShare(r: Pick<QualityRunRow, 'rulesTotal' | 'doneRules' | 'failedRules' | 'status'>): number | null {
  if (isTerminalRun(r.status)) return 1;
  if (r.rulesTotal <= 0) return null;
  return Math.min(1, (r.doneRules.length + r.failedRules.length) / r.rulesTotal);
}

function pickRow(r: BatchProgressRow): BatchProgressRow {
  const { id, status, totalRecords, processedRecords, matched, probable, unmatched, invalid, discrepancies, error, startedAt, finishedAt, updatedAt } = r;
  return { id, status, totalRecords, processedRecords, matched, probable, unmatched, invalid, discrepancies, error, startedAt, finishedAt, updatedAt };
}
