import { type Duplex, Transform, type TransformCallback } from 'node:stream';
import { CsvError, type Options as CsvOptions, Parser as CsvParser } from 'csv-parse';
import type { Sector } from '../tenants/tenant.enums';
import { type CsvBlock, type EncodedBlock, type NdjsonBlock, type RowBlock, SORT_BLOCK_ROWS, blockRows, ndjsonText } from './record-blocks';
import { type BlockEncoder, IN_THREAD, InBodyOrder } from './record-encoder.pool';
import { BodyDecoder, type BodyCharset, UTF8_BODY } from './record-body.decoder';
import { xlsxStages } from './record-body.xlsx';
import { type CsvHeader, MAX_LINE_BYTES, readCsvHeader } from './record-line.parser';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';

/** The body formats PUT /batches/{id}/records reads. */
export type UploadFormat = 'ndjson' | 'csv' | 'xlsx';

/** A body's format and the encoding its bytes are in. */
export interface BodyType {
  format: UploadFormat;
  charset: BodyCharset;
}

/** The stages that turn body bytes into blocks of rows, and how their failures read to the client. */
export interface RowStages {
  stages: Duplex[];
  /** A failure of the body's structure as a RecordUploadError; any other error unchanged. */
  explain(err: unknown): unknown;
}

/** The row stages of one body type (a bare format: UTF-8), its bytes first decoded to UTF-8. */
export function rowStages(type: UploadFormat | BodyType): RowStages {
  const { format, charset } = typeof type === 'string' ? { format: type, charset: UTF8_BODY } : type;
  if (format === 'xlsx') return xlsxStages();
  const decoder = new BodyDecoder(charset);
  if (format === 'ndjson') return { stages: [decoder, new NdjsonRows()], explain: (err) => err };
  const csv = csvStages();
  return { stages: [decoder, ...csv.stages], explain: csv.explain };
}

/**
 * NDJSON bytes into blocks of rows, one row per non-empty line. Lines are cut
 * on bytes, so a character split across chunks is decoded whole; a line over
 * MAX_LINE_BYTES is dropped as it streams and stands as one bad row. Lines are
 * only cut and counted here; the encoder parses them.
 */
export class NdjsonRows extends Transform {
  private parts: Buffer[] = [];
  private size = 0;
  private overflow = false;
  private lineNo = 0;
  private block = new NdjsonBlockBuilder();

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
    this.pushBlock();
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
    if (this.overflow) this.block.add(null, this.lineNo);
    else if (!isBlankLine(this.parts, this.size, this.lineNo)) this.block.add(this.parts, this.lineNo);
    if (this.block.rows >= SORT_BLOCK_ROWS) this.pushBlock();
    this.parts = [];
    this.size = 0;
    this.overflow = false;
  }

  private pushBlock(): void {
    if (this.block.rows > 0) this.push(this.block.build());
    this.block = new NdjsonBlockBuilder();
  }
}

/** Blank lines (a trailing newline, a CRLF, an editor's padding) are no records and take no row number. */
function isBlankLine(parts: Buffer[], size: number, lineNo: number): boolean {
  // Almost every line opens its object at once; only the others are decoded to be sure.
  if (size === 0) return true;
  if (parts[0][0] === 0x7b) return false;
  return ndjsonText(Buffer.concat(parts, size), lineNo).trim() === '';
}

class NdjsonBlockBuilder {
  rows = 0;
  private readonly parts: Buffer[] = [];
  private readonly spans: number[] = [];
  private size = 0;

  /** A line's pieces, or null for a line over the limit. */
  add(pieces: Buffer[] | null, lineNo: number): void {
    const start = this.size;
    for (const p of pieces ?? []) {
      this.parts.push(p);
      this.size += p.length;
    }
    this.spans.push(start, pieces ? this.size : -1, lineNo);
    this.rows++;
  }

  build(): NdjsonBlock {
    return { format: 'ndjson', bytes: Buffer.concat(this.parts, this.size), spans: Float64Array.from(this.spans) };
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

/** CSV records into blocks of rows: the first record is the header, which the others are read against. */
export class CsvRows extends Transform {
  private header: CsvHeader | null = null;
  private records: CsvRecord[] = [];

  constructor() {
    super({ objectMode: true });
  }

  override _transform(record: CsvRecord, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.header) {
      this.records.push(record);
      if (this.records.length >= SORT_BLOCK_ROWS) this.pushBlock();
      return done();
    }
    const read = readCsvHeader(record.cells);
    if ('problem' in read) {
      return done(new RecordUploadError(RecordUploadFailure.BAD_BODY, `line ${record.lineNo}: ${read.problem}; nothing of this upload was kept`));
    }
    this.header = read.header;
    done();
  }

  override _flush(done: TransformCallback): void {
    this.pushBlock();
    done();
  }

  private pushBlock(): void {
    if (this.header && this.records.length > 0) this.push({ format: 'csv', header: this.header, records: this.records } satisfies CsvBlock);
    this.records = [];
  }
}

/**
 * Blocks of rows into COPY text, numbered from `firstRowNo` in body order;
 * counts what it numbered. Several blocks are encoded at once (on the
 * encoder's threads), and written in the order they came.
 */
export class CopyRows extends Transform {
  received = 0;
  badLines = 0;
  private nextRowNo: number;
  private readonly inFlight: InBodyOrder<EncodedBlock>;

  constructor(
    private readonly batchId: string,
    firstRowNo: number,
    private readonly sector: Sector,
    private readonly encoder: BlockEncoder = IN_THREAD,
    private readonly today = new Date(),
  ) {
    super({ writableObjectMode: true });
    this.nextRowNo = firstRowNo;
    this.inFlight = new InBodyOrder(encoder.parallelism, (encoded) => this.writeEncoded(encoded));
  }

  override _transform(block: RowBlock, _encoding: BufferEncoding, done: TransformCallback): void {
    const target = { batchId: this.batchId, sector: this.sector, firstRowNo: this.nextRowNo, today: this.today.getTime() };
    this.nextRowNo += blockRows(block);
    this.inFlight.add(this.encoder.encode(block, target)).then(() => done(), done);
  }

  override _flush(done: TransformCallback): void {
    this.inFlight.drain().then(() => done(), done);
  }

  private writeEncoded(encoded: EncodedBlock): void {
    this.received += encoded.received;
    this.badLines += encoded.badLines;
    if (encoded.text.length > 0) this.push(encoded.text);
  }
}
