import { Transform, type TransformCallback } from 'node:stream';
import { CsvError, type Options as CsvOptions, Parser as CsvParser } from 'csv-parse';
import { prepareRecord } from './record-preparer';
import type { Sector } from '../tenants/tenant.enums';
import { copyLine } from './copy-text.encoder';
import { type CsvHeader, MAX_LINE_BYTES, type SectorRow, parseCsvRecord, parseNdjsonLine, readCsvHeader, tooLongRow } from './record-line.parser';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';

/** The body formats PUT /batches/{id}/records reads. */
export type UploadFormat = 'ndjson' | 'csv';

/** Characters gathered per write to COPY: enough that per-message cost vanishes, little enough to stay flat. */
const COPY_CHUNK_CHARS = 64 * 1024;

/** The stages that turn body bytes into SectorRow objects, and how their failures read to the client. */
export interface RowStages {
  stages: Transform[];
  /** A failure of the body's structure as a RecordUploadError; any other error unchanged. */
  explain(err: unknown): unknown;
}

/** The row stages of one format. */
export function rowStages(format: UploadFormat): RowStages {
  return format === 'csv' ? csvStages() : { stages: [new NdjsonRows()], explain: (err) => err };
}

/**
 * NDJSON bytes into rows, one per non-empty line. Lines are cut on bytes, so a
 * character split across chunks is decoded whole; a line over MAX_LINE_BYTES
 * is dropped as it streams and stands as one bad row.
 */
export class NdjsonRows extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private overflow = false;
  private lineNo = 0;

  constructor() {
    super({ readableObjectMode: true });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      this.append(chunk.subarray(start, nl));
      this.endLine();
      start = nl + 1;
    }
    this.append(chunk.subarray(start));
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.size > 0 || this.overflow) this.endLine();
    done();
  }

  private append(piece: Buffer): void {
    if (this.overflow || piece.length === 0) return;
    if (this.size + piece.length > MAX_LINE_BYTES) {
      this.overflow = true;
      this.parts = [];
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private endLine(): void {
    this.lineNo++;
    const row = this.overflow ? tooLongRow(this.lineNo) : this.readLine();
    if (row) this.push(row);
    this.parts = [];
    this.size = 0;
    this.overflow = false;
  }

  private readLine(): SectorRow | null {
    let text = Buffer.concat(this.parts, this.size).toString('utf8');
    if (this.lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // Blank lines (a trailing newline, a CRLF, an editor's padding) are no records and take no row number.
    if (text.trim() === '') return null;
    return parseNdjsonLine(text, this.lineNo);
  }
}

interface CsvRecord {
  cells: string[];
  lineNo: number;
}

/**
 * csv-parse, then the header and the rows. Quotes are read leniently and a
 * wrong column count is left to the row, so only two things fail the whole
 * body: a record over MAX_LINE_BYTES and a quote never closed. Both mean an
 * open quote has swallowed the lines after it, whose positions are then unknowable.
 */
function csvStages(): RowStages {
  // Counted here, in parse order, so an error names the line of the record being read.
  let nextLine = 1;
  const options: CsvOptions<CsvRecord, string[]> = {
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    max_record_size: MAX_LINE_BYTES,
    // Explicit, so that a file mixing CRLF and LF is not split on whichever came first.
    record_delimiter: ['\r\n', '\n'],
    on_record: (cells) => {
      const lineNo = nextLine;
      nextLine += 1 + cells.reduce((n, c) => n + lineBreaks(c), 0);
      return cells.length === 1 && cells[0] === '' ? null : { cells, lineNo };
    },
  };
  // The constructor's type knows only records of string[], not what on_record makes of them.
  const parser = new CsvParser(options as unknown as CsvOptions);
  return { stages: [parser, new CsvRows()], explain: (err) => explainCsvFailure(err, nextLine) };
}

function lineBreaks(cell: string): number {
  let n = 0;
  for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) n++;
  return n;
}

function explainCsvFailure(err: unknown, lineNo: number): unknown {
  if (!(err instanceof CsvError)) return err;
  const problem =
    err.code === 'CSV_MAX_RECORD_SIZE'
      ? `a record longer than ${MAX_LINE_BYTES / 1024} KB (is a quote left open?)`
      : err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? 'a quoted field that is never closed'
        : err.message;
  return new RecordUploadError(RecordUploadFailure.BAD_BODY, `line ${lineNo}: ${problem}; nothing of this upload was kept`);
}

/** CSV records into rows: the first one is the header, which the others are read against. */
export class CsvRows extends Transform {
  private header: CsvHeader | null = null;

  constructor() {
    super({ objectMode: true });
  }

  override _transform(record: CsvRecord, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.header) {
      this.push(parseCsvRecord(this.header, record.cells, record.lineNo));
      return done();
    }
    const read = readCsvHeader(record.cells);
    if ('problem' in read) {
      return done(new RecordUploadError(RecordUploadFailure.BAD_BODY, `line ${record.lineNo}: ${read.problem}; nothing of this upload was kept`));
    }
    this.header = read.header;
    done();
  }
}

/**
 * Rows sorted by ID number before they are written, in blocks of this many:
 * the exact-match pass reads a batch by ranges of ID numbers, and a range then
 * finds its records on a few pages of each block instead of one page per
 * record. Row numbers are given before sorting, so nothing else changes.
 */
const SORT_BLOCK_ROWS = 8_192;

/** Rows into COPY text, numbered from `firstRowNo`; counts what it numbered. */
export class CopyRows extends Transform {
  received = 0;
  badLines = 0;
  private block: Array<{ key: string; line: string }> = [];

  constructor(
    private readonly batchId: string,
    private readonly firstRowNo: number,
    private readonly sector: Sector,
    private readonly today = new Date(),
  ) {
    super({ writableObjectMode: true });
  }

  override _transform(row: SectorRow, _encoding: BufferEncoding, done: TransformCallback): void {
    const rowNo = this.firstRowNo + this.received;
    // Normalised here, on the way in, so the workers match in SQL without reading records back into memory.
    const prepared = prepareRecord({ rowNo, ...row }, this.sector, this.today);
    this.block.push({ key: prepared.idNumber, line: copyLine(this.batchId, rowNo, row, prepared) });
    this.received++;
    if (row.parseError !== null) this.badLines++;
    if (this.block.length >= SORT_BLOCK_ROWS) this.pushBlock();
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pushBlock();
    done();
  }

  private pushBlock(): void {
    if (this.block.length === 0) return;
    this.block.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let pending = '';
    for (const { line } of this.block) {
      pending += line;
      if (pending.length >= COPY_CHUNK_CHARS) {
        this.push(pending);
        pending = '';
      }
    }
    if (pending) this.push(pending);
    this.block = [];
  }
}
