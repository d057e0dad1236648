import { BatchStatus } from '../sector-batches/sector-batch.enums';

/** Every way a batch's status can change after its creation. */
export enum BatchTransition {
  /** An upload appends records (the status stays RECEIVING). */
  RECEIVE = 'receive',
  /** The ministry closes the upload: the batch goes on the queue. */
  SEAL = 'seal',
  /** A worker takes the batch (again, after a crash or a hand-back: RUNNING stays RUNNING). */
  START = 'start',
  /** A worker commits a chunk's results and moves the checkpoint. */
  CHECKPOINT = 'checkpoint',
  /** The last chunk is done. */
  COMPLETE = 'complete',
  /** The job's last attempt failed. */
  FAIL = 'fail',
  /** LGOP runs a failed or cancelled batch again from its checkpoint. */
  RETRY = 'retry',
  /** LGOP stops a batch; a running job stops after the chunk in hand. */
  CANCEL = 'cancel',
}

export interface TransitionRule {
  /** The states it changes; from any other it is refused (or is already done). */
  readonly from: readonly BatchStatus[];
  readonly to: BatchStatus;
  /** States in which it has in effect happened already: asked again, it changes nothing and is no error. */
  readonly alreadyDone: readonly BatchStatus[];
  /** It puts the batch on the queue: an outbox row commits with the status. */
  readonly queues: boolean;
  /** Asked for by a caller of the API (its audit row commits with the status), or done by a worker. */
  readonly by: 'caller' | 'worker';
}

const { RECEIVING, QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED } = BatchStatus;

/** The status graph of a sector batch: which states each transition accepts and where it leads. */
export const BATCH_TRANSITIONS: Readonly<Record<BatchTransition, TransitionRule>> = {
  [BatchTransition.RECEIVE]: { from: [RECEIVING], to: RECEIVING, alreadyDone: [], queues: false, by: 'caller' },
  [BatchTransition.SEAL]: { from: [RECEIVING], to: QUEUED, alreadyDone: [QUEUED, RUNNING, COMPLETED, FAILED], queues: true, by: 'caller' },
  [BatchTransition.START]: { from: [QUEUED, RUNNING], to: RUNNING, alreadyDone: [], queues: false, by: 'worker' },
  [BatchTransition.CHECKPOINT]: { from: [RUNNING], to: RUNNING, alreadyDone: [], queues: false, by: 'worker' },
  [BatchTransition.COMPLETE]: { from: [RUNNING], to: COMPLETED, alreadyDone: [], queues: false, by: 'worker' },
  [BatchTransition.FAIL]: { from: [RUNNING], to: FAILED, alreadyDone: [], queues: false, by: 'worker' },
  [BatchTransition.RETRY]: { from: [FAILED, CANCELLED], to: QUEUED, alreadyDone: [], queues: true, by: 'caller' },
  [BatchTransition.CANCEL]: { from: [RECEIVING, QUEUED, RUNNING], to: CANCELLED, alreadyDone: [], queues: false, by: 'caller' },
};

/**
 * The status a batch is created with: RECEIVING when its records are to be
 * uploaded, QUEUED when it comes with all of them (created and sealed at once;
 * its outbox row commits with it).
 */
export function initialStatus(withAllRecords: boolean): BatchStatus {
  return withAllRecords ? QUEUED : RECEIVING;
}

/** What a transition asked of a batch in `status` does. */
export type Verdict = { kind: 'apply'; to: BatchStatus } | { kind: 'done' } | { kind: 'refused'; message: string };

export function judge(transition: BatchTransition, status: BatchStatus): Verdict {
  const rule = BATCH_TRANSITIONS[transition];
  if (rule.from.includes(status)) return { kind: 'apply', to: rule.to };
  if (rule.alreadyDone.includes(status)) return { kind: 'done' };
  return { kind: 'refused', message: refusal(transition, status) };
}

/** True when `transition` changes a batch in `status`. */
export function allows(transition: BatchTransition, status: BatchStatus): boolean {
  return BATCH_TRANSITIONS[transition].from.includes(status);
}

/** The message of a refused transition: what the batch is, and which batches it would take. */
export function refusal(transition: BatchTransition, status: BatchStatus): string {
  const from = BATCH_TRANSITIONS[transition].from;
  const which = from.length === 1 ? from[0] : `${from.slice(0, -1).join(', ')} or ${from[from.length - 1]}`;
  const what = status === CANCELLED ? 'The batch was cancelled' : `The batch is ${status}`;
  return `${what}; only a ${which} batch can ${VERB[transition]}`;
}

const VERB: Record<BatchTransition, string> = {
  [BatchTransition.RECEIVE]: 'take records',
  [BatchTransition.SEAL]: 'be sealed',
  [BatchTransition.START]: 'start',
  [BatchTransition.CHECKPOINT]: 'move its checkpoint',
  [BatchTransition.COMPLETE]: 'complete',
  [BatchTransition.FAIL]: 'fail',
  [BatchTransition.RETRY]: 'be retried',
  [BatchTransition.CANCEL]: 'be cancelled',
};
