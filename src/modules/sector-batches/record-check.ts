/**
 * Dry runs: records read and judged exactly as intake reads and judges them
 * (the same parser and preparer), counted instead of written. Pure; the
 * streamed dry run of an upload body is record-dry-run.ts.
 */
import type { Sector } from '../tenants/tenant.enums';
import { type RowBlock, blockLine, blockRow, blockRows } from './record-blocks';
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

/** What a run of records came to: counts, each kind's first, and the first problems; merged in body order. */
export interface CheckTally {
  records: number;
  valid: number;
  byCode: ReasonCount[];
  problems: RecordProblem[];
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

  /** Judges one record that starts on `line`. */
  add(row: SectorRow, line: number): void {
    this.records++;
    const p = prepareRecord({ rowNo: this.records, ...row }, this.sector, this.today);
    if (p.valid) this.valid++;
    else this.count({ code: p.reasonCode!, count: 1, firstLine: line, example: p.reason! }, [{ line, code: p.reasonCode!, reason: p.reason! }]);
  }

  /** Adds the tally of records judged elsewhere (an encoder thread), which come after those already counted. */
  merge(tally: CheckTally): void {
    this.records += tally.records;
    this.valid += tally.valid;
    for (const kind of tally.byCode) this.count(kind, []);
    for (const p of tally.problems) if (this.problems.length < this.maxProblems) this.problems.push(p);
  }

  tally(): CheckTally {
    return { records: this.records, valid: this.valid, byCode: [...this.byCode.values()], problems: [...this.problems] };
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

  private count(kind: ReasonCount, problems: RecordProblem[]): void {
    const known = this.byCode.get(kind.code);
    if (known) known.count += kind.count;
    else this.byCode.set(kind.code, { ...kind });
    for (const p of problems) if (this.problems.length < this.maxProblems) this.problems.push(p);
  }
}

/** Where a block's rows are judged: their sector, the day ID numbers are checked against (ms), and how many problems to keep. */
export interface CheckTarget {
  sector: Sector;
  today: number;
  maxProblems: number;
}

/** Judges one block of an upload's rows (pure, so it runs the same on an encoder thread and on the caller's). */
export function checkBlock(block: RowBlock, target: CheckTarget): CheckTally {
  const check = new RecordCheck(target.sector, target.maxProblems, new Date(target.today));
  const n = blockRows(block);
  for (let i = 0; i < n; i++) check.add(blockRow(block, i), blockLine(block, i));
  return check.tally();
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
