import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sector } from '../tenants/tenant.enums';
import type { RowBlock } from './record-blocks';
import { type BodyType, type UploadFormat, rowStages } from './record-body.streams';
import { type CheckTally, RecordCheck, type RecordCheckReport } from './record-check';
import { type BlockEncoder, IN_THREAD, InBodyOrder } from './record-encoder.pool';

/**
 * Blocks of rows judged on the encoder's threads (as an upload's are encoded:
 * several at once, off the API's thread) and merged in body order.
 */
class CheckRows extends Writable {
  private readonly inFlight: InBodyOrder<CheckTally>;

  constructor(
    check: RecordCheck,
    private readonly target: { sector: Sector; today: number; maxProblems: number },
    private readonly encoder: BlockEncoder,
  ) {
    super({ objectMode: true });
    this.inFlight = new InBodyOrder(encoder.parallelism, (tally) => check.merge(tally));
  }

  override _write(block: RowBlock, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    this.inFlight.add(this.encoder.check(block, this.target)).then(() => done(), done);
  }

  override _final(done: (err?: Error | null) => void): void {
    this.inFlight.drain().then(() => done(), done);
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
