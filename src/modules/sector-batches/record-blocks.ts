import { copyLine } from './copy-text.encoder';
import { type CsvHeader, type SectorRow, badRow, parseCsvRecord, parseNdjsonLine, tooLongRow } from './record-line.parser';
import { prepareRecord } from './record-preparer';
import type { Sector } from '../tenants/tenant.enums';

/**
 * Rows sorted by ID number before they are written, in blocks of this many:
 * the exact-match pass reads a batch by ranges of ID numbers, and a range then
 * finds its records on a few pages of each block instead of one page per
 * record. Row numbers are given before sorting, so nothing else changes. A
 * block is also the unit of work of the encoder threads.
 */
export const SORT_BLOCK_ROWS = 8_192;

/** NDJSON rows of a block: the lines' bytes, and per row [start, end, lineNo] into them (end -1: a line over the limit, not held). */
export interface NdjsonBlock {
  format: 'ndjson';
  bytes: Uint8Array;
  spans: Float64Array;
}

/** A CSV record or an XLSX row: its cells, the line (row) it starts on, and what already made it unreadable, if anything. */
export interface CsvRecord {
  cells: string[];
  lineNo: number;
  problem?: string;
}

/** CSV rows of a block: the records after the header, as csv-parse (or the XLSX reader) cut them. */
export interface CsvBlock {
  format: 'csv';
  header: CsvHeader;
  records: CsvRecord[];
}

export type RowBlock = NdjsonBlock | CsvBlock;

/** Where a block's rows go: its batch, the sector whose attributes it checks, and the row number of its first row. */
export interface BlockTarget {
  batchId: string;
  sector: Sector;
  firstRowNo: number;
  /** The day ID numbers' birth dates are checked against, as ms since the epoch. */
  today: number;
}

/** A block as COPY text (UTF-8), with what it counted. */
export interface EncodedBlock {
  text: Uint8Array;
  received: number;
  badLines: number;
}

/** How many rows a block holds. */
export function blockRows(block: RowBlock): number {
  return block.format === 'csv' ? block.records.length : block.spans.length / 3;
}

/**
 * Parses, normalises and encodes one block: each row numbered in body order
 * from `firstRowNo`, the lines then sorted by ID number. Pure, so it runs the
 * same in an encoder thread and in the caller's.
 */
export function encodeBlock(block: RowBlock, target: BlockTarget): EncodedBlock {
  const today = new Date(target.today);
  const lines: Array<{ key: string; line: string }> = [];
  let badLines = 0;
  const count = blockRows(block);
  for (let i = 0; i < count; i++) {
    const row = blockRow(block, i);
    const rowNo = target.firstRowNo + i;
    // Normalised here, on the way in, so the workers match in SQL without reading records back into memory.
    const raw = {
      rowNo,
      idNumber: row.idNumber,
      name: row.name,
      birthDate: row.birthDate,
      regionCode: row.regionCode,
      attributes: row.attributes,
      parseError: row.parseError,
    };
    const prepared = prepareRecord(raw, target.sector, today);
    lines.push({ key: prepared.idNumber, line: copyLine(target.batchId, rowNo, row, prepared) });
    if (row.parseError !== null) badLines++;
  }
  lines.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // One flat string, encoded once: appending a line at a time builds a rope that the encoding must first flatten.
  const text = lines.map((l) => l.line).join('');
  return { text: Buffer.from(text, 'utf8'), received: count, badLines };
}

/** Row `i` of a block, read. */
export function blockRow(block: RowBlock, i: number): SectorRow {
  if (block.format === 'csv') {
    const { cells, lineNo, problem } = block.records[i];
    return problem ? badRow(lineNo, problem) : parseCsvRecord(block.header, cells, lineNo);
  }
  const [start, end, lineNo] = [block.spans[3 * i], block.spans[3 * i + 1], block.spans[3 * i + 2]];
  if (end < 0) return tooLongRow(lineNo);
  return parseNdjsonLine(ndjsonText(asBuffer(block.bytes), lineNo, start, end), lineNo);
}

/** The block's bytes as a Buffer (one view a block, not one a line). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A line's text (bytes `start` to `end`, all of them by default); the first line's BOM is no part of it. */
export function ndjsonText(bytes: Buffer, lineNo: number, start = 0, end = bytes.length): string {
  const text = bytes.toString('utf8', start, end);
  return lineNo === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The line of the body row `i` of a block starts on (CSV: its first line; the header is line 1). */
export function blockLine(block: RowBlock, i: number): number {
  return block.format === 'csv' ? block.records[i].lineNo : block.spans[3 * i + 2];
}
