import type { PreparedRecord } from './record-preparer';
import type { SectorRow } from './record-line.parser';

const NULL = '\\N';
const NEEDS_ESCAPE = /[\\\t\n\r]/;

/**
 * A value in PostgreSQL's COPY text format: the backslash, tab and line
 * breaks escaped, `\N` for NULL. Everything else passes verbatim, which is
 * why the parser refuses NUL characters before they get here.
 */
export function copyText(value: string | null): string {
  if (value === null) return NULL;
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/**
 * One `sector_records` row as a COPY text line, newline included. A valid
 * record keeps its attributes as checked (CSV text coerced to the sector's
 * types), so the rules in SQL read typed values.
 */
export function copyLine(batchId: string, rowNo: number, row: SectorRow, p: PreparedRecord): string {
  const attributes = p.valid ? JSON.stringify(p.attributes) : row.attributes === null ? null : JSON.stringify(row.attributes);
  return (
    `${batchId}\t${rowNo}\t${copyText(row.idNumber)}\t${copyText(row.name)}\t${copyText(row.birthDate)}\t` +
    `${copyText(row.regionCode)}\t${copyText(attributes)}\t${copyText(row.parseError)}\t` +
    `${p.valid ? 't' : 'f'}\t${copyText(p.reason)}\t${copyText(p.idNumber)}\t${copyText(p.corrected)}\t${copyText(p.nameNorm)}\t` +
    `${copyText(p.birthDate)}\t${copyText(p.county)}\t${p.sentBirthDate ? 't' : 'f'}\t${copyText(p.nameFold)}\t${copyText(p.namePinyin)}\n`
  );
}
