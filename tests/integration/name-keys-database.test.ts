import type { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { nameKeys } from '../../src/modules/name-keys/name-keys';
import { inScope, roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/** name_char_keys and the members' name keys in the database, in raw SQL as the hub's roles (issue 16). */
describe('name keys in the database', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  const owner = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);
  const P52 = { scope: 'PROVINCE', province: '52', tenant: 'P52' };

  beforeAll(async () => {
    db = await createTestDatabase();
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
  });
  afterAll(async () => {
    await Promise.all([api.end(), worker.end()]);
    await db.drop();
  });

  it('lets every hub role read the table of character keys and none write it (row-level security, grants)', async () => {
    for (const client of [api, worker]) {
      expect(await inScope(client, P52, `select fold, pinyin from name_char_keys where ch = '張'`)).toEqual([{ fold: '张', pinyin: 'zhang' }]);
      await expect(inScope(client, P52, `insert into name_char_keys values ('x', 'x', 'x')`)).rejects.toThrow(/permission denied/);
      await expect(inScope(client, P52, `update name_char_keys set pinyin = 'x' where ch = '張'`)).rejects.toThrow(/permission denied/);
      await expect(inScope(client, P52, `delete from name_char_keys where ch = '張'`)).rejects.toThrow(/permission denied/);
    }
  });

  it('keys a member written by any path as intake keys a record, and keeps the keys on a rename', async () => {
    const [{ id: hh }] = await owner<{ id: number }>(
      `insert into households (registry_no, village_code, county_code, province_code, status, identified_year, primary_cause)
       values ('5201020010010001', '520102001001', '520102', '52', 'POOR', 2014, 'ILLNESS') returning id`,
    );
    const [{ id }] = await owner<{ id: number }>(
      `insert into members (household_id, province_code, id_number, name, name_norm) values (?, '52', '11010519491231002X', '阿依古麗買買提', '阿依古麗買買提') returning id`,
      [hh],
    );
    const keys = () => owner<{ name_fold: string; name_pinyin: string }>(`select name_fold, name_pinyin from members where id = ?`, [id]);
    const want = nameKeys('阿依古麗買買提');
    expect(await keys()).toEqual([{ name_fold: want.fold, name_pinyin: want.pinyin }]);
    await owner(`update members set name = 'DAVID王', name_norm = 'DAVID王' where id = ?`, [id]);
    expect(await keys()).toEqual([{ name_fold: 'DAVID王', name_pinyin: nameKeys('DAVID王').pinyin }]);
  });

  it('lets a bulk writer send keys computed by the same rule, and recomputes them on a rename whatever the writer sends', async () => {
    const [{ id: hh }] = await owner<{ id: number }>(
      `insert into households (registry_no, village_code, county_code, province_code, status, identified_year, primary_cause)
       values ('5201020010010002', '520102001001', '520102', '52', 'POOR', 2014, 'ILLNESS') returning id`,
    );
    const sent = nameKeys('張偉');
    const [{ id }] = await owner<{ id: number }>(
      `insert into members (household_id, province_code, id_number, name, name_norm, name_fold, name_pinyin)
       values (?, '52', '110105194912310021', '張偉', '張偉', ?, ?) returning id`,
      [hh, sent.fold, sent.pinyin],
    );
    const stored = () => owner<{ name_fold: string; name_pinyin: string }>(`select name_fold, name_pinyin from members where id = ?`, [id]);
    expect(await stored()).toEqual([{ name_fold: '张伟', name_pinyin: 'zhang wei' }]);
    await owner(`update members set name_norm = '王玮', name_fold = 'stale', name_pinyin = 'stale' where id = ?`, [id]);
    expect(await stored()).toEqual([{ name_fold: '王玮', name_pinyin: 'wang wei' }]);
  });
});
