/**
 * Reads one uploaded line (NDJSON) or record (CSV) into a `sector_records`
 * row. Nothing here throws on bad input: a line that cannot be read becomes a
 * row carrying only `parseError`, so the rows after it keep their positions
 * and reconciliation reports it as INVALID with that reason.
 */
import { UNSTORABLE_TEXT } from '../../db/unstorable-text';

/** One row of `sector_records` as received: the fields as sent, or only the reason the line could not be read. */
export interface SectorRow {
  idNumber: string | null;
  name: string | null;
  birthDate: string | null;
  regionCode: string | null;
  attributes: Record<string, unknown> | null;
  parseError: string | null;
}

/** Longest line (NDJSON) or record (CSV) read, in bytes; longer ones are refused so memory stays flat. */
export const MAX_LINE_BYTES = 64 * 1024;

/** The record's own fields, in the order of a CSV template's first columns; the rest are sector attributes. */
export const TEXT_FIELDS = ['idNumber', 'name', 'birthDate', 'regionCode'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];
const KNOWN_FIELDS: ReadonlySet<string> = new Set<string>([...TEXT_FIELDS, 'attributes']);
/** Sector attributes are flat; deeper nesting is refused before PostgreSQL's jsonb parser meets it. */
const MAX_ATTRIBUTE_DEPTH = 8;

/** The row standing for a line that could not be read; `problem` names what is wrong with it. */
export function badRow(lineNo: number, problem: string): SectorRow {
  return { idNumber: null, name: null, birthDate: null, regionCode: null, attributes: null, parseError: `line ${lineNo}: ${problem}` };
}

/** The row standing for a line over MAX_LINE_BYTES (its content is never held). */
export function tooLongRow(lineNo: number): SectorRow {
  return badRow(lineNo, `longer than ${MAX_LINE_BYTES / 1024} KB`);
}

/** One non-empty NDJSON line (a SectorRecordInput object) into a row. */
export function parseNdjsonLine(text: string, lineNo: number): SectorRow {
  const value = readJson(text);
  if (value === NOT_JSON) return badRow(lineNo, 'not valid JSON');
  if (!isPlainObject(value)) return badRow(lineNo, `not a JSON object but ${jsonType(value)}`);
  const problem = objectProblem(value, text);
  if (problem) return badRow(lineNo, problem);
  const field = (f: TextField) => (value[f] ?? null) as string | null;
  const attributes = (value.attributes ?? null) as Record<string, unknown> | null;
  return { idNumber: field('idNumber'), name: field('name'), birthDate: field('birthDate'), regionCode: field('regionCode'), attributes, parseError: null };
}

const NOT_JSON = Symbol('not JSON');

function readJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function objectProblem(o: Record<string, unknown>, text: string): string | null {
  // An unknown key is most often a misspelt one ("idnumber"); saying so beats "idNumber is missing".
  const unknown = Object.keys(o).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown !== undefined) return `unknown field "${clip(unknown)}"`;
  for (const f of TEXT_FIELDS) {
    const v = o[f];
    // A number is refused too: 18-digit ID numbers do not survive a JSON number.
    if (v !== undefined && v !== null && typeof v !== 'string') return `${f} must be a string, not ${jsonType(v)}`;
  }
  const a = o.attributes;
  if (a !== undefined && a !== null && !isPlainObject(a)) return `attributes must be an object, not ${jsonType(a)}`;
  return mayBeUnstorable(text) ? unstorableProblem(o) : null;
}

/** What a CSV header says: where the known columns are, and which columns are attributes. */
export interface CsvHeader {
  columns: string[];
  index: Record<TextField, number>;
  /** Index of the `attributes` column (a JSON object), or -1. */
  attributesIndex: number;
  /** Every other column: its values become string attributes under the column's name. */
  extra: Array<{ name: string; index: number }>;
}

