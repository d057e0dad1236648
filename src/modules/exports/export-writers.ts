import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { jsonOfCopyLine } from '../../db/copy-out';
import type { ColumnKind, ExportColumn, ExportPlan, ExportRow } from './export-plan';

/** Excel reads a CSV as UTF-8 only when it starts with a byte order mark. */
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Lines of text a CSV chunk gathers before it is written: fewer, bigger writes. */
const LINES_PER_CHUNK = 500;

/** The lines of a COPY's text output, as they arrive (a line never spans chunks once joined). */
export async function* copyLines(rows: Readable): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of rows as AsyncIterable<Buffer>) {
    // Split on the newline byte: it never occurs inside a UTF-8 multi-byte character.
    const text = rest + chunk.toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) yield line;
  }
  if (rest) yield rest;
}

/** The rows of the file: each COPY line's JSON, through the plan's view when it has one. */
export async function* viewedRows(plan: ExportPlan, lines: AsyncIterable<string>): AsyncGenerator<ExportRow> {
  for await (const line of lines) {
    const row = jsonOfCopyLine(line);
    if (plan.view) yield* plan.view(row);
    else yield row;
  }
}

/** A value as CSV text (the same as PostgreSQL writes it in csvColumnsQuery). */
function cellText(value: unknown, kind: ColumnKind | undefined): string {
  if (value === null || value === undefined) return '';
  if (kind === 'list' && Array.isArray(value)) return value.join(';');
  if (kind === 'instant') return new Date(value as string).toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(columns: ExportColumn[], row: ExportRow): string {
  return columns.map((c) => csvField(cellText(row[c.key], c.kind))).join(',') + '\n';
}

/** The CSV of rows that went through a view: BOM and header, then the rows in chunks of lines. */
export async function* csvChunks(columns: ExportColumn[], rows: AsyncIterable<ExportRow>): AsyncGenerator<Buffer> {
  yield Buffer.concat([UTF8_BOM, Buffer.from(columns.map((c) => csvField(c.key)).join(',') + '\n')]);
  let lines: string[] = [];
  for await (const row of rows) {
    lines.push(csvLine(columns, row));
    if (lines.length >= LINES_PER_CHUNK) {
      yield Buffer.from(lines.join(''));
      lines = [];
    }
  }
  if (lines.length) yield Buffer.from(lines.join(''));
}

/** The CSV COPY wrote itself, after the BOM. */
export async function* bomThen(rows: Readable): AsyncGenerator<Buffer> {
  yield UTF8_BOM;
  for await (const chunk of rows as AsyncIterable<Buffer>) yield chunk;
}

/** A cell as XLSX keeps it: numbers and yes/no typed, the rest as the CSV's text. */
function xlsxCell(value: unknown, kind: ColumnKind | undefined): string | number | boolean | null {
  if (value === null || value === undefined) return null;
  if (kind === 'number' && typeof value === 'number') return value;
  if (kind === 'boolean' && typeof value === 'boolean') return value;
  return cellText(value, kind);
}

/**
 * Writes the rows as one worksheet with exceljs's streaming writer (no shared
 * strings, no styles: each row leaves as it is committed). Waits for `out` to
 * drain between rows, so memory stays flat whatever the row count.
 */
export async function writeXlsx(sheetName: string, columns: ExportColumn[], rows: AsyncIterable<ExportRow>, out: Writable): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.addRow(columns.map((c) => c.key)).commit();
  for await (const row of rows) {
    sheet.addRow(columns.map((c) => xlsxCell(row[c.key], c.kind))).commit();
    if (out.writableNeedDrain) await drained(out);
  }
  sheet.commit();
  await book.commit();
}

/** Resolves when `out` drains; rejects when it closes first (the client went away). */
async function drained(out: Writable): Promise<void> {
  const closed = new AbortController();
  const onClose = () => closed.abort(new Error('the export stream closed'));
  out.once('close', onClose);
  try {
    await once(out, 'drain', { signal: closed.signal });
  } finally {
    out.off('close', onClose);
  }
}
