import { PUSH, householdInput } from '../support/push-fixtures';
import { PUSH_PROJECTS, RECORD_BENEFITS, RECORD_TRANSACTIONS, projectInput, projectNo, transaction as tx } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const FUND_STATS = `query($groupBy: [FundDimension!]!, $filter: FundStatsFilter) {
  fundStats(groupBy: $groupBy, filter: $filter) { status month allocated disbursed projects householdsBenefited registeredPoorHouseholdsBenefited } }`;

type Row = Record<string, unknown>;

/** Each benefit's stored flag beside the answer computed from scratch from the dated status facts. */
const FLAGS = `select h.registry_no as "registryNo", b.date::text as date, b.poor_on_date as stored,
    exists (select 1 from household_status_facts f where f.household_id = b.household_id and f.status in ('POOR', 'RETURNED')
      and f.effective_on <= b.date and (f.valid_to is null or f.valid_to > b.date)) as "fromScratch"
  from benefits b join households h on h.id = b.household_id order by 1, 2`;

/** The kept months, and the same figures grouped from the whole ledger from scratch. */
const MONTHS = `select p.project_no as "projectNo", m.source, to_char(m.month, 'YYYY-MM') as month, m.allocated::text, m.disbursed::text, m.transactions
  from project_fund_months m join projects p on p.id = m.project_id order by 1, 2, 3`;
const MONTHS_FROM_SCRATCH = `select p.project_no as "projectNo", t.source, to_char(t.date, 'YYYY-MM') as month,
    (coalesce(sum(t.amount) filter (where t.kind = 'ALLOCATION'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'ALLOCATION'), 0))::numeric(20,2)::text as allocated,
    (coalesce(sum(t.amount) filter (where t.kind = 'DISBURSEMENT'), 0) - coalesce(sum(t.amount) filter (where t.reversed_kind = 'DISBURSEMENT'), 0))::numeric(20,2)::text as disbursed,
    count(*)::int as transactions
  from fund_transactions t join projects p on p.id = t.project_id group by 1, 2, 3 order by 1, 2, 3`;

/** The kept all-time totals per project and source, and the same from scratch. */
const TOTALS = `select p.project_no as "projectNo", m.source, m.allocated::text, m.disbursed::text, m.transactions
  from project_fund_totals m join projects p on p.id = m.project_id order by 1, 2`;
const TOTALS_FROM_SCRATCH = `select "projectNo", source, sum(allocated::numeric)::numeric(20,2)::text as allocated,
    sum(disbursed::numeric)::numeric(20,2)::text as disbursed, sum(transactions)::int as transactions
  from (${MONTHS_FROM_SCRATCH}) m group by 1, 2 order by 1, 2`;

/**
 * The figures fundStats reads instead of recomputing them (migrations 20261213000100 and 000200): each
 * benefit's "household poor on the benefit's day" and the ledger's per-project, per-source months and totals. Written
 * through the hub's own mutations, they must follow every change (a status fact that moves the answer, a
 * reversal, a cancelled project) and always equal a computation from scratch.
 */
