import { RunStatus } from '../../src/modules/data-quality/data-quality.enums';
import { BatchPhase } from '../../src/modules/live-progress/live-progress.enums';
import {
  type BatchProgressRow,
  batchPhase,
  batchProgressOf,
  batchVersion,
  isTerminalBatch,
  runShare,
} from '../../src/modules/live-progress/live-progress.rules';
import { BatchStatus } from '../../src/modules/sector-batches/sector-batch.enums';

const T0 = new Date('2026-12-02T10:00:00Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const row = (over: Partial<BatchProgressRow>): BatchProgressRow => ({
  id: 'b',
  status: BatchStatus.RUNNING,
  totalRecords: 1000,
  processedRecords: 0,
  matched: 0,
  probable: 0,
  unmatched: 0,
  invalid: 0,
  discrepancies: 0,
  error: null,
  startedAt: T0,
  finishedAt: null,
  updatedAt: T0,
  ...over,
});

describe('live progress rules', () => {
  it('tells the phase from the row: the exact pass counts nothing, the second pass counts its chunks', () => {
    expect(batchPhase(row({ status: BatchStatus.RECEIVING }))).toBe(BatchPhase.RECEIVING);
    expect(batchPhase(row({ status: BatchStatus.QUEUED }))).toBe(BatchPhase.QUEUED);
    expect(batchPhase(row({ processedRecords: 0 }))).toBe(BatchPhase.EXACT_MATCH);
    expect(batchPhase(row({ processedRecords: 1 }))).toBe(BatchPhase.RULES);
    expect(batchPhase(row({ processedRecords: 1000 }))).toBe(BatchPhase.FINISHING);
    for (const s of [BatchStatus.COMPLETED, BatchStatus.FAILED, BatchStatus.CANCELLED]) {
      expect(batchPhase(row({ status: s }))).toBe(BatchPhase.DONE);
      expect(isTerminalBatch(s)).toBe(true);
    }
    expect(isTerminalBatch(BatchStatus.RUNNING)).toBe(false);
  });

  it('gives the rate since the start and the time left at that rate; none before a record, 0 once done', () => {
    expect(batchProgressOf(row({ processedRecords: 0 }), at(10))).toMatchObject({ recordsPerSecond: null, etaSeconds: null });
    expect(batchProgressOf(row({ processedRecords: 250 }), at(10))).toMatchObject({ recordsPerSecond: 25, etaSeconds: 30 });
    expect(batchProgressOf(row({ processedRecords: 1, totalRecords: 4 }), at(3))).toMatchObject({ recordsPerSecond: 0.3, etaSeconds: 9 });
    const done = row({ status: BatchStatus.COMPLETED, processedRecords: 1000, finishedAt: at(20) });
    expect(batchProgressOf(done, at(500))).toMatchObject({ recordsPerSecond: 50, etaSeconds: 0, phase: BatchPhase.DONE });
    expect(batchProgressOf(row({ status: BatchStatus.QUEUED, startedAt: null }), at(5))).toMatchObject({ recordsPerSecond: null, etaSeconds: null });
  });

  it('sends a state only when the row changed, not when only the clock moved', () => {
    const r = row({ processedRecords: 100 });
    expect(batchVersion(batchProgressOf(r, at(1)))).toBe(batchVersion(batchProgressOf(r, at(9))));
    expect(batchVersion(batchProgressOf(r, at(1)))).not.toBe(batchVersion(batchProgressOf({ ...r, processedRecords: 120, updatedAt: at(2) }, at(2))));
    expect(batchVersion(batchProgressOf(r, at(1)))).not.toBe(batchVersion(batchProgressOf({ ...r, status: BatchStatus.CANCELLED }, at(1))));
  });

  it('counts a run’s share by rules applied or failed', () => {
    const run = { rulesTotal: 4, doneRules: ['A', 'B'], failedRules: ['C'], status: RunStatus.RUNNING };
    expect(runShare(run)).toBe(0.75);
    expect(runShare({ ...run, rulesTotal: 0, status: RunStatus.QUEUED })).toBeNull();
    expect(runShare({ ...run, status: RunStatus.PARTIAL })).toBe(1);
  });
});
