import { randomUUID } from 'node:crypto';
import { PUSH, householdInput } from '../support/push-fixtures';
import { PUSH_PROJECTS, RECORD_BENEFITS, RECORD_TRANSACTIONS, projectInput, projectNo, transaction as tx } from '../support/project-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

const FUND_STATS = `query($groupBy: [FundDimension!]!, $filter: FundStatsFilter) {
  fundStats(groupBy: $groupBy, filter: $filter) {
    provinceCode countyCode type source year month status
    budget allocated disbursed disbursementRate projects householdsBenefited registeredPoorHouseholdsBenefited
  } }`;

type Row = Record<string, unknown>;

/** Only the grouped dimensions of a row, and the figures. */
function compact(row: Row): Row {
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== null));
}

/**
 * fundStats through the real schema over a small ledger written through the hub's own mutations:
 * exact sums with reversals, months, sources, households poor on the benefit's day by the dated
 * status facts (not by today's status), and each tenancy rule.
 */
describe('fundStats', () => {
  let hub: TestHub;
  const reg = (p: string, n: number) => householdInput(p, n).registryNo as string;
  const stats = async (who: string, groupBy: string[], filter?: Row) => {
    const res = await hub.gql<{ fundStats: Row[] }>(who, FUND_STATS, { groupBy, filter });
    if (!res.body.data) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.fundStats.map(compact);
  };
  const ok = async (who: string, query: string, variables: Row) => {
    const res = await hub.gql<Row>(who, query, variables);
    expect(res.body.errors).toBeUndefined();
    return res.body.data!;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    // h1 poor since 2015; h2 identified 2015 and exited at the end of 2015; h3 identified only in 2017 (POOR today).
    await ok('P52', PUSH, { key: 'h52', households: [householdInput('52', 1), householdInput('52', 2), { ...householdInput('52', 3), identifiedYear: 2017 }] });
    await ok('P53', PUSH, { key: 'h53', households: [householdInput('53', 1)] });
    await ok('P52', `mutation($r: String!) { recordExit(registryNo: $r, year: 2015) { status } }`, { r: reg('52', 2) });
    await ok('P52', PUSH_PROJECTS, {
      key: 'p52',
      projects: [projectInput('52', 1), projectInput('52', 2, { type: 'EDUCATION', budget: [{ source: 'CENTRAL_SPECIAL', amount: '1000' }] })],
    });
    await ok('P53', PUSH_PROJECTS, { key: 'p53', projects: [projectInput('53', 1)] });
    await ok('P52', RECORD_TRANSACTIONS, {
      key: 't52',
      transactions: [
        tx('52', 1, 'A-1', { amount: '500000.10' }),
        tx('52', 1, 'A-2', { source: 'COUNTY', amount: '100.25', date: '2016-06-15' }),
        tx('52', 1, 'D-1', { kind: 'DISBURSEMENT', amount: '300000.05', date: '2016-05-20' }),
        tx('52', 1, 'D-2', { kind: 'DISBURSEMENT', amount: '0.01', date: '2016-06-01' }),
        tx('52', 1, 'R-1', { kind: 'REVERSAL', amount: '0.01', date: '2016-07-02', reverses: 'D-2' }),
        tx('52', 2, 'A-1', { amount: '1000.00' }),
        tx('52', 2, 'D-1', { kind: 'DISBURSEMENT', amount: '250.00', date: '2016-05-02' }),
      ],
    });
    await ok('P53', RECORD_TRANSACTIONS, { key: 't53', transactions: [tx('53', 1, 'A-1', { amount: '7.77' })] });
    const benefit = (r: string, date: string, type = 'SUBSIDY') => ({ registryNo: r, type, amount: '100.00', date });
    await ok('P52', RECORD_BENEFITS, {
      key: 'b1',
      projectNo: projectNo('52', 1),
      benefits: [
        benefit(reg('52', 1), '2016-08-01'),
        benefit(reg('52', 2), '2016-08-01'),
        benefit(reg('52', 3), '2016-08-01'),
        benefit(reg('52', 1), '2016-09-01', 'TRAINING'),
      ],
    });
    await ok('P52', RECORD_BENEFITS, {
      key: 'b2',
      projectNo: projectNo('52', 2),
      benefits: [benefit(reg('52', 1), '2015-06-01'), benefit(reg('52', 2), '2015-06-01')],
    });
    // MOE's batches matched h1 only.
    const [h1] = await hub.db.orm.em
      .getConnection()
      .execute<Array<{ id: number; member: number }>>(
        `select h.id, min(m.id) as member from households h join members m on m.household_id = h.id where h.registry_no = ? group by h.id`,
        [reg('52', 1)],
      );
    await hub.db.orm.em.getConnection().execute(
      `insert into batch_matches (batch_id, row_no, tenant_code, sector, member_id, household_id, province_code, county_code, outcome)
       values (?, 1, 'MOE', 'EDUCATION', ?, ?, '52', '520102', 'MATCHED')`,
      [randomUUID(), h1.member, h1.id],
    );
  });
  afterAll(() => hub.close());

  it('sums money exactly per province, net of reversals, with distinct households and those poor on the benefit day', async () => {
    expect(await stats('LGOP', ['PROVINCE'])).toEqual([
      {
        provinceCode: '52',
        budget: '1001000.50',
        allocated: '501100.35',
        disbursed: '300250.05',
        disbursementRate: 0.5992,
        projects: 2,
        householdsBenefited: 3,
        // h1 (poor on every benefit day) and h2 (poor on 2015-06-01, exited before 2016-08-01); h3 was not yet registered on its benefit day.
        registeredPoorHouseholdsBenefited: 2,
      },
      {
        provinceCode: '53',
        budget: '1000000.50',
        allocated: '7.77',
        disbursed: '0.00',
        disbursementRate: 0,
        projects: 1,
        householdsBenefited: 0,
        registeredPoorHouseholdsBenefited: 0,
      },
    ]);
    expect(await stats('LGOP', [])).toEqual([
      {
        budget: '2001001.00',
        allocated: '501108.12',
        disbursed: '300250.05',
        disbursementRate: 0.5992,
        projects: 3,
        householdsBenefited: 3,
        registeredPoorHouseholdsBenefited: 2,
      },
    ]);
  });

  it('dates each amount by its own day: budget by approval, transactions and reversals by theirs, benefits by theirs', async () => {
    const zero = {
      budget: '0.00',
      allocated: '0.00',
      disbursed: '0.00',
      disbursementRate: undefined,
      projects: 0,
      householdsBenefited: 0,
      registeredPoorHouseholdsBenefited: 0,
    };
    const row = (month: string, figures: Row) => compact({ countyCode: '520102', month, ...zero, ...figures });
    expect(await stats('P52', ['MONTH', 'COUNTY'])).toEqual([
      row('2015-06', { householdsBenefited: 2, registeredPoorHouseholdsBenefited: 2 }),
      row('2016-03', { budget: '1001000.50', projects: 2 }),
      row('2016-05', { allocated: '501000.10', disbursed: '300250.05', disbursementRate: 0.5993, projects: 2 }),
      row('2016-06', { allocated: '100.25', disbursed: '0.01', disbursementRate: 0.0001, projects: 1 }),
      row('2016-07', { disbursed: '-0.01', projects: 1 }),
      row('2016-08', { householdsBenefited: 3, registeredPoorHouseholdsBenefited: 1 }),
      row('2016-09', { householdsBenefited: 1, registeredPoorHouseholdsBenefited: 1 }),
    ]);
    expect(await stats('P52', ['YEAR'], { year: 2016 })).toEqual([
      {
        year: 2016,
        budget: '1001000.50',
        allocated: '501100.35',
        disbursed: '300250.05',
        disbursementRate: 0.5992,
        projects: 2,
        householdsBenefited: 3,
        registeredPoorHouseholdsBenefited: 1,
      },
    ]);
  });

  it('groups by source (benefits under each source of their project) and by type and status, and filters', async () => {
    expect(await stats('P52', ['SOURCE'])).toEqual([
      {
        source: 'CENTRAL_SPECIAL',
        budget: '801000.00',
        allocated: '501000.10',
        disbursed: '300250.05',
        disbursementRate: 0.5993,
        projects: 2,
        householdsBenefited: 3,
        registeredPoorHouseholdsBenefited: 2,
      },
      {
        source: 'COUNTY',
        budget: '200000.50',
        allocated: '100.25',
        disbursed: '0.00',
        disbursementRate: 0,
        projects: 1,
        householdsBenefited: 3,
        registeredPoorHouseholdsBenefited: 1,
      },
    ]);
    expect(await stats('P52', ['TYPE', 'STATUS'])).toEqual(
      [
        {
          type: 'ROAD',
          status: 'APPROVED',
          budget: '1000000.50',
          allocated: '500100.35',
          disbursed: '300000.05',
          disbursementRate: 0.5999,
          projects: 1,
          householdsBenefited: 3,
          registeredPoorHouseholdsBenefited: 1,
        },
        {
          type: 'EDUCATION',
          status: 'APPROVED',
          budget: '1000.00',
          allocated: '1000.00',
          disbursed: '250.00',
          disbursementRate: 0.25,
          projects: 1,
          householdsBenefited: 2,
          registeredPoorHouseholdsBenefited: 2,
        },
      ].sort((a, b) => a.type.localeCompare(b.type)),
    );
    expect(await stats('LGOP', ['PROVINCE'], { type: 'EDUCATION', source: 'CENTRAL_SPECIAL' })).toEqual([
      {
        provinceCode: '52',
        budget: '1000.00',
        allocated: '1000.00',
        disbursed: '250.00',
        disbursementRate: 0.25,
        projects: 1,
        householdsBenefited: 2,
        registeredPoorHouseholdsBenefited: 2,
      },
    ]);
  });

  it('shows a province only its own projects, whatever its filter asks', async () => {
    expect((await stats('P53', ['PROVINCE'])).map((r) => [r.provinceCode, r.budget])).toEqual([['53', '1000000.50']]);
    expect(await stats('P53', ['PROVINCE'], { provinceCode: '52' })).toEqual([]);
    expect(await stats('P53', ['COUNTY'], { countyCode: '520102' })).toEqual([]);
  });

  it("shows a ministry only its sector's project types, and households benefited only among those it matched", async () => {
    expect(await stats('MOE', ['PROVINCE', 'TYPE'])).toEqual([
      {
        provinceCode: '52',
        type: 'EDUCATION',
        budget: '1000.00',
        allocated: '1000.00',
        disbursed: '250.00',
        disbursementRate: 0.25,
        projects: 1,
        householdsBenefited: 1,
        registeredPoorHouseholdsBenefited: 1,
      },
    ]);
    expect(await stats('MOE', ['TYPE'], { type: 'ROAD' })).toEqual([]);
    // Housing, health and employment see no project of these types; MCA's sector has none unless a policy adds them.
    for (const ministry of ['MOHURD', 'NHFPC', 'MCA']) expect(await stats(ministry, ['PROVINCE'])).toEqual([]);
  });

  it('adds the year’s funds to the annual report, by province and in total, each province its own', async () => {
    const REPORT = `query($y: Int!) { annualReport(year: $y) {
      funds { provinceCode budget allocated disbursed disbursementRate projects householdsBenefited registeredPoorHouseholdsBenefited }
      fundsTotal { budget allocated disbursed disbursementRate projects householdsBenefited registeredPoorHouseholdsBenefited } } }`;
    const report = async (who: string, y: number) => (await hub.gql<{ annualReport: Row }>(who, REPORT, { y })).body.data!.annualReport;
    const p52 = { provinceCode: '52', budget: '1001000.50', allocated: '501100.35', disbursed: '300250.05', disbursementRate: 0.5992, projects: 2 };
    const p53 = { provinceCode: '53', budget: '1000000.50', allocated: '7.77', disbursed: '0.00', disbursementRate: 0, projects: 1 };
    expect(await report('LGOP', 2016)).toEqual({
      funds: [
        { ...p52, householdsBenefited: 3, registeredPoorHouseholdsBenefited: 1 },
        { ...p53, householdsBenefited: 0, registeredPoorHouseholdsBenefited: 0 },
      ],
      fundsTotal: {
        budget: '2001001.00',
        allocated: '501108.12',
        disbursed: '300250.05',
        disbursementRate: 0.5992,
        projects: 3,
        householdsBenefited: 3,
        registeredPoorHouseholdsBenefited: 1,
      },
    });
    expect((await report('P53', 2016)).funds).toEqual([{ ...p53, householdsBenefited: 0, registeredPoorHouseholdsBenefited: 0 }]);
    expect((await report('LGOP', 2015)).fundsTotal).toEqual({
      budget: '0.00',
      allocated: '0.00',
      disbursed: '0.00',
      disbursementRate: null,
      projects: 0,
      householdsBenefited: 2,
      registeredPoorHouseholdsBenefited: 2,
    });
  });

  it('refuses a dimension named twice, and a number for an amount never appears: every amount is a string', async () => {
    const res = await hub.gql('LGOP', FUND_STATS, { groupBy: ['TYPE', 'TYPE'] });
    expect(res.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'groupBy', message: 'Each dimension once' }] });
    for (const row of await stats('LGOP', ['PROVINCE', 'MONTH'])) for (const k of ['budget', 'allocated', 'disbursed']) expect(typeof row[k]).toBe('string');
  });
});
