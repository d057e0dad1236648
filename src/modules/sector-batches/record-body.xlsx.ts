import { Duplex, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type CsvBlock, type CsvRecord, SORT_BLOCK_ROWS } from './record-blocks';
import { type CsvHeader, readCsvHeader } from './record-line.parser';
import { RecordUploadError, RecordUploadFailure } from './record-upload.errors';

/** A zip archive's first bytes (a local file header); an XLSX is one. */
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** An Excel 97-2003 .xls (an OLE compound file) starts with these. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
/** Excel keeps 15 significant digits of a number: an 18-digit ID number typed as one has lost its last digits. */
const EXACT_DIGITS = 15;

/**
 * An XLSX body into blocks of rows, as CSV records: the first sheet, its first
 * non-empty row the header, each row after it a record whose line number is
 * its row number. Read with exceljs's streaming reader, so a sheet's rows are
 * never all held; only its shared strings are (the format keeps them apart from the rows).
 */
export function xlsxStages(): { stages: Duplex[]; explain(err: unknown): unknown } {
  return { stages: [Duplex.from(xlsxRows)], explain: (err) => err };
}

async function* xlsxRows(source: AsyncIterable<Buffer>): AsyncGenerator<CsvBlock> {
  const body = new WatchedBody(source);
  const head = await body.head(ZIP_MAGIC.length);
  if (!head.subarray(0, ZIP_MAGIC.length).equals(ZIP_MAGIC)) throw bodyError(notZip(head));
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(body.bytes()), { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore' });
  let sheets = 0;
  let taken = false;
  try {
    for await (const sheet of reader) {
      sheets++;
      // Any other sheet (a template's notes) is read through, not into the batch: the zip comes in order.
      if (taken || !isFirstSheet(reader, sheet)) for await (const row of sheet) void row;
      else {
        taken = true;
        yield* sheetBlocks(sheet);
      }
    }
  } catch (err) {
    throw body.failure ?? (err instanceof RecordUploadError ? err : bodyError(`the XLSX cannot be read (${clip(String((err as Error).message ?? err))})`));
  }
  if (body.failure) throw body.failure;
  if (sheets === 0) throw bodyError('the XLSX has no worksheet');
  if (!taken) throw bodyError('the XLSX does not hold the first sheet its workbook names');
}

type Sheet = AsyncIterable<ExcelJS.Row>;

async function* sheetBlocks(sheet: Sheet): AsyncGenerator<CsvBlock> {
  let header: CsvHeader | null = null;
  let records: CsvRecord[] = [];
  for await (const row of sheet) {
    const values = row.values as unknown[];
    if (!header) {
      const cells = rowCells(values, 0, -1);
      if (cells.cells.every((c) => c === '')) continue;
      const read = readCsvHeader(cells.cells);
      if ('problem' in read) throw bodyError(`line ${row.number}: ${read.problem.replace('CSV header', 'header row')}`);
      header = read.header;
      continue;
    }
    const { cells, problem } = rowCells(values, header.columns.length, header.index.idNumber);
    if (cells.every((c) => c === '') && !problem) continue;
    records.push(problem ? { cells, lineNo: row.number, problem } : { cells, lineNo: row.number });
    if (records.length >= SORT_BLOCK_ROWS) {
      yield { format: 'csv', header, records };
      records = [];
    }
  }
  if (header && records.length > 0) yield { format: 'csv', header, records };
}

/** A row's cells as text, `width` of them at least (trailing empty cells are not in the file); the first problem with one. */
function rowCells(values: unknown[], width: number, idColumn: number): { cells: string[]; problem?: string } {
  let last = values.length - 1;
  while (last >= 1 && (values[last] === undefined || values[last] === null || values[last] === '')) last--;
  const cells: string[] = new Array<string>(Math.max(width, last));
  let problem: string | undefined;
  for (let i = 0; i < cells.length; i++) {
    const text = cellText(values[i + 1], i === idColumn);
    if (typeof text === 'string') cells[i] = text;
    else {
      cells[i] = '';
      problem ??= `column ${i + 1} ${text.problem}`;
    }
  }
  return problem ? { cells, problem } : { cells };
}

/** One cell's value as the text a CSV would carry, or what keeps it from being read as such. */
function cellText(value: unknown, isIdNumber: boolean): string | { problem: string } {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return numberText(value, isIdNumber);
  if (value instanceof Date) return dateText(value);
  const v = value as { richText?: Array<{ text: string }>; formula?: string; result?: unknown; error?: string; text?: unknown };
  if (v.richText) return v.richText.map((r) => r.text ?? '').join('');
  if (v.error !== undefined) return { problem: `holds the error ${clip(String(v.error))}` };
  if (v.formula !== undefined) return cellText(v.result, isIdNumber);
  if (v.text !== undefined) return cellText(v.text, isIdNumber);
  return { problem: 'holds a value that is not text, a number, a date or a boolean' };
}

function numberText(n: number, isIdNumber: boolean): string | { problem: string } {
  if (isIdNumber && !(Number.isInteger(n) && n > 0 && String(n).length <= EXACT_DIGITS)) {
    return { problem: `(idNumber) is a number, of which Excel keeps only ${EXACT_DIGITS} digits: format the column as text and type the ID number again` };
  }
  if (Number.isInteger(n) && !Number.isSafeInteger(n)) return { problem: 'is a number too long to be kept exactly: format the column as text' };
  return String(n);
}

/** A date cell as YYYY-MM-DD (exceljs gives the sheet's day as UTC midnight), with its time only when it has one. */
function dateText(d: Date): string | { problem: string } {
  if (Number.isNaN(d.getTime())) return { problem: 'is not a valid date' };
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** Whether `sheet` is the workbook's first sheet in tab order (which need not be sheet1.xml); true when the workbook does not say. */
function isFirstSheet(reader: object, sheet: object): boolean {
  const first = (reader as { model?: { sheets?: Array<{ name?: string }> } }).model?.sheets?.[0]?.name;
  return first === undefined || (sheet as { name?: string }).name === first;
}

/** The body's bytes for the reader, with the first ones peeked at; a failure of the body itself is kept apart from the reader's. */
class WatchedBody {
  failure: unknown = null;
  private readonly it: AsyncIterator<Buffer>;
  private peeked: Buffer[] = [];

  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }

  async head(n: number): Promise<Buffer> {
    let size = 0;
    while (size < n) {
      const next = await this.next();
      if (next.done) break;
      this.peeked.push(next.value);
      size += next.value.length;
    }
    return Buffer.concat(this.peeked);
  }

  /** The bytes; a body that fails just ends, since the reader's zip never hears of an error upstream and would wait forever. */
  async *bytes(): AsyncGenerator<Buffer> {
    yield* this.peeked.splice(0);
    try {
      for (let next = await this.next(); !next.done; next = await this.next()) yield next.value;
    } catch {
      // Kept in `failure`; the reader then fails on a zip cut short, and the body's own error is what is thrown.
    }
  }

  private async next(): Promise<IteratorResult<Buffer>> {
    try {
      return await this.it.next();
    } catch (err) {
      this.failure = err;
      throw err;
    }
  }
}

function notZip(head: Buffer): string {
  if (head.length === 0) return 'the XLSX body is empty';
  if (head.subarray(0, OLE_MAGIC.length).equals(OLE_MAGIC)) return 'this is an Excel 97-2003 .xls, not an .xlsx: save it as .xlsx (or as CSV)';
  return 'the body is not an XLSX workbook (an XLSX is a zip archive; is it a CSV?)';
}

function bodyError(problem: string): RecordUploadError {
  return new RecordUploadError(RecordUploadFailure.BAD_BODY, `${problem}; nothing of this upload was kept`);
}

function clip(s: string): string {
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
