import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sector } from '../tenants/tenant.enums';
import type { RowBlock } from './record-blocks';
import { type BodyType, type UploadFormat, rowStages } from './record-body.streams';
import { type CheckTally, RecordCheck, type RecordCheckReport } from './record-check';
import { type BlockEncoder, IN_THREAD } from './record-encoder.pool';

/**
 * Blocks of rows judged on the encoder's threads (as an upload's are encoded:
 * several at once, off the API's thread) and merged in body order.
 */
class CheckRows extends Writable {
  private readonly inFlight: Array<Promise<CheckTally>> = [];

  constructor(
    private readonly check: RecordCheck,
    private readonly target: { sector: Sector; today: number; maxProblems: number },
    private readonly encoder: BlockEncoder,
  ) {
    super({ objectMode: true });
  }

  override _write(block: RowBlock, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    const checking = this.encoder.check(block, this.target);
    // Awaited in order below; until then a failure must not count as unhandled.
    checking.catch(() => undefined);
    this.inFlight.push(checking);
    if (this.inFlight.length < this.encoder.parallelism) return done();
    this.mergeFirst().then(() => done(), done);
  }

  override _final(done: (err?: Error | null) => void): void {
    const drain = async () => {
      while (this.inFlight.length) await this.mergeFirst();
    };
    drain().then(() => done(), done);
  }

  private async mergeFirst(): Promise<void> {
    this.check.merge(await this.inFlight.shift()!);
  }
}

/**
 * Checks a whole upload body, streamed, through the same stages as an upload:
 * a body whose structure the upload refuses (a CSV header without idNumber, a
 * quote never closed) throws the same RecordUploadError here.
 */
export async function checkBody(
  body: NodeJS.ReadableStream,
  format: UploadFormat | BodyType,
  target: { sector: Sector; maxProblems: number },
  encoder: BlockEncoder = IN_THREAD,
  signal?: AbortSignal,
): Promise<RecordCheckReport> {
  const today = Date.now();
  const check = new RecordCheck(target.sector, target.maxProblems, new Date(today));
  const { stages, explain } = rowStages(format);
  try {
    await pipeline([body, ...stages, new CheckRows(check, { ...target, today }, encoder)], { signal });
  } catch (err) {
    throw explain(err);
  }
  return check.report();
}
