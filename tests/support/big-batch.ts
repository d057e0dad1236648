import type { MikroORM } from '@mikro-orm/postgresql';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';

/**
 * Fills a RECEIVING batch with `n` records straight in SQL (the intake is
 * tested elsewhere): every third one a registry member of P52, some invalid,
 * the rest unknown people; then the same rows for `count` batches.
 */
export async function fillBatch(orm: MikroORM, batchId: string, memberIds: string[], n: number): Promise<void> {
  const rows = Array.from({ length: n }, (_, i) => {
    const k = i + 1;
    if (k % 3 === 0) return { idNumber: memberIds[k % memberIds.length], name: `成员${k}` };
    if (k % 17 === 0) return { idNumber: `52010219X${k}`, name: 'x' };
    return { idNumber: buildIdNumber('530102', `19${50 + (k % 49)}-0${1 + (k % 9)}-1${k % 9}`, k % 1000), name: `路人${k}` };
  });
  await orm.em.getConnection().execute(
    `insert into sector_records (batch_id, row_no, id_number, name, attributes)
     select ?::uuid, t.ord::int, t.r->>'idNumber', t.r->>'name', '{"monthlyAmount": 300}'::jsonb
     from jsonb_array_elements(?::jsonb) with ordinality as t(r, ord)`,
    [batchId, JSON.stringify(rows)],
  );
  await orm.em.getConnection().execute(`update sector_batches set total_records = ? where id = ?::uuid`, [n, batchId]);
}
