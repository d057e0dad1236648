/**
 * Dry runs: records read and judged exactly as intake reads and judges them
 * (the same parser and preparer), counted instead of written.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Sector } from '../tenants/tenant.enums';
import { type RowBlock, blockLine, blockRow, blockRows } from './record-blocks';
import { type UploadFormat, rowStages } from './record-body.streams';
import type { SectorRow } from './record-line.parser';
import { type InvalidCode, prepareRecord } from './record-preparer';

/** One INVALID record: where it is and why. */
export interface RecordProblem {
  /** The body's line the record starts on, or its position (from 1) in an inline list. */
  line: number;
  code: InvalidCode;
  reason: string;
}

/** INVALID records of one kind: how many, and the first of them. */
export interface ReasonCount {
  code: InvalidCode;
  count: number;
  firstLine: number;
  /** The first one's reason, as the batch would report it. */
  example: string;
}

/** What a dry run answers. */
export interface RecordCheckReport {
  records: number;
  valid: number;
  invalid: number;
  /** By kind, the most frequent first. */
  invalidByReason: ReasonCount[];
  /** The first problems in body order, at most the configured number. */
  problems: RecordProblem[];
  /** Whether there were more problems than `problems` lists. */
  problemsTruncated: boolean;
}

/** Counts records as intake would judge them; keeps only counts and the first `maxProblems` problems, so memory stays flat. */
export class RecordCheck {
  private records = 0;
  private valid = 0;
  private readonly byCode = new Map<InvalidCode, ReasonCount>();
  private readonly problems: RecordProblem[] = [];

  constructor(
    private readonly sector: Sector,
    private readonly maxProblems: number,
    private readonly today = new Date(),
  ) {}

  add(row: SectorRow, line: number): void {
    this.records++;
    const p = prepareRecord({ rowNo: this.records, ...row }, this.sector, this.today);
    if (p.valid) {
      this.valid++;
      return;
    }
    const code = p.reasonCode!;
    const reason = p.reason!;
    const kind = this.byCode.get(code);
    if (kind) kind.count++;
    else this.byCode.set(code, { code, count: 1, firstLine: line, example: reason });
    if (this.problems.length < this.maxProblems) this.problems.push({ line, code, reason });
  }

  report(): RecordCheckReport {
    const invalid = this.records - this.valid;
    const invalidByReason = [...this.byCode.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
    return {
      records: this.records,
      valid: this.valid,
      invalid,
      invalidByReason,
      problems: [...this.problems],
      problemsTruncated: invalid > this.problems.length,
    };
  }
}

/** Blocks of rows from the upload's row stages into a RecordCheck. */
class CheckRows extends Writable {
  constructor(private readonly check: RecordCheck) {
    super({ objectMode: true });
  }

  override _write(block: RowBlock, _encoding: BufferEncoding, done: (err?: Error | null) => void): void {
    const n = blockRows(block);
    for (let i = 0; i < n; i++) this.check.add(blockRow(block, i), blockLine(block, i));
    done();
  }
}

/**
 * Checks a whole upload body, streamed: the same stages as an upload, so a
 * body whose structure the upload refuses (a CSV header without idNumber, a
 * quote never closed) throws the same RecordUploadError here.
 */
export async function checkBody(
  body: NodeJS.ReadableStream,
  format: UploadFormat,
  sector: Sector,
  maxProblems: number,
  signal?: AbortSignal,
): Promise<RecordCheckReport> {
  const check = new RecordCheck(sector, maxProblems);
  const { stages, explain } = rowStages(format);
  try {
    await pipeline([body, ...stages, new CheckRows(check)], { signal });
  } catch (err) {
    throw explain(err);
  }
  return check.report();
}

/** An inline record as validateSectorRecords takes it (submitSectorBatch's input). */
export interface InlineRecord {
  idNumber: string;
  name: string;
  birthDate?: Date | null;
  regionCode?: string | null;
  attributes?: Record<string, unknown> | null;
}

/** Checks inline records, each numbered by its position from 1. */
export function checkInline(records: readonly InlineRecord[], sector: Sector, maxProblems: number): RecordCheckReport {
  const check = new RecordCheck(sector, maxProblems);
  records.forEach((r, i) =>
    check.add(
      {
        idNumber: r.idNumber,
        name: r.name,
        birthDate: r.birthDate ? r.birthDate.toISOString().slice(0, 10) : null,
        regionCode: r.regionCode ?? null,
        attributes: r.attributes ?? null,
        parseError: null,
      },
      i + 1,
    ),
  );
  return check.report();
}
