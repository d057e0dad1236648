import { Client } from 'pg';
import { checkBatchKeys, skipRowTriggers } from '../../src/demo/bulk-load.repository';
import { FUNDS_FAULTS, FundsFault, type PlantedFault } from '../../src/demo/project-faults';
import { type SeedProjectsResult, seedProjects } from '../../src/demo/project-seed.service';
import { SEED_COUNTIES } from '../../src/demo/region-catalog';
import { seedRegistry } from '../../src/demo/registry-seed.service';
import { type Position, positionKey, referenceFinds } from '../support/funds-reference';
import { type TestDatabase, createTestDatabase } from '../support/test-database';

const AS_OF = new Date().toISOString().slice(0, 10);
const PROJECTS = 600;

/** Where a rule's reference query positions its finds: the planted list is cut to the same fields. */
const GRANULARITY: Record<FundsFault, Array<keyof Position>> = {
  ALLOCATED_OVER_BUDGET: ['projectNo'],
  DISBURSED_OVER_ALLOCATED: ['projectNo'],
  IDLE_FUNDS: ['projectNo'],
  DISBURSED_BEFORE_APPROVAL: ['projectNo', 'reference'],
  NOT_ANNOUNCED: ['projectNo'],
  OVERDUE: ['projectNo'],
  BENEFICIARY_NOT_REGISTERED: ['projectNo', 'registryNo'],
  BENEFICIARY_NOT_POOR: ['projectNo', 'registryNo'],
  BENEFICIARY_OUTSIDE_AREA: ['projectNo', 'registryNo'],
  DUPLICATE_BENEFIT: ['projectNo', 'registryNo'],
  MICROCREDIT_OVER_CAP: ['projectNo', 'registryNo'],
  LOW_TARGETING: ['projectNo'],
};

function plantedKeys(planted: PlantedFault[], rule: FundsFault): string[] {
  const fields = GRANULARITY[rule];
  const cut = planted.filter((p) => p.rule === rule).map((p) => positionKey(Object.fromEntries(fields.map((f) => [f, p[f]])) as Position));
  return [...new Set(cut)].sort();
}

