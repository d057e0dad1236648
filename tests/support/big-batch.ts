import { runSql, sql } from '../../src/db/sql';
import type { MikroORM } from '@mikro-orm/postgresql';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { insertRecords } from '../../src/modules/sector-batches/sector-records.repository';
import { Sector } from '../../src/modules/tenants/tenant.enums';
import type { TestHub } from './test-hub';

/**
 * Fills a RECEIVING batch with `n` records through the intake's own insert
 * (the HTTP upload is tested elsewhere): every third one a registry member of P52, some invalid,
 * the rest unknown people; then the same rows for `count` batches.
 */
export async function fillBatch(orm: MikroORM, batchId: string, memberIds: string[], n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    if (k % 3 === 0) return { idNumber: memberIds[k % memberIds.length], name: `成员${k}` };
    if (k % 17 === 0) return { idNumber: `52010219X${k}`, name: 'x' };
    return { idNumber: buildIdNumber('530102', `19${50 + (k % 49)}-0${1 + (k % 9)}-1${k % 9}`, k % 1000), name: `路人${k}` };
  });
  const records = rows.map((r) => ({ ...r, attributes: { monthlyAmount: 300 } }));
  await insertRecords(orm.em.fork(), batchId, Sector.MINIMUM_LIVING, records);
  await runSql(orm.em.fork(), sql`update sector_batches set total_records = ${n}::int where id = ${batchId}::uuid`);
}

/** A new MINIMUM_LIVING batch of MCA's, created through the schema and filled by {@link fillBatch}; its id. */
export async function filledBatch(hub: TestHub, memberIds: string[], n: number): Promise<string> {
  const res = await hub.gql<{ createSectorBatch: { id: string } }>(
    'MCA',
    `mutation($k: String!) { createSectorBatch(idempotencyKey: $k, sector: MINIMUM_LIVING, period: "2020") { id } }`,
    { k: `k${Math.random()}` },
  );
  const id = res.body.data!.createSectorBatch.id;
  await fillBatch(hub.db.orm, id, memberIds, n);
  return id;
}
