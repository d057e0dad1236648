import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { announcementPage } from './announcements.repository';
import { type Announcement, type AnnouncementQuery, encodeCursor, toCsv } from './announcements.rules';

/** A page ready to send: its body, type and strong validator. */
export interface AnnouncementResponse {
  body: string;
  contentType: string;
  etag: string;
  nextCursor: string | null;
}

/** One page of the public list, as JSON or CSV; the ETag is a digest of exactly the bytes sent. */
export async function announcementResponse(em: EntityManager, q: AnnouncementQuery): Promise<AnnouncementResponse> {
  // One row beyond the page says whether there is a next one.
  const rows = await announcementPage(em, { after: q.after, limit: q.limit + 1, provinceCode: q.provinceCode, countyCode: q.countyCode });
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  const nextCursor = rows.length > q.limit && last ? encodeCursor({ day: last.publishedOn, id: last.id }) : null;
  const items: Announcement[] = page.map(({ id: _id, ...item }) => item);
  const body = q.format === 'csv' ? toCsv(items) : JSON.stringify({ items, nextCursor });
  const contentType = q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8';
  const etag = `"${createHash('sha256').update(contentType).update('\n').update(body).digest('base64url').slice(0, 32)}"`;
  return { body, contentType, etag, nextCursor };
}
