import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { type RlsScope, inScope, roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The walls fundStats and the public list stand on, in raw SQL as the hub's roles: a ministry
 * reads the projects of its agreement's types (and their benefits only to households it
 * matched), and the public list's function is the API's only way to announced projects
 * without a tenant, answering only its declared columns.
 */
describe('fund statistics and announcements in the database (raw SQL as the hub roles)', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  const owner = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

  const asApi = <T extends object>(scope: RlsScope, sql: string, params: unknown[] = []) => inScope<T>(api, scope, sql, params);
  const MOE = { scope: 'MATCHED', tenant: 'MOE' };
  const count = async (scope: RlsScope, table: string) => Number((await asApi<{ n: string }>(scope, `select count(*) as n from ${table}`))[0].n);

  /** A project of type `type` in province 52 with a line, an allocation, and a benefit to each of the province's households. */
  async function seedProject(no: string, type: string, announced: boolean): Promise<void> {
    const [{ id }] = await owner<{ id: number }>(
      `insert into projects (project_no, name, province_code, county_code, type, status, approved_on, targets_households, announcement_published_on, announcement_place)
       values (?, '张三的项目', '52', '520102', ?, 'APPROVED', '2016-03-01', true, ?, ?) returning id`,
      [`520102${no}`, type, announced ? '2016-03-05' : null, announced ? '村委会' : null],
    );
    await owner(`insert into project_budget_lines (project_id, province_code, source, amount) values (?, '52', 'COUNTY', 100)`, [id]);
    await owner(
      `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code) values (?, '52', 'ALLOCATION', 'COUNTY', 40.5, '2016-04-01', 'A1', 'P52')`,
      [id],
    );
    await owner(
      `insert into benefits (project_id, province_code, household_id, type, amount, date, tenant_code)
       select ?, '52', h.id, 'SUBSIDY', 10, '2016-05-01', 'P52' from households h where h.province_code = '52'`,
      [id],
    );
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertHouseholds(db.orm, makeHouseholds('52', 3));
    await seedProject('E1', 'EDUCATION', true);
    await seedProject('R1', 'ROAD', false);
    // MOE's batches matched the first household only.
    await owner(
      `insert into batch_matches (batch_id, row_no, tenant_code, sector, member_id, household_id, province_code, county_code, outcome)
       select ?, 1, 'MOE', 'EDUCATION', m.id, m.household_id, '52', '520102', 'MATCHED' from members m order by m.household_id, m.id limit 1`,
      [randomUUID()],
    );
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
  });
  afterAll(async () => {
    await Promise.all([api?.end(), worker?.end()]);
    await db.drop();
  });

  it("shows a ministry the projects of its sector's types, their lines and ledger, and benefits only to households it matched", async () => {
    expect(await asApi<{ type: string }>(MOE, 'select type from projects')).toEqual([{ type: 'EDUCATION' }]);
    expect(await count(MOE, 'project_budget_lines')).toBe(1);
    expect(await count(MOE, 'fund_transactions')).toBe(1);
    expect(await count(MOE, 'benefits')).toBe(1);
    expect(await count(MOE, 'project_events')).toBe(0);
    for (const tenant of ['NHFPC', 'MCA', 'MOHURD']) expect(await count({ scope: 'MATCHED', tenant }, 'projects')).toBe(0);
    // Reading is all: a ministry writes nothing of the project half.
    await expect(asApi(MOE, `update projects set status = 'CANCELLED' returning id`)).resolves.toEqual([]);
  });

  it("lets the hub roles read the ledger months as they read the ledger, and write neither them nor a benefit's poor-on-date flag", async () => {
    // The owner's ledger rows above filled the months and totals through the ledger's trigger: one row for each project.
    const P52 = { scope: 'PROVINCE', province: '52', tenant: 'P52' };
    for (const table of ['project_fund_months', 'project_fund_totals']) {
      expect(await count(P52, table)).toBe(2);
      expect(await count({ scope: 'PROVINCE', province: '53', tenant: 'P53' }, table)).toBe(0);
      expect(await count({ scope: 'ALL', tenant: 'LGOP' }, table)).toBe(2);
      expect(await asApi(MOE, `select p.type from ${table} m join projects p on p.id = m.project_id`)).toEqual([{ type: 'EDUCATION' }]);
      expect(await count({ scope: 'MATCHED', tenant: 'NHFPC' }, table)).toBe(0);
      expect(await count(null, table)).toBe(0);
      expect(Number((await worker.query<{ n: string }>(`select count(*) as n from ${table}`)).rows[0].n)).toBe(2);
    }
    for (const write of [
      `insert into project_fund_months (project_id, province_code, source, month, allocated, disbursed, transactions)
         select project_id, province_code, 'SOCIAL', month, 1, 0, 1 from project_fund_months`,
      `update project_fund_months set allocated = 0`,
      `delete from project_fund_months`,
      `insert into project_fund_totals (project_id, province_code, source, allocated, disbursed, transactions)
         select project_id, province_code, 'SOCIAL', 1, 0, 1 from project_fund_totals`,
      `update project_fund_totals set allocated = 0`,
      `delete from project_fund_totals`,
      `update benefits set poor_on_date = not poor_on_date`,
      `select project_fund_sums_rebuild(0, 2147483647)`,
    ]) {
      await expect(asApi(P52, write)).rejects.toThrow(/permission denied/);
      await expect(worker.query(write)).rejects.toThrow(/permission denied/);
    }
  });

  it('answers the public list only through its function, with its declared columns, and nothing of the tables without a tenant', async () => {
    expect(await count(null, 'projects')).toBe(0);
    expect(await count(null, 'benefits')).toBe(0);
    const rows = await asApi<Record<string, unknown>>(null, `select * from public_announcements(null, null, 10, null, null)`);
    expect(rows).toHaveLength(1);
    expect(Object.keys(rows[0]).sort()).toEqual(
      [
        'allocated',
        'budget',
        'county_code',
        'disbursed',
        'households_benefited',
        'id',
        'place',
        'planned_end',
        'planned_start',
        'project_no',
        'province_code',
        'published_on',
        'status',
        'type',
        'village_codes',
      ].sort(),
    );
    expect(rows[0]).toMatchObject({ project_no: '520102E1', budget: '100.00', allocated: '40.50', households_benefited: '3' });
    await expect(worker.query(`select * from public_announcements(null, null, 10, null, null)`)).rejects.toThrow(/permission denied/);
  });
});
