import { startTestHub, type TestHub } from '../support/test-hub';

const FUND_STATS = `query($groupBy: [FundDimension!]!, $filter: FundStatsFilter) {
  fundStats(groupBy: $groupBy, filter: $filter) { provinceCode countyCode source year month budget allocated disbursed projects } }`;

const ROWS = 1_000_000;
const PROJECTS = 400;

/**
 * Decimals exact to the fen on sums of a million ledger rows: the ledger is generated in SQL
 * (generate_series, amounts with every fen pattern, one row in a hundred reversed), and
 * fundStats through the real schema must equal PostgreSQL's own `sum` on numeric, computed
 * another way (filtered sums minus reversal sums), to the last digit.
 */
describe('fundStats on a million ledger rows', () => {
  let hub: TestHub;
  const owner = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => hub.db.orm.em.getConnection().execute<T[]>(q, p);
  const stats = async (groupBy: string[], filter?: Record<string, unknown>) => {
    const res = await hub.gql<{ fundStats: Array<Record<string, unknown>> }>('LGOP', FUND_STATS, { groupBy, filter });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.fundStats;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    // Four counties of two provinces, 100 projects each, approved over two years.
    await owner(
      `insert into projects (project_no, name, province_code, county_code, type, status, approved_on, targets_households)
       select c || 'M' || lpad(i::text, 5, '0'), '项目 ' || i, left(c, 2), c, 'ROAD', 'IN_PROGRESS', date '2016-01-01' + (i % 700), false
       from generate_series(1, ?) i, lateral (select (array['520102', '520103', '530102', '530103'])[1 + i % 4] as c) x`,
      [PROJECTS],
    );
    await owner(`insert into project_budget_lines (project_id, province_code, source, amount)
      select id, province_code, 'CENTRAL_SPECIAL', 123456789.99 - id from projects`);
    // Amounts cycle through every fen ending (0.01 .. 99999.99); chunks keep each statement well inside the timeout
    // (each also adds its rows to the ledger's months, migration 20261213000200, in its own trigger).
    const chunk = 100_000;
    for (let from = 1; from <= ROWS; from += chunk) {
      await owner(
        `insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, tenant_code)
         select p.id, p.province_code, case when i % 3 = 0 then 'DISBURSEMENT' else 'ALLOCATION' end,
           (array['CENTRAL_SPECIAL', 'PROVINCIAL', 'COUNTY', 'SOCIAL'])[1 + i % 4], ((i::bigint * 7919) % 9999999 + 1) / 100.0,
           date '2016-01-01' + (i % 731), 'T' || i, 'P' || p.province_code
         from generate_series(?::int, ?::int) i join projects p on p.id = (select min(id) from projects) + i % ?`,
        [from, Math.min(from + chunk - 1, ROWS), PROJECTS],
      );
    }
    await owner(`insert into fund_transactions (project_id, province_code, kind, source, amount, date, reference, reverses_id, reversed_kind, tenant_code)
      select project_id, province_code, 'REVERSAL', source, amount, date + 45, 'R' || id, id, kind, tenant_code from fund_transactions where id % 100 = 7`);
    await owner('analyze fund_transactions');
  }, 600_000);
  afterAll(() => hub.close());

  /** Net sums by PostgreSQL on numeric, as text, by the given key expression over transaction `t` and project `p`. */
  const expected = (key: string) =>
    owner<{ key: string; allocated: string; disbursed: string }>(
      `select ${key} as key,
         (coalesce(sum(t.amount) filter (where t.kind = 'ALLOCATION'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'ALLOCATION'), 0))::text as allocated,
         (coalesce(sum(t.amount) filter (where t.kind = 'DISBURSEMENT'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'DISBURSEMENT'), 0))::text as disbursed
       from fund_transactions t join projects p on p.id = t.project_id group by 1 order by 1`,
    );

  it('holds a million and more ledger rows', async () => {
    const [{ n }] = await owner<{ n: string }>('select count(*) as n from fund_transactions');
    expect(Number(n)).toBeGreaterThanOrEqual(ROWS);
  });

  it('equals SQL sum on numeric to the fen, by province and over everything', async () => {
    const byProvince = await stats(['PROVINCE']);
    expect(byProvince.map((r) => ({ key: r.provinceCode, allocated: r.allocated, disbursed: r.disbursed }))).toEqual(await expected('p.province_code'));
    const [total] = await stats([]);
    const [sums] = await expected(`'all'`);
    expect([total.allocated, total.disbursed]).toEqual([sums.allocated, sums.disbursed]);
    // Billions of yuan with every fen digit: a sum of doubles in yuan would drift in the last fen long before this.
    expect(String(total.allocated)).toMatch(/^\d{9,}\.\d{2}$/);
    const [{ budget }] = await owner<{ budget: string }>('select sum(amount)::text as budget from project_budget_lines');
    expect(total.budget).toBe(budget);
  });

  it('equals SQL sum on numeric to the fen by county and month, and by source and year', async () => {
    const byCountyMonth = await stats(['COUNTY', 'MONTH']);
    const budgetMonths = new Set(
      (await owner<{ k: string }>(`select distinct county_code || to_char(approved_on, 'YYYY-MM') as k from projects`)).map((r) => r.k),
    );
    const moneyOnly = byCountyMonth.filter((r) => r.allocated !== '0.00' || r.disbursed !== '0.00' || !budgetMonths.has(`${r.countyCode}${r.month}`));
    expect(moneyOnly.map((r) => ({ key: `${r.countyCode} ${r.month}`, allocated: r.allocated, disbursed: r.disbursed }))).toEqual(
      await expected(`p.county_code || ' ' || to_char(t.date, 'YYYY-MM')`),
    );
    const bySourceYear = await stats(['SOURCE', 'YEAR'], { provinceCode: '52' });
    const money = bySourceYear.filter((r) => r.allocated !== '0.00' || r.disbursed !== '0.00');
    const sql = await owner<{ key: string; allocated: string; disbursed: string }>(
      `select t.source || ' ' || extract(year from t.date) as key,
         (coalesce(sum(t.amount) filter (where t.kind = 'ALLOCATION'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'ALLOCATION'), 0))::text as allocated,
         (coalesce(sum(t.amount) filter (where t.kind = 'DISBURSEMENT'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'DISBURSEMENT'), 0))::text as disbursed
       from fund_transactions t where t.province_code = '52' group by 1 order by 1`,
    );
    expect(money.map((r) => ({ key: `${r.source} ${r.year}`, allocated: r.allocated, disbursed: r.disbursed }))).toEqual(sql);
  });
});