describe('seeding projects, ledgers and benefits', () => {
  let db: TestDatabase;
  let seeded: SeedProjectsResult;
  const sql = <T = Record<string, unknown>>(query: string, params: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(query, params);
  const count = async (query: string) => Number((await sql<{ n: string }>(query))[0].n);

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedRegistry(db.orm, { households: 3_000, seed: 7, batchSize: 1_000 });
    // Ids as a national library has them, so no draw key overflows an integer at scale.
    await sql(`select setval(pg_get_serial_sequence('projects', 'id'), 2000000)`);
    // Small batches on two connections, so that batches interleave as in a big run.
    seeded = await seedProjects(db.orm, { projects: PROJECTS, seed: 3, faultRate: 0.01, benefitsPerProject: 8, batchSize: 150, asOf: AS_OF });
  }, 120_000);
  afterAll(() => db?.drop());

  it('reports what it wrote: about the asked rows per project', async () => {
    expect(seeded.projects).toBe(PROJECTS);
    expect(seeded.firstProjectId).toBe(2_000_001);
    expect(await count('select count(*) as n from projects')).toBe(PROJECTS);
    expect(await count('select count(*) as n from project_events')).toBe(PROJECTS);
    expect(await count('select count(*) as n from project_budget_lines')).toBe(seeded.budgetLines);
    expect(await count('select count(*) as n from fund_transactions')).toBe(seeded.transactions);
    expect(await count(`select count(*) as n from fund_transactions where kind = 'REVERSAL'`)).toBe(seeded.reversals);
    expect(await count('select count(*) as n from benefits')).toBe(seeded.benefits);
    expect(seeded.transactions / PROJECTS).toBeGreaterThan(8);
    expect(seeded.transactions / PROJECTS).toBeLessThan(12);
    expect(seeded.benefits / PROJECTS).toBeGreaterThan(5);
    expect(seeded.reversals).toBeGreaterThan(0);
  });

  it('puts every project in a county of its province, with villages of that county, and every status and type', async () => {
    const codes = SEED_COUNTIES.map((c) => c.code);
    const rows = await sql<{ county_code: string; province_code: string; project_no: string; village_codes: string[]; tenants: string }>(
      `select p.county_code, p.province_code, p.project_no, p.village_codes,
         (select string_agg(distinct e.tenant_code, ',') from project_events e where e.project_id = p.id) as tenants from projects p`,
    );
    for (const p of rows) {
      expect(codes).toContain(p.county_code);
      expect(p.province_code).toBe(p.county_code.slice(0, 2));
      expect(p.project_no.startsWith(p.county_code)).toBe(true);
      expect(p.village_codes.length).toBeGreaterThan(0);
      for (const v of p.village_codes) expect(v.startsWith(p.county_code)).toBe(true);
      expect(p.tenants).toBe(`P${p.province_code}`);
    }
    expect(await count('select count(distinct status) as n from projects')).toBe(6);
    expect(await count('select count(distinct type) as n from projects')).toBe(12);
    expect(await count(`select count(*) as n from fund_transactions t join projects p on p.id = t.project_id where t.province_code <> p.province_code`)).toBe(
      0,
    );
  });

  it('gives benefits to registered households of the project province, of its county except the planted outsiders', async () => {
    expect(await count('select count(*) as n from benefits b join households h on h.id = b.household_id where h.province_code <> b.province_code')).toBe(0);
    const outside = await sql<Position>(
      `select p.project_no as "projectNo", h.registry_no as "registryNo" from benefits b join projects p on p.id = b.project_id
       join households h on h.id = b.household_id where h.county_code <> p.county_code`,
    );
    expect(outside.map(positionKey).sort()).toEqual(plantedKeys(seeded.planted, FundsFault.BENEFICIARY_OUTSIDE_AREA));
    expect(outside.length).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from benefits b join projects p on p.id = b.project_id where not p.targets_households`)).toBe(0);
  });

  it('writes ledger and benefit amounts in yuan with exactly two decimals, fen included', async () => {
    const amounts = await sql<{
      a: string;
    }>(`select amount::text as a from fund_transactions union all select amount::text from benefits where amount is not null
      union all select amount::text from project_budget_lines`);
    for (const { a } of amounts) expect(a).toMatch(/^[1-9][0-9]*\.[0-9]{2}$|^0\.[0-9]{2}$/);
    expect(amounts.filter(({ a }) => !a.endsWith('.00')).length / amounts.length).toBeGreaterThan(0.5);
    expect(
      await count(`select count(*) as n from fund_transactions t join fund_transactions x on x.id = t.reverses_id
      where x.amount <> t.amount or x.source <> t.source or x.date > t.date`),
    ).toBe(0);
  });

  it("leaves the kept fund figures equal to a computation from scratch: ledger months and totals, and poor on each benefit's day", async () => {
    const kept = `select project_id, province_code, source, month, allocated, disbursed, transactions from project_fund_months`;
    const fromScratch = `select project_id, province_code, source, date_trunc('month', date::timestamp)::date,
        coalesce(sum(amount) filter (where kind = 'ALLOCATION'), 0) - coalesce(sum(amount) filter (where reversed_kind = 'ALLOCATION'), 0),
        coalesce(sum(amount) filter (where kind = 'DISBURSEMENT'), 0) - coalesce(sum(amount) filter (where reversed_kind = 'DISBURSEMENT'), 0),
        count(*)::int
      from fund_transactions group by 1, 2, 3, 4`;
    expect(await count(`select count(*) as n from ((${kept} except all ${fromScratch}) union all (${fromScratch} except all ${kept})) d`)).toBe(0);
    expect(await count(`select count(*) as n from project_fund_months`)).toBeGreaterThan(PROJECTS);
    const totals = `select project_id, province_code, source, allocated, disbursed, transactions from project_fund_totals`;
    const totalsFromScratch = `select project_id, province_code, source, sum(allocated), sum(disbursed), sum(transactions)::int from (${kept}) m group by 1, 2, 3`;
    expect(await count(`select count(*) as n from ((${totals} except all ${totalsFromScratch}) union all (${totalsFromScratch} except all ${totals})) d`)).toBe(
      0,
    );
    const poorOnDay = `exists (select 1 from household_status_facts f where f.household_id = b.household_id and f.status in ('POOR', 'RETURNED')
      and f.effective_on <= b.date and (f.valid_to is null or f.valid_to > b.date))`;
    expect(await count(`select count(*) as n from benefits b where b.poor_on_date is distinct from ${poorOnDay}`)).toBe(0);
    // Both answers occur (the planted beneficiaries who were not poor), so the comparison above could fail.
    expect(await count(`select count(*) as n from benefits where poor_on_date`)).toBeGreaterThan(0);
    expect(await count(`select count(*) as n from benefits where not poor_on_date`)).toBeGreaterThan(0);
  });

  it('checks a bulk batch written without row triggers against every foreign key, and names the key a row breaks', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('begin');
      expect(await skipRowTriggers(client)).toBe(true);
      const { rows } = await client.query<{ project_id: number }>(
        `insert into benefits (project_id, province_code, household_id, type, amount, date, tenant_code, poor_on_date)
         select project_id, province_code, 2147483000, type, amount, date, tenant_code, poor_on_date from benefits limit 1 returning project_id`,
      );
      const batch = { lo: rows[0].project_id, hi: rows[0].project_id };
      await expect(checkBatchKeys(client, batch)).rejects.toThrow(/break foreign keys: benefits_household_id_fkey \(1 rows\)$/);
      await client.query('rollback');
      await expect(checkBatchKeys(client, batch)).resolves.toBeUndefined();
    } finally {
      await client.end();
    }
  });

  it.each(FUNDS_FAULTS)('plants %s exactly where it says, and nowhere else', async (rule) => {
    const planted = plantedKeys(seeded.planted, rule);
    expect(planted.length).toBeGreaterThan(0);
    expect(await referenceFinds(db.orm, rule, AS_OF)).toEqual(planted);
  });
});
