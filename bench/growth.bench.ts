import type { BenchDatabase } from './bench-database';
import type { BenchHub } from './bench-hub';
import { fmt } from './bench-stats';
import { attemptLines, int, recordLines, reconcileThroughHub, sampleMembers, sampleSize, startWorker, topUpRegistry } from './reconcile-batch';

/** The sizes of the growth curve: records of the batch, members of the registry it meets. */
const STEPS = [
  { records: 250_000, members: 2_000_000 },
  { records: 1_000_000, members: 2_000_000 },
  { records: 4_000_000, members: 8_000_000 },
];
const TARGET_COST_RATIO = 1.2;
const TARGET_RSS_MB = 400;

/**
 * The reconcile bench's batch (upload to COMPLETED through the hub and the
 * real worker) at 250k, 1M and 4M records, one after the other on one
 * database: the registry is topped up to 8M members before the last, and each
 * batch meets the ones before it (and whatever the reconcile bench left) as
 * history. Cost per record is the whole time (upload, queue, reconcile) per
 * record; the target compares the largest with the smallest.
 */
export async function runGrowthBench(db: BenchDatabase, hub: BenchHub): Promise<string[]> {
  const worker = startWorker(db.workerUrl, hub.redisUrl);
  const lines: string[] = [];
  const costs: number[] = [];
  try {
    await worker.ready;
    for (const [i, step] of STEPS.entries()) {
      const registry = await topUpRegistry(db, step.members, 8000 + i);
      const sample = await sampleMembers(db, sampleSize(step.records));
      const run = await reconcileThroughHub(db, hub, () => recordLines(sample, step.records, 10 + i), `bench-growth-${i}`, String(2017 + i));
      const attempts = await worker.attempts(run.batchId, run.attempts);
      if (run.failed)
        return [
          ...lines,
          ...attemptLines(`growth: ${int(step.records)}`, attempts),
          `growth: ${int(step.records)} FAILED: ${run.failed}`,
          'growth target: FAIL',
        ];
      const reconcileMs = attempts.reduce((s, a) => s + a.ms, 0);
      const cost = (run.totalMs * 1000) / step.records;
      costs.push(cost);
      lines.push(
        `growth: ${int(step.records)} records against ${int(registry)} members, upload to COMPLETED in ${fmt(run.totalMs / 1000)} s: ${int(step.records / (run.totalMs / 1000))} records/s, ` +
          `${fmt(cost, 1)} µs per record (upload ${fmt(run.uploadMs / 1000)} s = ${fmt((run.uploadMs * 1000) / step.records, 1)} µs/record, worker ${fmt(reconcileMs / 1000)} s = ${fmt((reconcileMs * 1000) / step.records, 1)} µs/record)`,
        ...attemptLines(`growth: ${int(step.records)}`, attempts),
      );
    }
    const ratio = costs[costs.length - 1] / costs[0];
    const peakMb = worker.peakRssMb();
    lines.push(
      `growth: cost per record at ${int(STEPS[STEPS.length - 1].records)} = ${fmt(ratio, 2)}x that at ${int(STEPS[0].records)}; worker peak resident memory ${fmt(peakMb, 0)} MB`,
      `growth target: cost per record at 4M <= ${TARGET_COST_RATIO}x that at 250k ${ratio <= TARGET_COST_RATIO ? 'PASS' : 'FAIL'}; peak RSS < ${TARGET_RSS_MB} MB ${peakMb < TARGET_RSS_MB ? 'PASS' : 'FAIL'}`,
    );
    return lines;
  } finally {
    await worker.stop();
  }
}
