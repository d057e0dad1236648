import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { type BlockTarget, type EncodedBlock, type RowBlock, encodeBlock } from './record-blocks';
import { type CheckTally, type CheckTarget, checkBlock } from './record-check';

/** A block to encode for COPY, or (with `check`) only to judge for a dry run. */
export type EncoderRequest = { id: number; block: RowBlock; target: BlockTarget } | { id: number; block: RowBlock; check: CheckTarget };

export type EncoderReply = { id: number; encoded: EncodedBlock } | { id: number; checked: CheckTally } | { id: number; error: string };

/** Turns blocks of rows into COPY text (or a dry run's tally), in the caller's thread or on threads of its own. */
export interface BlockEncoder {
  encode(block: RowBlock, target: BlockTarget): Promise<EncodedBlock>;
  check(block: RowBlock, target: CheckTarget): Promise<CheckTally>;
  /** Blocks worth having in flight at once. */
  readonly parallelism: number;
}

/**
 * Blocks handed to an encoder at most `parallelism` at once and taken back in
 * the order they went in: what an upload (COPY in body order) and a dry run
 * (tallies merged in body order) both need.
 */
export class InBodyOrder<T> {
  private readonly pending: Array<Promise<T>> = [];

  constructor(
    private readonly parallelism: number,
    private readonly take: (result: T) => void,
  ) {}

  /** Adds a block's work; when as many are in flight as allowed, waits for the oldest and takes it. */
  async add(work: Promise<T>): Promise<void> {
    // Awaited in order below; until then a failure must not count as unhandled.
    work.catch(() => undefined);
    this.pending.push(work);
    if (this.pending.length >= this.parallelism) await this.takeOldest();
  }

  /** Takes every block still in flight, in order. */
  async drain(): Promise<void> {
    while (this.pending.length) await this.takeOldest();
  }

  private async takeOldest(): Promise<void> {
    this.take(await this.pending.shift()!);
  }
}

/** Encodes in the caller's thread (tests, and a hub configured with no encoder threads). */
export const IN_THREAD: BlockEncoder = {
  encode: (block, target) => Promise.resolve(encodeBlock(block, target)),
  check: (block, target) => Promise.resolve(checkBlock(block, target)),
  parallelism: 1,
};

// Under jest the modules run from their TypeScript sources, which a thread cannot load: it takes the build's copy (npm test builds first).
const WORKER_FILE = __filename.endsWith('.ts')
  ? path.resolve(__dirname, '../../../dist/src/modules/sector-batches/record-encoder.worker.js')
  : path.join(__dirname, 'record-encoder.worker.js');

interface Thread {
  worker: Worker;
  busy: number;
}

/**
 * Encoder threads shared by a process's uploads: parsing, normalising and
 * encoding cost microseconds a row, which on the API's own thread would stall
 * every other request for the length of an upload, and use one core where the
 * machine has more. Threads start on first use and never hold the process open.
 */
export class EncoderPool implements BlockEncoder {
  private readonly threads: Thread[] = [];
  private readonly waiting = new Map<number, { resolve: (reply: EncoderReply) => void; reject: (err: Error) => void; thread: Thread }>();
  private nextId = 0;

  constructor(private readonly size: number) {}

  get parallelism(): number {
    return this.size * 2;
  }

  async encode(block: RowBlock, target: BlockTarget): Promise<EncodedBlock> {
    const reply = await this.send({ id: this.nextId++, block, target });
    const { encoded } = reply as Extract<EncoderReply, { encoded: EncodedBlock }>;
    return { ...encoded, text: Buffer.from(encoded.text.buffer, encoded.text.byteOffset, encoded.text.byteLength) };
  }

  async check(block: RowBlock, target: CheckTarget): Promise<CheckTally> {
    const reply = await this.send({ id: this.nextId++, block, check: target });
    return (reply as Extract<EncoderReply, { checked: CheckTally }>).checked;
  }

  /** Stops the threads; blocks in flight fail. */
  async close(): Promise<void> {
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  private send(request: EncoderRequest): Promise<EncoderReply> {
    const thread = this.leastBusy();
    thread.busy++;
    return new Promise<EncoderReply>((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject, thread });
      thread.worker.postMessage(request);
    });
  }

  private leastBusy(): Thread {
    if (this.threads.length < this.size) this.threads.push(this.start());
    return this.threads.reduce((a, b) => (b.busy < a.busy ? b : a));
  }

  private start(): Thread {
    const thread: Thread = { worker: new Worker(WORKER_FILE), busy: 0 };
    thread.worker.on('message', (reply: EncoderReply) => this.settle(reply));
    // A thread that dies takes its blocks with it; the next block starts a new one.
    thread.worker.on('error', (err) => this.drop(thread, err));
    thread.worker.on('exit', (code) => this.drop(thread, new Error(`an encoder thread exited with code ${code}`)));
    // After the listeners: a 'message' listener refs the thread's port again, which kept processes from exiting.
    thread.worker.unref();
    return thread;
  }

  private settle(reply: EncoderReply): void {
    const waiter = this.waiting.get(reply.id);
    if (!waiter) return;
    this.waiting.delete(reply.id);
    waiter.thread.busy--;
    if ('error' in reply) waiter.reject(new Error(`encoding a block of records failed: ${reply.error}`));
    else waiter.resolve(reply);
  }

  private drop(thread: Thread, err: Error): void {
    const at = this.threads.indexOf(thread);
    if (at >= 0) this.threads.splice(at, 1);
    for (const [id, waiter] of this.waiting) {
      if (waiter.thread !== thread) continue;
      this.waiting.delete(id);
      waiter.reject(err);
    }
  }
}