/** Reads the header row; a header that makes every row unreadable is a problem of the whole upload. */
export function readCsvHeader(cells: string[]): { header: CsvHeader } | { problem: string } {
  const columns = cells.map((c) => c.trim());
  const seen = new Set<string>();
  for (const c of columns) {
    if (c === '') return { problem: 'the CSV header has an empty column name' };
    if (seen.has(c)) return { problem: `the CSV header names the column "${clip(c)}" twice` };
    seen.add(c);
  }
  if (!seen.has('idNumber') || !seen.has('name')) {
    return { problem: `the CSV header must name the columns idNumber and name (it has: ${clip(columns.join(', '))})` };
  }
  const index = Object.fromEntries(TEXT_FIELDS.map((f) => [f, columns.indexOf(f)])) as Record<TextField, number>;
  const extra = columns.map((name, i) => ({ name, index: i })).filter((c) => !KNOWN_FIELDS.has(c.name));
  return { header: { columns, index, attributesIndex: columns.indexOf('attributes'), extra } };
}

/** One CSV record (after the header) into a row; an empty cell is a value not given. */
export function parseCsvRecord(header: CsvHeader, cells: string[], lineNo: number): SectorRow {
  if (cells.length !== header.columns.length) {
    // eslint-disable-next-line no-restricted-syntax -- a reader's message (its 'where' is English, not SQL), kept word for word
    return badRow(lineNo, `${cells.length} columns where the header has ${header.columns.length}`);
  }
  const nul = cells.findIndex((c) => c.includes('\u0000'));
  if (nul >= 0) return badRow(lineNo, `${clip(header.columns[nul])} contains a NUL character`);
  const attributes = csvAttributes(header, cells);
  if (typeof attributes === 'string') return badRow(lineNo, attributes);
  const cell = (f: TextField) => (header.index[f] >= 0 && cells[header.index[f]] !== '' ? cells[header.index[f]] : null);
  return { idNumber: cell('idNumber'), name: cell('name'), birthDate: cell('birthDate'), regionCode: cell('regionCode'), attributes, parseError: null };
}

/** The attributes of a CSV record, or the problem with its `attributes` column. */
function csvAttributes(header: CsvHeader, cells: string[]): Record<string, unknown> | null | string {
  let entries: Array<[string, unknown]> = [];
  const json = header.attributesIndex >= 0 ? cells[header.attributesIndex].trim() : '';
  if (json !== '') {
    const parsed = readJson(json);
    if (parsed === NOT_JSON) return 'attributes is not valid JSON';
    if (!isPlainObject(parsed)) return `attributes must be a JSON object, not ${jsonType(parsed)}`;
    const problem = mayBeUnstorable(json) ? unstorableProblem(parsed) : null;
    if (problem) return problem;
    entries = Object.entries(parsed);
  }
  for (const c of header.extra) if (cells[c.index] !== '') entries.push([c.name, cells[c.index]]);
  // fromEntries defines own properties, so a column named "__proto__" stays a plain key.
  return entries.length || json !== '' ? Object.fromEntries(entries) : null;
}

/**
 * Whether JSON `text` can parse to anything unstorableProblem refuses: a NUL or
 * a surrogate only gets into a value through an escape or as itself, and
 * nesting takes an opening bracket a level. Almost no line can, and those skip the walk.
 */
function mayBeUnstorable(text: string): boolean {
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) open++;
    else if ((c === 0x5c && text.charCodeAt(i + 1) === 0x75) || c === 0 || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return open > MAX_ATTRIBUTE_DEPTH;
}

/** Walks the values iteratively (a 64 KB line can nest deep enough to overflow a recursive walk). */
function unstorableProblem(root: Record<string, unknown>): string | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE_TEXT.test(value)) return 'contains a NUL character or an unpaired surrogate';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_ATTRIBUTE_DEPTH) return `nested deeper than ${MAX_ATTRIBUTE_DEPTH} levels`;
    for (const [k, v] of Object.entries(value)) stack.push({ value: k, depth }, { value: v, depth: depth + 1 });
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function clip(s: string): string {
  return s.length > 60 ? `${s.slice(0, 60)}…` : s;
}
