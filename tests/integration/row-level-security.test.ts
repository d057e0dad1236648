import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DbRole } from '../../src/db/db-roles';
import { type FixtureHousehold, insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { type RlsScope, inScope, roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const REGISTRY_TABLES = ['households', 'members', 'household_events'];

/**
 * The database's own wall, tested with raw SQL and no hub code in between: the
 * roles the API and the worker log in as, the policies on the registry tables,
 * and the two functions that cross provinces on purpose.
 */
describe('row-level security (raw SQL as the hub roles)', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  let p52: FixtureHousehold[];
  let p53: FixtureHousehold[];

  const asApi = <T extends object>(scope: RlsScope, sql: string, params: unknown[] = []) => inScope<T>(api, scope, sql, params);
  const P52 = { scope: 'PROVINCE', province: '52', tenant: 'P52' };
  const P53 = { scope: 'PROVINCE', province: '53', tenant: 'P53' };
  const count = async (scope: RlsScope, table: string) => Number((await asApi<{ n: string }>(scope, `select count(*) as n from ${table}`))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    p52 = makeHouseholds('52', 4);
    p53 = makeHouseholds('53', 3);
    await insertHouseholds(db.orm, [...p52, ...p53]);
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
  });
  afterAll(async () => {
    await Promise.all([api?.end(), worker?.end()]);
    await db.drop();
  });

  it('logs the API and the worker in as roles that own nothing and are neither superuser nor BYPASSRLS', async () => {
    const roles = await db.orm.em.getConnection().execute<Array<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>>(
      `select r.rolname, r.rolsuper, r.rolbypassrls,
         (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owned
       from pg_roles r where r.rolname in ('hub_api', 'hub_worker') order by r.rolname`,
    );
    expect(roles).toEqual([
      { rolname: 'hub_api', rolsuper: false, rolbypassrls: false, owned: 0 },
      { rolname: 'hub_worker', rolsuper: false, rolbypassrls: false, owned: 0 },
    ]);
    expect((await api.query('select current_user as u')).rows[0].u).toBe('hub_api');
    const rls = await db.orm.em
      .getConnection()
      .execute<Array<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>>(
        `select relname, relrowsecurity, relforcerowsecurity from pg_class where relname in (${REGISTRY_TABLES.map((t) => `'${t}'`).join(', ')}) order by relname`,
      );
    expect(rls).toEqual([...REGISTRY_TABLES].sort().map((relname) => ({ relname, relrowsecurity: true, relforcerowsecurity: true })));
  });

  it('shows the API role no registry row of another province, and its own province all of its rows', async () => {
    for (const table of REGISTRY_TABLES) {
      const other = await asApi<{ n: string }>(P53, `select count(*) as n from ${table} where province_code = '52'`);
      expect(Number(other[0].n)).toBe(0);
    }
    expect(await count(P52, 'households')).toBe(p52.length);
    expect(await count(P52, 'members')).toBe(p52.reduce((n, h) => n + h.members.length, 0));
    expect(await count(P53, 'household_events')).toBe(p53.length);
    const byNumber = await asApi(P53, `select * from households where registry_no = $1`, [p52[0].registryNo]);
    expect(byNumber).toEqual([]);
  });

  it('fails closed: with no tenant set, or a tenant set in an earlier transaction, the API role sees nothing', async () => {
    for (const table of REGISTRY_TABLES) expect(await count(null, table)).toBe(0);
    // set_config(..., true) ends with its transaction; the pooled connection keeps nothing for the next one.
    expect(await count(P52, 'households')).toBe(p52.length);
    expect(await count(null, 'households')).toBe(0);
    expect(await count({ scope: 'PROVINCE', province: '', tenant: 'P52' }, 'households')).toBe(0);
  });

  it('refuses the API role writes to another province: updates touch nothing, inserts are rejected', async () => {
    const updated = await asApi(P53, `update households set housing_safe = not coalesce(housing_safe, false) where province_code = '52' returning id`);
    expect(updated).toEqual([]);
    const deleted = await asApi(P53, `delete from household_events where province_code = '52' returning id`).catch((e: Error) => e);
    expect(deleted).toBeInstanceOf(Error);
    const insert = asApi(
      P53,
      `insert into households (registry_no, village_code, county_code, province_code, status, identified_year) values ('52X0000001', '520102003004', '520102', '52', 'POOR', 2016)`,
    );
    await expect(insert).rejects.toThrow(/row-level security/);
  });

  it('shows a ministry only the households its own batches matched', async () => {
    const target = (
      await db.orm.em
        .getConnection()
        .execute<Array<{ id: number; memberId: number }>>(
          `select h.id, m.id as "memberId" from households h join members m on m.household_id = h.id where h.registry_no = ? limit 1`,
          [p52[1].registryNo],
        )
    )[0];
    await db.orm.em.getConnection().execute(
      `insert into batch_matches (batch_id, row_no, tenant_code, sector, member_id, household_id, province_code, county_code, outcome)
       values (?, 1, 'MOE', 'EDUCATION', ?, ?, '52', '520102', 'MATCHED')`,
      [randomUUID(), target.memberId, target.id],
    );
    const moe = { scope: 'MATCHED', tenant: 'MOE' };
    expect(await asApi<{ id: number }>(moe, 'select id from households')).toEqual([{ id: target.id }]);
    expect(await count(moe, 'members')).toBe(p52[1].members.length);
    expect(await count(moe, 'household_events')).toBe(0);
    expect(await count({ scope: 'MATCHED', tenant: 'MOH' }, 'households')).toBe(0);
  });

  it('answers the two cross-province reads through the owner function, with four facts and nothing else', async () => {
    const id = p52[0].members[0].idNumber;
    const rows = await asApi(P53, `select * from registry_active_persons($1::jsonb)`, [JSON.stringify([id, '000000000000000000'])]);
    expect(rows).toEqual([{ id_number: id, registry_no: p52[0].registryNo, province_code: '52', household_status: 'POOR' }]);
  });

  it('keeps the audit log append-only for the API role and the chain out of its reach', async () => {
    await expect(asApi(P52, `update audit_log set operation = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(asApi(P52, `delete from audit_log`)).rejects.toThrow(/permission denied/);
    await expect(asApi(P52, `select * from audit_chain`)).rejects.toThrow(/permission denied/);
    await expect(asApi(P52, `select * from mikro_orm_migrations`)).rejects.toThrow(/permission denied/);
  });

  it('lets the worker role read every province (reconciliation and data quality cross them by design)', async () => {
    const n = Number((await worker.query<{ n: string }>('select count(*) as n from households')).rows[0].n);
    expect(n).toBe(p52.length + p53.length);
    expect((await worker.query('select current_user as u')).rows[0].u).toBe('hub_worker');
  });
});
