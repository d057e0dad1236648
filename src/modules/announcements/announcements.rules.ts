import { announcementErrors } from './announcements.errors';

/** One announced project as the public sees it: place, type, money and a count of households; nothing about a person. */
export interface Announcement {
  projectNo: string;
  provinceCode: string;
  countyCode: string;
  villageCodes: string[];
  type: string;
  status: string;
  publishedOn: string;
  place: string;
  plannedStart: string | null;
  plannedEnd: string | null;
  budget: string;
  allocated: string;
  disbursed: string;
  householdsBenefited: number;
}

/** Where a page starts: after the project last shown (newest announcement first). */
export interface AnnouncementCursor {
  day: string;
  id: number;
}

export interface AnnouncementQuery {
  format: 'json' | 'csv';
  limit: number;
  after: AnnouncementCursor | null;
  provinceCode: string | null;
  countyCode: string | null;
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function encodeCursor(c: AnnouncementCursor): string {
  return Buffer.from(`${c.day}|${c.id}`).toString('base64url');
}

/** A cursor this list gave, or a refusal; a day PostgreSQL would reject never reaches it. */
export function decodeCursor(text: string): AnnouncementCursor {
  const [day, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  const n = Number(id);
  const valid =
    !rest.length && DAY.test(day ?? '') && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
  if (!valid || !/^\d{1,9}$/.test(id ?? '') || n < 1) throw announcementErrors.BAD_CURSOR();
  return { day, id: n };
}

/** The query string, checked: each refusal names its parameter. */
export function parseAnnouncementQuery(q: Record<string, unknown>): AnnouncementQuery {
  const one = (name: string): string | null => {
    const v = q[name];
    if (v === undefined) return null;
    return typeof v === 'string' ? v : '\u0000';
  };
  const format = one('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw announcementErrors.BAD_FORMAT();
  const limitText = one('limit');
  const limit = limitText === null ? DEFAULT_LIMIT : /^\d{1,3}$/.test(limitText) ? Number(limitText) : 0;
  if (limit < 1 || limit > MAX_LIMIT) throw announcementErrors.BAD_LIMIT(MAX_LIMIT);
  const after = one('after');
  const provinceCode = one('provinceCode');
  if (provinceCode !== null && !/^\d{2}$/.test(provinceCode)) throw announcementErrors.BAD_PROVINCE();
  const countyCode = one('countyCode');
  if (countyCode !== null && !/^\d{6}$/.test(countyCode)) throw announcementErrors.BAD_COUNTY();
  return { format, limit, after: after === null ? null : decodeCursor(after), provinceCode, countyCode };
}

export const CSV_COLUMNS: ReadonlyArray<keyof Announcement> = [
  'projectNo',
  'provinceCode',
  'countyCode',
  'villageCodes',
  'type',
  'status',
  'publishedOn',
  'place',
  'plannedStart',
  'plannedEnd',
  'budget',
  'allocated',
  'disbursed',
  'householdsBenefited',
];

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs a cell as a formula. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : Array.isArray(value) ? value.join(' ') : String(value);
  if (/^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The page as CSV: UTF-8 with a BOM (spreadsheets read Chinese places right), a header row, CRLF lines. */
export function toCsv(items: Announcement[]): string {
  const lines = [CSV_COLUMNS.join(','), ...items.map((item) => CSV_COLUMNS.map((c) => csvCell(item[c])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
