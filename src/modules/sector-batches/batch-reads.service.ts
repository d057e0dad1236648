import type { EntityManager } from '@mikro-orm/postgresql';
import { boundOwner } from '../../db/tenant-scope';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { HubError } from '../../graphql/hub-error';
import { type BatchCursor, type BatchRow, findBatch, listBatches } from './batch-reads.repository';
import type { MatchOutcome } from './sector-batch.enums';
import type { SectorBatchFilter } from './sector-batches.inputs';
import { type ScoreCursor, recordsPage } from './sector-records.repository';
import { BatchRecordOrder } from './batch-record.type';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads of batches and their records as plain rows; a ministry reads its own batches only (the owner scope, in the SQL). */
export class BatchReadsService {
  constructor(private readonly em: EntityManager) {}

  /** A batch the caller may see (its own; LGOP all), else null. */
  get(id: string): Promise<BatchRow | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return findBatch(this.em, boundOwner(this.em), id);
  }

  /** Newest first; the cursor is the batch's position in that order. */
  async list(filter: SectorBatchFilter | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const rows = await listBatches(this.em, boundOwner(this.em), filter, decodeBatchCursor(after), limit + 1);
    const page = toPage(rows, limit, (b) => b.id);
    page.edges.forEach((e) => (e.cursor = encodeBatchCursor(e.node)));
    page.pageInfo.endCursor = page.edges.length ? page.edges[page.edges.length - 1].cursor : null;
    return page;
  }

  /** A page of one batch's records in row order (or by PROBABLE score); null when the batch is not the caller's. */
  async records(batchId: string, outcome: MatchOutcome | undefined, first?: number | null, after?: string | null, order = BatchRecordOrder.ROW_NO) {
    const batch = await this.get(batchId);
    if (!batch) return null;
    const limit = pageSize(first);
    if (order === BatchRecordOrder.ROW_NO) {
      const rows = await recordsPage(this.em, batch.id, { afterRow: decodeCursor(after) ?? 0, outcome, limit: limit + 1 });
      return toPage(rows, limit, (r) => r.rowNo);
    }
    const rows = await recordsPage(this.em, batch.id, { afterRow: 0, outcome, limit: limit + 1, byScore: true, afterScore: decodeScoreCursor(after) });
    const page = toPage(rows, limit, (r) => r.rowNo);
    page.edges.forEach((e) => (e.cursor = Buffer.from(`s:${e.node.matchScore ?? -1}|${e.node.rowNo}`).toString('base64url')));
    page.pageInfo.endCursor = page.edges.length ? page.edges[page.edges.length - 1].cursor : null;
    return page;
  }
}

/** A cursor of the by-score order: the record's score (-1 for none) and row. */
function decodeScoreCursor(cursor: string | null | undefined): ScoreCursor | null {
  if (!cursor) return null;
  const m = /^s:(-1|\d(?:\.\d{1,20})?(?:e-\d{1,3})?)\|(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw HubError.badInput([{ path: 'after', message: 'Not a cursor returned by this API' }]);
  return { score: Number(m[1]), rowNo: Number(m[2]) };
}

function encodeBatchCursor(b: BatchRow): string {
  return Buffer.from(`b:${b.createdAtKey}|${b.id}`).toString('base64url');
}

function decodeBatchCursor(cursor: string | null | undefined): BatchCursor | null {
  if (!cursor) return null;
  const m = /^b:(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z)\|([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(
    Buffer.from(cursor, 'base64url').toString(),
  );
  // A calendar date JavaScript rolls over (February 30th) would fail in PostgreSQL instead of answering BAD_USER_INPUT.
  if (!m || !isRealInstant(m[1])) throw HubError.badInput([{ path: 'after', message: 'Not a cursor returned by this API' }]);
  return { at: m[1], id: m[2] };
}

function isRealInstant(text: string): boolean {
  const t = Date.parse(text);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 19) === text.slice(0, 19);
}
