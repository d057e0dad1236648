import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeCursor, pageSize, toPage } from '../../graphql/pagination';
import { HubError } from '../../graphql/hub-error';
import { SectorBatch } from './sector-batch.entity';
import type { MatchOutcome } from './sector-batch.enums';
import type { SectorBatchFilter } from './sector-batches.inputs';
import { recordsPage } from './sector-records.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads of batches and their records; the owner filter limits a ministry to its own batches. */
export class BatchReadsService {
  constructor(private readonly em: EntityManager) {}

  /** A batch the caller may see (its own; LGOP all), else null. */
  get(id: string): Promise<SectorBatch | null> {
    if (!UUID.test(id)) return Promise.resolve(null);
    return this.em.fork({ keepTransactionContext: true }).findOne(SectorBatch, { id });
  }

  /** Newest first; the cursor is the batch's position in that order. */
  async list(filter: SectorBatchFilter | undefined, first?: number | null, after?: string | null) {
    const limit = pageSize(first);
    const where: Record<string, unknown> = {};
    if (filter?.sector) where.sector = filter.sector;
    if (filter?.status) where.status = filter.status;
    if (filter?.period) where.period = filter.period;
    if (filter?.tenantCode) where.tenantCode = filter.tenantCode;
    const cursor = decodeBatchCursor(after);
    if (cursor) where.$or = [{ createdAt: { $lt: cursor.at } }, { createdAt: cursor.at, id: { $lt: cursor.id } }];
    const rows = await this.em.find(SectorBatch, where as FilterQuery<SectorBatch>, { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], limit: limit + 1 });
    const page = toPage(rows, limit, (b) => b.id);
    page.edges.forEach((e) => (e.cursor = encodeBatchCursor(e.node)));
    page.pageInfo.endCursor = page.edges.length ? page.edges[page.edges.length - 1].cursor : null;
    return page;
  }

  /** A page of one batch's records in row order; null when the batch is not the caller's. */
  async records(batchId: string, outcome: MatchOutcome | undefined, first?: number | null, after?: string | null) {
    const batch = await this.get(batchId);
    if (!batch) return null;
    const limit = pageSize(first);
    const rows = await recordsPage(this.em, batch.id, { afterRow: decodeCursor(after) ?? 0, outcome, limit: limit + 1 });
    return toPage(rows, limit, (r) => r.rowNo);
  }
}

function encodeBatchCursor(b: SectorBatch): string {
  return Buffer.from(`b:${b.createdAt.toISOString()}|${b.id}`).toString('base64url');
}

function decodeBatchCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const m = /^b:([0-9T:.\-Z]{20,30})\|([0-9a-f-]{36})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m || Number.isNaN(Date.parse(m[1]))) throw HubError.badInput([{ path: 'after', message: 'Not a cursor returned by this API' }]);
  return { at: new Date(m[1]), id: m[2] };
}