describe('fund figures kept by the database', () => {
  let hub: TestHub;
  const reg = (n: number) => householdInput('52', n).registryNo as string;
  const owner = <T = Row>(q: string) => hub.db.orm.em.getConnection().execute<T[]>(q);
  const ok = async (who: string, query: string, variables: Row) => {
    const res = await hub.gql<Row>(who, query, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  };
  const stats = async (groupBy: string[]) => {
    const res = await hub.gql<{ fundStats: Row[] }>('P52', FUND_STATS, { groupBy });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.fundStats.map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)));
  };
  const flags = async () => {
    const rows = await owner<{ registryNo: string; date: string; stored: boolean; fromScratch: boolean }>(FLAGS);
    for (const r of rows) expect({ ...r, stored: r.fromScratch }).toEqual(r);
    return rows.map((r) => [r.registryNo, r.date, r.stored]);
  };
  const months = async () => {
    const kept = await owner(MONTHS);
    expect(kept).toEqual(await owner(MONTHS_FROM_SCRATCH));
    expect(await owner(TOTALS)).toEqual(await owner(TOTALS_FROM_SCRATCH));
    return kept;
  };
  const benefit = (n: number, date: string) => ({ registryNo: reg(n), type: 'SUBSIDY', amount: '100.00', date });
  const year = (mutation: string, n: number, y: number) =>
    ok('P52', `mutation($r: String!, $y: Int!) { ${mutation}(registryNo: $r, year: $y) { status } }`, { r: reg(n), y });

  beforeAll(async () => {
    hub = await startTestHub();
    // h1 and h2 poor since 2015; h3 identified only in 2017.
    await ok('P52', PUSH, { key: 'h', households: [householdInput('52', 1), householdInput('52', 2), { ...householdInput('52', 3), identifiedYear: 2017 }] });
    await ok('P52', PUSH_PROJECTS, { key: 'p', projects: [projectInput('52', 1), projectInput('52', 2)] });
  });
  afterAll(() => hub.close());

  it('keeps on each benefit whether its household was poor on its day, and follows status facts that change the answer', async () => {
    await ok('P52', RECORD_BENEFITS, {
      key: 'b1',
      projectNo: projectNo('52', 1),
      benefits: [benefit(1, '2016-08-01'), benefit(2, '2016-08-01'), benefit(3, '2016-08-01'), benefit(2, '2017-06-01')],
    });
    expect(await flags()).toEqual([
      [reg(1), '2016-08-01', true],
      [reg(2), '2016-08-01', true],
      [reg(2), '2017-06-01', true],
      [reg(3), '2016-08-01', false],
    ]);
    expect(await stats([])).toMatchObject([{ householdsBenefited: 3, registeredPoorHouseholdsBenefited: 2 }]);
    // h2 exited in 2015 (effective at its end): poor on neither benefit day any more.
    await year('recordExit', 2, 2015);
    expect((await flags()).filter(([r]) => r === reg(2))).toEqual([
      [reg(2), '2016-08-01', false],
      [reg(2), '2017-06-01', false],
    ]);
    expect(await stats([])).toMatchObject([{ householdsBenefited: 3, registeredPoorHouseholdsBenefited: 1 }]);
    // h2 returned in 2016 (effective at its end): poor again on the 2017 benefit's day, not on the 2016 one.
    await year('recordReturn', 2, 2016);
    expect((await flags()).filter(([r]) => r === reg(2))).toEqual([
      [reg(2), '2016-08-01', false],
      [reg(2), '2017-06-01', true],
    ]);
    expect(await stats([])).toMatchObject([{ householdsBenefited: 3, registeredPoorHouseholdsBenefited: 2 }]);
    // A new amount for a recorded benefit (an update of the row) keeps its answer.
    await ok('P52', RECORD_BENEFITS, { key: 'b2', projectNo: projectNo('52', 1), benefits: [{ ...benefit(1, '2016-08-01'), amount: '250.00' }] });
    expect((await flags()).filter(([r]) => r === reg(1))).toEqual([[reg(1), '2016-08-01', true]]);
  });

  it('sums the ledger per project, source and month as it grows, a reversal subtracting in its own month', async () => {
    await ok('P52', RECORD_TRANSACTIONS, {
      key: 't1',
      transactions: [
        tx('52', 1, 'A-1', { amount: '1000.10', date: '2016-05-03' }),
        tx('52', 1, 'A-2', { amount: '0.01', date: '2016-05-30' }),
        tx('52', 1, 'D-1', { kind: 'DISBURSEMENT', amount: '600.05', date: '2016-05-20' }),
        tx('52', 1, 'C-1', { source: 'COUNTY', amount: '7.00', date: '2016-05-21' }),
      ],
    });
    await ok('P52', RECORD_TRANSACTIONS, {
      key: 't2',
      transactions: [
        tx('52', 1, 'R-1', { kind: 'REVERSAL', amount: '600.05', date: '2016-06-02', reverses: 'D-1' }),
        tx('52', 1, 'A-3', { amount: '5.00', date: '2016-05-31' }),
      ],
    });
    const p1 = projectNo('52', 1);
    expect(await months()).toEqual([
      { projectNo: p1, source: 'CENTRAL_SPECIAL', month: '2016-05', allocated: '1005.11', disbursed: '600.05', transactions: 4 },
      { projectNo: p1, source: 'CENTRAL_SPECIAL', month: '2016-06', allocated: '0.00', disbursed: '-600.05', transactions: 1 },
      { projectNo: p1, source: 'COUNTY', month: '2016-05', allocated: '7.00', disbursed: '0.00', transactions: 1 },
    ]);
    expect((await stats(['MONTH'])).filter((r) => r.month === '2016-05' || r.month === '2016-06')).toMatchObject([
      { month: '2016-05', allocated: '1012.11', disbursed: '600.05', projects: 1 },
      { month: '2016-06', allocated: '0.00', disbursed: '-600.05', projects: 1 },
    ]);
  });

  it('counts a cancelled project under its new status, its reversed allocation netting to zero', async () => {
    await ok('P52', RECORD_TRANSACTIONS, { key: 't3', transactions: [tx('52', 2, 'A-1', { amount: '300.00', date: '2016-05-10' })] });
    await ok('P52', PUSH_PROJECTS, { key: 'cancel', projects: [projectInput('52', 2, { status: 'CANCELLED' })] });
    await ok('P52', RECORD_TRANSACTIONS, {
      key: 't4',
      transactions: [tx('52', 2, 'R-1', { kind: 'REVERSAL', amount: '300.00', date: '2016-07-01', reverses: 'A-1' })],
    });
    expect((await months()).filter((m) => m.projectNo === projectNo('52', 2))).toEqual([
      { projectNo: projectNo('52', 2), source: 'CENTRAL_SPECIAL', month: '2016-05', allocated: '300.00', disbursed: '0.00', transactions: 1 },
      { projectNo: projectNo('52', 2), source: 'CENTRAL_SPECIAL', month: '2016-07', allocated: '-300.00', disbursed: '0.00', transactions: 1 },
    ]);
    expect(await stats(['STATUS'])).toMatchObject([
      { status: 'APPROVED', allocated: '1012.11', disbursed: '0.00', projects: 1 },
      { status: 'CANCELLED', allocated: '0.00', disbursed: '0.00', projects: 1 },
    ]);
  });
});
