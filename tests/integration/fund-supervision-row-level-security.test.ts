import { Client } from 'pg';
import pino from 'pino';
import { DbRole } from '../../src/db/db-roles';
import { createFundRun } from '../../src/modules/fund-supervision/fund-supervision.jobs';
import { FUND_SUPERVISION_RULES } from '../../src/modules/fund-supervision/fund-supervision.rules';
import { FundSupervisionRunner } from '../../src/modules/fund-supervision/fund-supervision.runner';
import { REF_DATE, plantProject } from '../support/fund-supervision-fixtures';
import { type RlsScope, inScope, roleClient } from '../support/role-clients';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

/**
 * The database's own wall around fund supervision issues, with raw SQL as the
 * hub's roles: the API reads a province's issues only (and writes none), the
 * worker's runs write across provinces.
 */
describe('fund_supervision_issues in the database (raw SQL as the owner and the hub roles)', () => {
  let db: TestDatabase;
  let api: Client;
  let worker: Client;
  const owner = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => db.orm.em.fork().getConnection().execute<T[]>(q, p);

  const asApi = <T extends object>(scope: RlsScope, sql: string, params: unknown[] = []) => inScope<T>(api, scope, sql, params);
  const provinces = async (scope: RlsScope) =>
    (await asApi<{ province_code: string }>(scope, `select province_code from fund_supervision_issues order by province_code`)).map((r) => r.province_code);

  beforeAll(async () => {
    db = await createTestDatabase();
    // One project in progress and never announced in each province: one NOT_ANNOUNCED issue each.
    for (const p of ['52', '53']) await plantProject(owner, p, 1, { announced: null });
    api = roleClient(db.url, DbRole.API);
    worker = roleClient(db.url, DbRole.WORKER);
    await Promise.all([api.connect(), worker.connect()]);
    const runId = await createFundRun(db.orm.em.fork(), 'LGOP', null);
    await new FundSupervisionRunner(db.orm, pino({ level: 'silent' }), { rules: FUND_SUPERVISION_RULES, referenceDate: REF_DATE }).run(runId);
  });
  afterAll(async () => {
    await Promise.all([api?.end(), worker?.end()]);
    await db.drop();
  });

  it('enables and forces row-level security', async () => {
    expect(await owner(`select relrowsecurity, relforcerowsecurity from pg_class where relname = 'fund_supervision_issues'`)).toEqual([
      { relrowsecurity: true, relforcerowsecurity: true },
    ]);
  });

  it('shows a province its own projects’ issues only, LGOP and the worker all', async () => {
    expect(await provinces({ scope: 'PROVINCE', province: '52', tenant: 'P52' })).toEqual(['52']);
    expect(await provinces({ scope: 'PROVINCE', province: '53', tenant: 'P53' })).toEqual(['53']);
    expect(await provinces({ scope: 'ALL', tenant: 'LGOP' })).toEqual(['52', '53']);
    expect((await worker.query(`select province_code from fund_supervision_issues order by 1`)).rows.map((r) => r.province_code)).toEqual(['52', '53']);
  });

  it('fails closed: no tenant, an empty province or a ministry sees nothing', async () => {
    expect(await provinces(null)).toEqual([]);
    expect(await provinces({ scope: 'PROVINCE', province: '', tenant: 'P52' })).toEqual([]);
    expect(await provinces({ scope: 'MATCHED', tenant: 'MOE' })).toEqual([]);
  });

  it('refuses the API role any write: issues are the worker’s', async () => {
    const lgop = { scope: 'ALL', tenant: 'LGOP' };
    await expect(asApi(lgop, `update fund_supervision_issues set status = 'FIXED'`)).rejects.toThrow(/permission denied/);
    await expect(asApi(lgop, `delete from fund_supervision_issues`)).rejects.toThrow(/permission denied/);
    await expect(
      asApi(
        lgop,
        `insert into fund_supervision_issues (rule_code, severity, subject_key, province_code, county_code, project_id, project_no, field, message, first_run_id, last_run_id)
         values ('X', 'ERROR', 'x', '52', '520102', 1, 'x', 'x', 'x', gen_random_uuid(), gen_random_uuid())`,
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
