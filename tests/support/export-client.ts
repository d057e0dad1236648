import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { TestHub } from './test-hub';

export interface ExportAnswer {
  status: number;
  contentType: string | null;
  bytes: Buffer;
  /** The JSON error body of a refusal. */
  errors?: Array<{ message: string; extensions: { code: string; fields?: Array<{ path: string; message: string }> } }>;
}

/** GETs an export as `who` (a tenant code, or none for no token). */
export async function getExport(hub: TestHub, who: string | null, path: string): Promise<ExportAnswer> {
  const headers: Record<string, string> = who ? { authorization: `Bearer ${await hub.token(who)}` } : {};
  const res = await fetch(`${hub.url.replace(/\/graphql$/, '')}${path}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const contentType = res.headers.get('content-type');
  const answer: ExportAnswer = { status: res.status, contentType, bytes };
  if (contentType?.startsWith('application/json')) answer.errors = (JSON.parse(bytes.toString('utf8')) as { errors: ExportAnswer['errors'] }).errors;
  return answer;
}

/** A CSV export parsed back: header and rows of text; the BOM must be there (Excel reads UTF-8 only with it). */
export function csvRows(bytes: Buffer): { header: string[]; rows: string[][] } {
  if (!bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) throw new Error('the CSV does not start with a UTF-8 BOM');
  const [header, ...rows] = parse(bytes.subarray(3).toString('utf8'), { relaxColumnCount: false }) as string[][];
  return { header, rows };
}

/** An XLSX export parsed back: the first sheet's header and rows, every cell as the text CSV would carry. */
export async function xlsxRows(bytes: Buffer): Promise<{ header: string[]; rows: string[][] }> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const all: string[][] = [];
  const width = sheet.getRow(1).cellCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) {
      const v = row.getCell(c).value;
      cells.push(v === null || v === undefined ? '' : String(v));
    }
    all.push(cells);
  });
  const [header, ...rows] = all;
  return { header, rows };
}

/** Rows as objects by header. */
export function byHeader(table: { header: string[]; rows: string[][] }): Array<Record<string, string>> {
  return table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i] ?? ''])));
}
