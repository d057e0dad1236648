import { createTestDatabase, type TestDatabase } from '../support/test-database';

describe('registry schema', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  const sql = (q: string, params: unknown[] = []) => db.orm.em.getConnection().execute(q, params);

  async function insertHousehold(registryNo: string, villageCode: string, county = villageCode.slice(0, 6)) {
    const [row] = await sql(
      `insert into households (registry_no, village_code, county_code, province_code, status, identified_year)
       values (?, ?, ?, ?, 'POOR', 2014) returning id`,
      [registryNo, villageCode, county, villageCode.slice(0, 2)],
    );
    return row.id as number;
  }

  it('seeds the 18 tenants', async () => {
    const rows = await sql('select kind, count(*)::int as n from tenants group by kind order by kind');
    expect(rows).toEqual([
      { kind: 'ADMIN', n: 1 },
      { kind: 'MINISTRY', n: 7 },
      { kind: 'PROVINCE', n: 10 },
    ]);
  });

  it('refuses a duplicate registry number', async () => {
    await insertHousehold('5201020001', '520102001001');
    await expect(insertHousehold('5201020001', '520102001001')).rejects.toThrow(/households_registry_no_unique/);
  });

  it('refuses a province that is not the village code prefix', async () => {
    await expect(
      sql(`insert into households (registry_no, village_code, county_code, province_code, status, identified_year)
           values ('5301020009', '520102001001', '520102', '53', 'POOR', 2014)`),
    ).rejects.toThrow(/households_province_is_village_prefix/);
  });

  it('keeps one active member per ID number, but allows inactive repeats', async () => {
    const a = await insertHousehold('5201020002', '520102001001');
    const b = await insertHousehold('5201020003', '520102001001');
    const add = (hh: number, status: string) =>
      sql(`insert into members (household_id, province_code, id_number, name, name_norm, status) values (?, '52', '11010519491231002X', 'A', 'A', ?)`, [
        hh,
        status,
      ]);
    const c = await insertHousehold('5201020005', '520102001001');
    await add(a, 'ACTIVE');
    await add(b, 'DECEASED');
    // A third household: the only rule this insert can break is the one-active-member-per-ID one.
    await expect(add(c, 'ACTIVE')).rejects.toThrow(/members_active_id_number_uq/);
  });

  it('keeps household events append-only', async () => {
    const hh = await insertHousehold('5201020004', '520102001001');
    await sql(`insert into household_events (household_id, province_code, type, tenant_code, version) values (?, '52', 'IDENTIFIED', 'P52', 1)`, [hh]);
    await expect(sql(`update household_events set type = 'UPDATED'`)).rejects.toThrow(/append-only/);
    await expect(sql(`delete from household_events`)).rejects.toThrow(/append-only/);
  });
  it('moves earlier outcome rows into a partition per batch, and back on the way down', async () => {
    const migrator = db.orm.getMigrator();
    const batch = 'a0000000-0000-4000-8000-000000000001';
    const unfinished = 'b0000000-0000-4000-8000-000000000002';
    await sql(`select open_batch_records(?::uuid)`, [unfinished]);
    expect(await sql(`select reloptions from pg_class where relname = 'batch_records_b0000000000040008000000000000002'`)).toEqual([
      { reloptions: ['autovacuum_enabled=false'] },
    ]);
    await migrator.down({ to: 'Migration20261128000800_exact_match_pass' });
    try {
      expect(await sql(`select to_regclass('batch_records_b0000000000040008000000000000002') as t`)).toEqual([{ t: null }]);
      await sql(
        `insert into batch_records (batch_id, row_no, id_number, outcome, member_id) values (?::uuid, 1, '1', 'MATCHED', 7), (?::uuid, 2, '2', 'INVALID', null)`,
        [batch, batch],
      );
    } finally {
      await migrator.up();
    }
    expect(await sql(`select row_no, outcome, member_id from batch_records where batch_id = ?::uuid order by row_no`, [batch])).toEqual([
      { row_no: 1, outcome: 'MATCHED', member_id: 7 },
      { row_no: 2, outcome: 'INVALID', member_id: null },
    ]);
    const [partition] = await sql(
      `select c.relname, (select count(*)::int from pg_index i where i.indrelid = c.oid) as indexes
       from pg_inherits h join pg_class c on c.oid = h.inhrelid where h.inhparent = 'batch_records'::regclass`,
    );
    expect(partition).toEqual({ relname: 'batch_records_a0000000000040008000000000000001', indexes: 2 });
  });
});
