import type { EntityManager } from '@mikro-orm/postgresql';
import type { SectorRecordInput } from './sector-batches.inputs';

/** Stores inline records as sent (row numbers 1..n), in one statement. */
export async function insertInlineRecords(tem: EntityManager, batchId: string, records: SectorRecordInput[]): Promise<void> {
  if (!records.length) return;
  const rows = records.map((r) => ({
    idNumber: r.idNumber,
    name: r.name,
    birthDate: r.birthDate ? r.birthDate.toISOString().slice(0, 10) : null,
    regionCode: r.regionCode ?? null,
    attributes: r.attributes ?? null,
  }));
  await tem.execute(
    `insert into sector_records (batch_id, row_no, id_number, name, birth_date, region_code, attributes)
     select ?::uuid, t.ord::int, t.r->>'idNumber', t.r->>'name', t.r->>'birthDate', t.r->>'regionCode', t.r->'attributes'
     from jsonb_array_elements(?::jsonb) with ordinality as t(r, ord)`,
    [batchId, JSON.stringify(rows)],
  );
}

/** The outbox row that hands a committed batch to the queue. */
export async function insertOutbox(tem: EntityManager, batchId: string, topic: string): Promise<void> {
  await tem.execute(`insert into outbox (topic, aggregate_id) values (?, ?)`, [topic, batchId]);
}
