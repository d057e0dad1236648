import { BATCH_TRANSITIONS, BatchTransition, allows, initialStatus, judge, refusal } from '../../src/modules/batch-lifecycle/batch-lifecycle.rules';
import { BatchStatus } from '../../src/modules/sector-batches/sector-batch.enums';

const { RECEIVING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED } = BatchStatus;
const T = BatchTransition;

/** The whole graph, written out: for each transition, where each accepted state leads, and the states where it is already done. */
const GRAPH: Record<BatchTransition, { leads: Partial<Record<BatchStatus, BatchStatus>>; done: BatchStatus[] }> = {
  [T.RECEIVE]: { leads: { RECEIVING }, done: [] },
  [T.SEAL]: { leads: { RECEIVING: QUEUED }, done: [QUEUED, RUNNING, COMPLETED, FAILED] },
  [T.START]: { leads: { QUEUED: RUNNING, RUNNING }, done: [] },
  [T.CHECKPOINT]: { leads: { RUNNING }, done: [] },
  [T.COMPLETE]: { leads: { RUNNING: COMPLETED }, done: [] },
  [T.FAIL]: { leads: { RUNNING: FAILED }, done: [] },
  [T.RETRY]: { leads: { FAILED: QUEUED, CANCELLED: QUEUED }, done: [] },
  [T.CANCEL]: { leads: { RECEIVING: CANCELLED, QUEUED: CANCELLED, RUNNING: CANCELLED }, done: [] },
};

const cases = Object.values(T).flatMap((t) => Object.values(BatchStatus).map((s) => [t, s] as const));

describe('the batch lifecycle rules', () => {
  it.each(cases)('%s from %s: leads where the graph says, is a no-op where already done, else is refused', (t, status) => {
    const to = GRAPH[t].leads[status];
    if (to) {
      expect(judge(t, status)).toEqual({ kind: 'apply', to });
      expect(allows(t, status)).toBe(true);
    } else if (GRAPH[t].done.includes(status)) {
      expect(judge(t, status)).toEqual({ kind: 'done' });
      expect(allows(t, status)).toBe(false);
    } else {
      expect(judge(t, status)).toEqual({ kind: 'refused', message: refusal(t, status) });
      expect(allows(t, status)).toBe(false);
    }
  });

  it('has no other transition, and no state both accepted and already done', () => {
    expect(Object.keys(BATCH_TRANSITIONS).sort()).toEqual(Object.values(T).sort());
    for (const rule of Object.values(BATCH_TRANSITIONS)) expect(rule.from.filter((s) => rule.alreadyDone.includes(s))).toEqual([]);
  });

  it('queues a batch on seal and retry only, and leaves the worker the run (start, checkpoint, complete, fail)', () => {
    const queuing = Object.values(T).filter((t) => BATCH_TRANSITIONS[t].queues);
    expect(queuing.sort()).toEqual([T.RETRY, T.SEAL]);
    const byWorker = Object.values(T).filter((t) => BATCH_TRANSITIONS[t].by === 'worker');
    expect(byWorker.sort()).toEqual([T.CHECKPOINT, T.COMPLETE, T.FAIL, T.START]);
    // Every transition that queues leads to QUEUED, the state the relay and the sweep look after.
    for (const t of queuing) expect(BATCH_TRANSITIONS[t].to).toBe(QUEUED);
  });

  it('lets nothing leave COMPLETED, and only retry leave FAILED or CANCELLED', () => {
    expect(Object.values(T).filter((t) => allows(t, COMPLETED))).toEqual([]);
    expect(Object.values(T).filter((t) => allows(t, FAILED))).toEqual([T.RETRY]);
    expect(Object.values(T).filter((t) => allows(t, CANCELLED))).toEqual([T.RETRY]);
  });

  it('creates a batch RECEIVING for upload, or QUEUED when it comes with all its records', () => {
    expect(initialStatus(false)).toBe(RECEIVING);
    expect(initialStatus(true)).toBe(QUEUED);
  });

  it('says what the batch is and which batches the transition takes', () => {
    expect(refusal(T.RETRY, COMPLETED)).toBe('The batch is COMPLETED; only a FAILED or CANCELLED batch can be retried');
    expect(refusal(T.CANCEL, COMPLETED)).toBe('The batch is COMPLETED; only a RECEIVING, QUEUED or RUNNING batch can be cancelled');
    expect(refusal(T.SEAL, CANCELLED)).toBe('The batch was cancelled; only a RECEIVING batch can be sealed');
  });
});
