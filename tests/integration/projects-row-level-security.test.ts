import { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { type RlsScope, inScope, roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const TABLES = ['benefits', 'fund_transactions', 'project_budget_lines', 'project_events', 'projects'];

/**
 * The database's own wall around the project half, with raw SQL and no hub code
 * in between: each table's policies for the API role, the append-only ledger and
 * histories, and the reversal rules the ledger's constraints hold by themselves.
 */
describe('projects and funds in the database (raw SQL as the owner and the hub roles)', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  const owner = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

  const asApi = <T extends object>(scope: RlsScope, sql: string, params: unknown[] = []) => inScope<T>(api, scope, sql, params);
  const P52 = { scope: 'PROVINCE', province: '52', tenant: 'P52' };
  const P53 = { scope: 'PROVINCE', province: '53', tenant: 'P53' };
  const LGOP = { scope: 'ALL', tenant: 'LGOP' };
  const MOE = { scope: 'MATCHED', tenant: 'MOE' };
  const MCA = { scope: 'MATCHED', tenant: 'MCA' };
  const count = async (scope: RlsScope, table: string) => Number((await asApi<{ n: string }>(scope, `select count(*) as n from ${table}`))[0].n);

  /** A project of province `p` with one budget line, one event, an allocation and a benefit to its first household. */
  async function seedProject(p: string): Promise<number> {
    const [{ id }] = await owner<{ id: number }>(
      `insert into projects (project_no, name, province_code, county_code, village_codes, type, status, approved_on, targets_households)
       values (?, '道路', ?, ?, array[?], 'ROAD', 'APPROVED', '2016-03-01', true) returning id`,
      [`${p}01022016A`, p, `${p}0102`, `${p}0102001001`],
    );
    await owner(`insert into project_budget_lines (project_id, province_code, source, amount) values (?, ?, 'COUNTY', 100)`, [id, p]);
    await owner(`insert into project_events (project_id, province_code, type, tenant_code, version) values (?, ?, 'CREATED', ?, 1)`, [id, p, `P${p}`]);
    await owner(
      `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code) values (?, ?, 'ALLOCATION', 'COUNTY', 100, '2016-04-01', 'A1', ?)`,
      [id, p, `P${p}`],
    );
    await owner(
      `insert into benefits (project_id, province_code, household_id, type, amount, date, tenant_code)
       select ?, ?, h.id, 'SUBSIDY', 10, '2016-05-01', ? from households h where h.province_code = ? order by h.id limit 1`,
      [id, p, `P${p}`, p],
    );
    return id;
  }
  let p52: number;
  let p53: number;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertHouseholds(db.orm, [...makeHouseholds('52', 2), ...makeHouseholds('53', 2)]);
    p52 = await seedProject('52');
    p53 = await seedProject('53');
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
  });
  afterAll(async () => {
    await Promise.all([api?.end(), worker?.end()]);
    await db.drop();
  });

  it('enables and forces row-level security on every table of the project half', async () => {
    const rls = await owner(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in (${TABLES.map((t) => `'${t}'`).join(', ')}) order by relname`,
    );
    expect(rls).toEqual(TABLES.map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })));
  });

  it('shows a province its own rows of every table and none of another province; LGOP and the worker all', async () => {
    for (const table of TABLES) {
      expect(await asApi(P53, `select * from ${table} where province_code = '52'`)).toEqual([]);
      expect(await count(P52, table)).toBe(1);
      expect(await count(LGOP, table)).toBe(2);
      expect(Number((await worker.query(`select count(*) as n from ${table}`)).rows[0].n)).toBe(2);
    }
  });

  it('fails closed: no tenant set, an empty province, or a ministry whose agreement names no project type sees nothing', async () => {
    for (const table of TABLES) {
      expect(await count(null, table)).toBe(0);
      expect(await count({ scope: 'PROVINCE', province: '', tenant: 'P52' }, table)).toBe(0);
      expect(await count(MCA, table)).toBe(0);
    }
  });

  describe('a ministry: the project types of its agreement, benefits only to households it matched', () => {
    let school: number;
    let households: number[];
    beforeAll(async () => {
      [{ id: school }] = await owner<{ id: number }>(
        `insert into projects (project_no, name, province_code, county_code, type, status, targets_households)
         values ('52010220160009', '希望小学', '52', '520102', 'EDUCATION', 'APPROVED', true) returning id`,
      );
      households = (await owner<{ id: number }>(`select id from households where province_code = '52' order by id`)).map((h) => h.id);
      await owner(`insert into project_budget_lines (project_id, province_code, source, amount) values (?, '52', 'COUNTY', 100)`, [school]);
      await owner(`insert into project_events (project_id, province_code, type, tenant_code, version) values (?, '52', 'CREATED', 'P52', 1)`, [school]);
      await owner(
        `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code)
         values (?, '52', 'ALLOCATION', 'COUNTY', 100, '2016-04-01', 'S1', 'P52')`,
        [school],
      );
      await owner(
        `insert into benefits (project_id, province_code, household_id, type, amount, date, tenant_code)
         select ?, '52', id, 'SUBSIDY', 10, '2016-05-01', 'P52' from households where province_code = '52'`,
        [school],
      );
      // MOE matched the first household of province 52 only.
      await owner(
        `insert into batch_matches (batch_id, row_no, tenant_code, sector, member_id, household_id, province_code, county_code, outcome)
         select gen_random_uuid(), 1, 'MOE', 'EDUCATION', m.id, m.household_id, '52', '520102', 'MATCHED' from members m where m.household_id = ? limit 1`,
        [households[0]],
      );
    });

    it('MOE reads its education project, its budget lines and ledger, and its benefits to the household it matched; no project history', async () => {
      expect(await asApi(MOE, `select id from projects`)).toEqual([{ id: school }]);
      expect(await asApi(MOE, `select project_id from project_budget_lines`)).toEqual([{ project_id: school }]);
      expect(await asApi(MOE, `select reference from fund_transactions`)).toEqual([{ reference: 'S1' }]);
      expect(await asApi(MOE, `select project_id, household_id from benefits`)).toEqual([{ project_id: school, household_id: households[0] }]);
      expect(await count(MOE, 'project_events')).toBe(0);
      // The road projects' benefits go to matched households too, but ROAD is not among MOE's types.
      expect(await asApi(MOE, `select id from benefits where project_id <> $1`, [school])).toEqual([]);
    });

    it('another ministry of another type, and MCA, read none of it; LGOP and the province all of it', async () => {
      for (const table of TABLES) {
        expect(await count({ scope: 'MATCHED', tenant: 'NHFPC' }, table)).toBe(0);
        expect(await count(MCA, table)).toBe(0);
      }
      expect(await count(LGOP, 'benefits')).toBe(2 + households.length);
      expect(await count(P53, 'projects')).toBe(1);
    });

    it('lets a ministry write nothing, not even to the projects it reads', async () => {
      await expect(
        asApi(MOE, `insert into project_budget_lines (project_id, province_code, source, amount) values ($1, '52', 'SOCIAL', 1)`, [school]),
      ).rejects.toThrow(/row-level security/);
      expect(await asApi(MOE, `update projects set name = 'taken' returning id`)).toEqual([]);
      expect(await asApi(MOE, `update benefits set amount = 1 returning id`)).toEqual([]);
    });
  });

  it('refuses the API role writes for another province: inserts are rejected, updates touch nothing', async () => {
    const inserts: Array<[string, unknown[]]> = [
      [
        `insert into projects (project_no, name, province_code, county_code, type, status, targets_households) values ('52010299', 'x', '52', '520102', 'ROAD', 'PLANNED', false)`,
        [],
      ],
      [`insert into project_budget_lines (project_id, province_code, source, amount) values ($1, '52', 'SOCIAL', 1)`, [p52]],
      [`insert into project_events (project_id, province_code, type, tenant_code, version) values ($1, '52', 'UPDATED', 'P53', 2)`, [p52]],
      [
        `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code) values ($1, '52', 'ALLOCATION', 'COUNTY', 1, '2016-04-02', 'X', 'P53')`,
        [p52],
      ],
      [
        `insert into benefits (project_id, province_code, household_id, type, date, tenant_code) select $1, '52', id, 'OTHER', '2016-06-01', 'P53' from households limit 1`,
        [p52],
      ],
    ];
    for (const [statement, params] of inserts) await expect(asApi(P53, statement, params)).rejects.toThrow(/row-level security/);
    expect(await asApi(P53, `update projects set name = 'taken' where province_code = '52' returning id`)).toEqual([]);
    expect(await asApi(P53, `update benefits set amount = 1 where province_code = '52' returning id`)).toEqual([]);
    expect(await asApi(P53, `delete from project_budget_lines where province_code = '52' returning project_id`)).toEqual([]);
  });

  it('keeps the ledger and the project histories append-only: the API role may not update or delete, and the owner is stopped by the guard', async () => {
    for (const table of ['fund_transactions', 'project_events']) {
      await expect(asApi(P52, `update ${table} set created_at = now()`)).rejects.toThrow(/permission denied/);
      await expect(asApi(P52, `delete from ${table}`)).rejects.toThrow(/permission denied/);
      await expect(owner(`update ${table} set created_at = now()`)).rejects.toThrow(/append-only/);
      await expect(owner(`delete from ${table}`)).rejects.toThrow(/append-only/);
    }
    await expect(asApi(P52, `delete from projects`)).rejects.toThrow(/permission denied/);
    await expect(asApi(P52, `delete from benefits`)).rejects.toThrow(/permission denied/);
  });

  it('holds the reversal rules in the database: one earlier transaction of the same project, source and amount, never reversed twice', async () => {
    const [{ id: a1 }] = await owner<{ id: string }>(`select id from fund_transactions where project_id = ? and reference = 'A1'`, [p52]);
    const reverse = (reference: string, project: number, reverses: unknown, kind: unknown = 'ALLOCATION', amount = 100, source = 'COUNTY') =>
      owner(
        `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, reverses_id, reversed_kind, tenant_code)
         values (?, (select province_code from projects where id = ?), 'REVERSAL', ?, ?, '2016-04-05', ?, ?, ?, 'P52')`,
        [project, project, source, amount, reference, reverses, kind],
      );
    await expect(reverse('R0', p52, null, null)).rejects.toThrow(/fund_transactions_reversal_names_one/);
    await expect(reverse('R0', p53, a1)).rejects.toThrow(/fund_transactions_reverses_fk/);
    await expect(reverse('R0', p52, a1, 'ALLOCATION', 99)).rejects.toThrow(/fund_transactions_reverses_fk/);
    await expect(reverse('R0', p52, a1, 'ALLOCATION', 100, 'SOCIAL')).rejects.toThrow(/fund_transactions_reverses_fk/);
    await expect(reverse('R0', p52, a1, 'DISBURSEMENT')).rejects.toThrow(/fund_transactions_reverses_fk/);
    await reverse('R1', p52, a1);
    await expect(reverse('R2', p52, a1)).rejects.toThrow(/fund_transactions_reversed_once_uq/);
    const [{ id: r1 }] = await owner<{ id: string }>(`select id from fund_transactions where reference = 'R1'`);
    await expect(reverse('R3', p52, r1, 'REVERSAL')).rejects.toThrow(/reversed_kind_check/);
    await expect(
      owner(
        `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code) values (?, '52', 'DISBURSEMENT', 'COUNTY', 1, '2016-04-01', 'X', 'P52')`,
        [p52],
      ),
    ).resolves.toBeDefined();
    await expect(
      owner(
        `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code) values (?, '52', 'DISBURSEMENT', 'COUNTY', 2, '2016-04-01', 'X', 'P52')`,
        [p52],
      ),
    ).rejects.toThrow(/fund_transactions_reference_uq/);
  });

  it('keeps every row in its project’s province, amounts positive, one budget line per source, and villages inside the county', async () => {
    await expect(owner(`insert into project_budget_lines (project_id, province_code, source, amount) values (?, '52', 'SOCIAL', 1)`, [p53])).rejects.toThrow(
      /foreign key/,
    );
    await expect(owner(`insert into project_budget_lines (project_id, province_code, source, amount) values (?, '52', 'COUNTY', 5)`, [p52])).rejects.toThrow(
      /project_budget_lines_pkey/,
    );
    await expect(owner(`insert into project_budget_lines (project_id, province_code, source, amount) values (?, '52', 'SOCIAL', 0)`, [p52])).rejects.toThrow(
      /amount_check/,
    );
    await expect(owner(`update projects set village_codes = array['530102001001'] where id = ?`, [p52])).rejects.toThrow(/projects_villages_in_county/);
    await expect(owner(`update projects set project_no = '53010299' where id = ?`, [p52])).rejects.toThrow(/projects_no_in_county/);
    await expect(owner(`update projects set planned_start = '2016-05-01', planned_end = '2016-04-01' where id = ?`, [p52])).rejects.toThrow(
      /projects_planned_in_order/,
    );
  });
});
