import { SEED_POLICIES } from '../../src/modules/sharing-policies/sharing-policy.seed';
import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { PUSH_PROJECTS, RECORD_BENEFITS, RECORD_TRANSACTIONS, projectInput, projectNo, transaction } from '../support/project-fixtures';
import { submitAndRun } from '../support/reconcile-fixtures';
import { readShared } from '../support/sharing-fixtures';
import { TRANSACTION_FRAMING, startTestHub, type TestHub } from '../support/test-hub';

const FUNDS = `funds { budget allocated disbursed disbursementRate idleAmount oldestIdleDays
  bySource { source budget allocated disbursed disbursementRate idleAmount oldestIdleDays } }`;
const PROJECT = `query($no: String!) { project(projectNo: $no) {
  projectNo name type status countyCode villageCodes implementingUnit approvedOn plannedStart plannedEnd completedOn targetsHouseholds
  budget { source amount } announcement { publishedOn place } version ${FUNDS} } }`;
const PROJECTS = `query($filter: ProjectFilter, $first: Int, $after: String) { projects(filter: $filter, first: $first, after: $after) {
  edges { node { projectNo type } } pageInfo { hasNextPage endCursor } } }`;
const LEDGER = `query($no: String!, $first: Int, $after: String) { project(projectNo: $no) {
  transactions(first: $first, after: $after) { edges { node { reference kind source amount date reverses reversedBy } } pageInfo { hasNextPage endCursor } } } }`;
const BENEFICIARIES = `query($no: String!, $first: Int, $after: String) { project(projectNo: $no) {
  beneficiaries(first: $first, after: $after) { edges { node { registryNo villageCode status members { name } } } pageInfo { hasNextPage endCursor } } } }`;
const BENEFITS = `query($reg: String!) { household(registryNo: $reg) { benefits { projectNo projectType type amount date } } }`;
const PAGE = `query($filter: ProjectFilter, $first: Int) { projects(filter: $filter, first: $first) { edges { node { projectNo name
  ${FUNDS} beneficiaries(first: 20) { edges { node { registryNo villageCode members { name } benefits { projectNo amount } } } } } } } }`;

type Page<T> = { edges: Array<{ node: T }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
type Funds = Record<string, unknown> & { bySource: Array<Record<string, unknown>> };
type ProjectNode = Record<string, unknown> & { funds: Funds };

/** Issue 15, the read half: project, projects, Project.funds / transactions / beneficiaries and Household.benefits, by each kind of tenant. */
describe('project reads through the real schema', () => {
  let hub: TestHub;
  const h52 = makeHouseholds('52', 60);
  const h53 = makeHouseholds('53', 3);
  const reg = (n: number) => h52[n - 1].registryNo;
  /** The bulk projects the statement counts page through: education projects of province 52, 20 beneficiaries each. */
  const BULK = Array.from({ length: 50 }, (_, i) => 100 + i);
  const road = projectNo('52', 1);
  const school = projectNo('52', 2);
  const housing = projectNo('52', 3);
  const training = projectNo('52', 4);
  const school53 = projectNo('53', 1);
  let today: string;

  const ok = async <T>(who: string, query: string, variables: Record<string, unknown> = {}) => {
    const res = await hub.gql<T>(who, query, variables);
    if (!res.body.data || res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data;
  };
  const write = async (who: string, query: string, variables: Record<string, unknown>) => {
    const data = await ok<Record<string, { rejected: number; results: unknown[] }>>(who, query, variables);
    const [summary] = Object.values(data);
    if (summary.rejected) throw new Error(JSON.stringify(summary.results));
  };
  const benefit = (n: number, amount = '1500.00') => ({ registryNo: reg(n), type: 'SUBSIDY', amount, date: '2016-08-01' });
  const tx = (reference: string, overrides: Record<string, unknown>) => ({ ...transaction('52', 2, reference), ...overrides });

  beforeAll(async () => {
    hub = await startTestHub();
    await insertHouseholds(hub.db.orm, [...h52, ...h53]);
    const projects = [
      projectInput('52', 1),
      projectInput('52', 2, { type: 'EDUCATION', name: '希望小学' }),
      projectInput('52', 3, { type: 'HOUSING_RENOVATION', approvedOn: '2017-03-01', plannedStart: '2017-04-01', plannedEnd: '2017-10-31' }),
      projectInput('52', 4, { type: 'EMPLOYMENT_TRAINING' }),
      ...BULK.map((n) => projectInput('52', n, { type: 'EDUCATION', budget: [{ source: 'PROVINCIAL', amount: '1000.00' }] })),
    ];
    await write('P52', PUSH_PROJECTS, { key: 'projects-52', projects });
    await write('P53', PUSH_PROJECTS, { key: 'projects-53', projects: [projectInput('53', 1, { type: 'EDUCATION' })] });
    // The school's ledger: a reversed early allocation and a reversed disbursement, so net figures and FIFO both depend on the reversals.
    await write('P52', RECORD_TRANSACTIONS, {
      key: 'ledger',
      transactions: [
        tx('A0', { amount: '20000.00', date: '2016-04-01' }),
        tx('A1', { amount: '500000.00', date: '2016-05-01' }),
        tx('A2', { amount: '300000.10', date: '2016-07-01' }),
        tx('A3', { source: 'COUNTY', amount: '100000.25', date: '2016-05-01' }),
        tx('D1', { kind: 'DISBURSEMENT', amount: '450000.00', date: '2016-06-01' }),
        tx('D2', { kind: 'DISBURSEMENT', amount: '100000.00', date: '2016-06-15' }),
        tx('D3', { kind: 'DISBURSEMENT', amount: '60000.00', date: '2016-08-01' }),
        tx('D4', { kind: 'DISBURSEMENT', source: 'COUNTY', amount: '100000.25', date: '2016-08-01' }),
        tx('R1', { kind: 'REVERSAL', reverses: 'A0', amount: '20000.00', date: '2016-04-02' }),
        tx('R2', { kind: 'REVERSAL', reverses: 'D2', amount: '100000.00', date: '2016-06-16' }),
        transaction('52', 3, 'H1', { date: '2017-05-01' }),
      ],
    });
    await write('P52', RECORD_BENEFITS, { key: 'b-school', projectNo: school, benefits: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => benefit(n)) });
    await write('P52', RECORD_BENEFITS, { key: 'b-housing', projectNo: housing, benefits: [1, 2, 3].map((n) => benefit(n, '20000.00')) });
    await write('P52', RECORD_BENEFITS, { key: 'b-road', projectNo: road, benefits: [benefit(1, '300.00')] });
    for (const n of BULK) {
      const households = Array.from({ length: 20 }, (_, i) => 1 + ((n + i) % 60));
      await write('P52', RECORD_BENEFITS, { key: `b-${n}`, projectNo: projectNo('52', n), benefits: households.map((h) => benefit(h, '10.00')) });
    }
    await write('P53', RECORD_BENEFITS, {
      key: 'b-53',
      projectNo: school53,
      benefits: [{ registryNo: h53[0].registryNo, type: 'TRAINING', amount: null, date: '2016-09-01' }],
    });
    // MOE and MOHURD each match the heads of households 1-5 of province 52: those are the households they may see.
    const heads = h52.slice(0, 5).map((h) => ({ idNumber: h.members[0].idNumber, name: h.members[0].name }));
    await submitAndRun(hub, 'MOE', 'EDUCATION', heads);
    await submitAndRun(hub, 'MOHURD', 'HOUSING', heads);
    const [{ d }] = await hub.db.orm.em.getConnection().execute<Array<{ d: string }>>(`select current_date::text as d`);
    today = d;
  });
  afterAll(() => hub.close());

  const daysSince = (date: string) => Math.round((Date.parse(today) - Date.parse(date)) / 86_400_000);
  const numbers = (page: Page<{ projectNo: string }>) => page.edges.map((e) => e.node.projectNo);

  it('serves a stored project whole to its province and to LGOP', async () => {
    for (const who of ['P52', 'LGOP']) {
      const { project } = await ok<{ project: ProjectNode }>(who, PROJECT, { no: school });
      expect(project).toMatchObject({
        projectNo: school,
        name: '希望小学',
        type: 'EDUCATION',
        status: 'APPROVED',
        countyCode: '520102',
        villageCodes: ['520102001001', '520102001002'],
        implementingUnit: '县交通局',
        approvedOn: '2016-03-01',
        plannedStart: '2016-04-01',
        plannedEnd: '2016-10-31',
        completedOn: null,
        targetsHouseholds: true,
        budget: [
          { source: 'CENTRAL_SPECIAL', amount: '800000.00' },
          { source: 'COUNTY', amount: '200000.50' },
        ],
        announcement: { publishedOn: '2016-03-10', place: '村务公开栏' },
        version: 1,
      });
    }
  });

  it('sums the funds exactly, net of reversals, with idle money first in first out within each source', async () => {
    const { project } = await ok<{ project: ProjectNode }>('P52', PROJECT, { no: school });
    // CENTRAL_SPECIAL: A1 + A2 allocated (A0 reversed), D1 + D3 disbursed (D2 reversed): 510,000.00 spent uses all of A1
    // and 10,000.00 of A2, so A2 is the oldest money still idle. Counting A0 or D2 would make A1 the oldest.
    const central = { source: 'CENTRAL_SPECIAL', budget: '800000.00', allocated: '800000.10', disbursed: '510000.00', idleAmount: '290000.10' };
    const county = { source: 'COUNTY', budget: '200000.50', allocated: '100000.25', disbursed: '100000.25', idleAmount: '0.00' };
    expect(project.funds.bySource).toEqual([
      { ...central, disbursementRate: expect.closeTo(510000 / 800000.1, 12), oldestIdleDays: daysSince('2016-07-01') },
      { ...county, disbursementRate: 1, oldestIdleDays: null },
    ]);
    expect(project.funds).toMatchObject({
      budget: '1000000.50',
      allocated: '900000.35',
      disbursed: '610000.25',
      idleAmount: '290000.10',
      oldestIdleDays: daysSince('2016-07-01'),
    });
    expect(project.funds.disbursementRate).toBeCloseTo(610000.25 / 900000.35, 12);
  });

  it('answers zero funds, a null rate and no idle age for a project with no ledger', async () => {
    const { project } = await ok<{ project: ProjectNode }>('LGOP', PROJECT, { no: road });
    expect(project.funds).toEqual({
      budget: '1000000.50',
      allocated: '0.00',
      disbursed: '0.00',
      disbursementRate: null,
      idleAmount: '0.00',
      oldestIdleDays: null,
      bySource: [
        {
          source: 'CENTRAL_SPECIAL',
          budget: '800000.00',
          allocated: '0.00',
          disbursed: '0.00',
          disbursementRate: null,
          idleAmount: '0.00',
          oldestIdleDays: null,
        },
        { source: 'COUNTY', budget: '200000.50', allocated: '0.00', disbursed: '0.00', disbursementRate: null, idleAmount: '0.00', oldestIdleDays: null },
      ],
    });
  });

  it('pages the ledger in recorded order, each reversal naming what it cancels', async () => {
    const first = await ok<{ project: { transactions: Page<Record<string, unknown>> } }>('P52', LEDGER, { no: school, first: 4 });
    expect(first.project.transactions.edges.map((e) => e.node.reference)).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect(first.project.transactions.edges[0].node).toEqual({
      reference: 'A0',
      kind: 'ALLOCATION',
      source: 'CENTRAL_SPECIAL',
      amount: '20000.00',
      date: '2016-04-01',
      reverses: null,
      reversedBy: 'R1',
    });
    const rest = await ok<{ project: { transactions: Page<Record<string, unknown>> } }>('P52', LEDGER, {
      no: school,
      first: 10,
      after: first.project.transactions.pageInfo.endCursor,
    });
    expect(rest.project.transactions.edges.map((e) => e.node.reference)).toEqual(['D1', 'D2', 'D3', 'D4', 'R1', 'R2']);
    expect(rest.project.transactions.edges.at(-1)?.node).toMatchObject({ kind: 'REVERSAL', reverses: 'D2', reversedBy: null });
    expect(rest.project.transactions.pageInfo.hasNextPage).toBe(false);
  });

  it('pages projects by cursor and filters by province, county, type, status, source and year', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { projects }: { projects: Page<{ projectNo: string }> } = await ok('LGOP', PROJECTS, { first: 7, after });
      seen.push(...numbers(projects));
      after = projects.pageInfo.hasNextPage ? projects.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(55);
    expect(new Set(seen).size).toBe(55);
    const filtered = async (filter: Record<string, unknown>) =>
      numbers((await ok<{ projects: Page<{ projectNo: string }> }>('LGOP', PROJECTS, { filter, first: 100 })).projects);
    expect(await filtered({ provinceCode: '53' })).toEqual([school53]);
    expect(await filtered({ countyCode: '530102', type: 'EDUCATION' })).toEqual([school53]);
    expect(await filtered({ provinceCode: '52', type: 'HOUSING_RENOVATION' })).toEqual([housing]);
    expect(await filtered({ status: 'COMPLETED' })).toEqual([]);
    expect(await filtered({ source: 'COUNTY', provinceCode: '52' })).toEqual([road, school, housing, training]);
    expect(await filtered({ year: 2017 })).toEqual([housing]);
    const bad = await hub.gql('LGOP', PROJECTS, { after: 'not-a-cursor' });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('pages a project’s beneficiaries in registry order, and lists a household’s benefits', async () => {
    type B = { project: { beneficiaries: Page<{ registryNo: string; members: unknown[] }> } };
    const first = await ok<B>('P52', BENEFICIARIES, { no: school, first: 6 });
    expect(first.project.beneficiaries.edges.map((e) => e.node.registryNo)).toEqual([1, 2, 3, 4, 5, 6].map(reg));
    expect(first.project.beneficiaries.edges[0].node.members).toHaveLength(3);
    const rest = await ok<B>('P52', BENEFICIARIES, { no: school, first: 6, after: first.project.beneficiaries.pageInfo.endCursor });
    expect(rest.project.beneficiaries.edges.map((e) => e.node.registryNo)).toEqual([7, 8, 9, 10].map(reg));
    expect(rest.project.beneficiaries.pageInfo.hasNextPage).toBe(false);
    const { household } = await ok<{ household: { benefits: unknown[] } }>('P52', BENEFITS, { reg: reg(1) });
    expect(household.benefits).toEqual(
      expect.arrayContaining([
        { projectNo: road, projectType: 'ROAD', type: 'SUBSIDY', amount: '300.00', date: '2016-08-01' },
        { projectNo: school, projectType: 'EDUCATION', type: 'SUBSIDY', amount: '1500.00', date: '2016-08-01' },
        { projectNo: housing, projectType: 'HOUSING_RENOVATION', type: 'SUBSIDY', amount: '20000.00', date: '2016-08-01' },
      ]),
    );
  });

  it('audits the beneficiaries a read hands out, one row for a whole page of projects', async () => {
    const before = await hub.db.orm.em
      .getConnection()
      .execute<Array<{ n: string }>>(`select count(*) as n from audit_log where operation = 'Project.beneficiaries'`);
    await ok('LGOP', PAGE, { filter: { type: 'EDUCATION', provinceCode: '52' }, first: 10 });
    const rows = await hub.db.orm.em
      .getConnection()
      .execute<Array<{ registry_nos: string[]; tenant_code: string }>>(
        `select registry_nos, tenant_code from audit_log where operation = 'Project.beneficiaries' order by id`,
      );
    expect(rows.length).toBe(Number(before[0].n) + 1);
    expect(rows.at(-1)?.tenant_code).toBe('LGOP');
    expect(rows.at(-1)?.registry_nos).toEqual(expect.arrayContaining([1, 2, 10].map(reg)));
  });

  describe('tenancy', () => {
    it('stores the project half of each agreement as the seed names it, listed to LGOP', async () => {
      const q = `{ sharingPolicies { tenantCode projectTypes projectFields } }`;
      const stored = (await ok<{ sharingPolicies: Array<Record<string, unknown>> }>('LGOP', q)).sharingPolicies;
      const seeded = SEED_POLICIES.map((p) => ({ tenantCode: p.tenantCode, projectTypes: p.projectTypes, projectFields: p.projectFields }));
      expect(stored).toEqual(expect.arrayContaining(seeded));
      expect(stored).toHaveLength(seeded.length);
    });

    it('a province reads only its own projects, their ledgers, beneficiaries and benefits', async () => {
      expect((await ok<{ project: unknown }>('P53', PROJECT, { no: school })).project).toBeNull();
      expect((await ok<{ project: unknown }>('P53', LEDGER, { no: school })).project).toBeNull();
      expect(numbers((await ok<{ projects: Page<{ projectNo: string }> }>('P53', PROJECTS, { first: 100 })).projects)).toEqual([school53]);
      // Asking for another province by filter finds nothing rather than another's rows.
      expect(numbers((await ok<{ projects: Page<{ projectNo: string }> }>('P53', PROJECTS, { filter: { provinceCode: '52' } })).projects)).toEqual([]);
      expect((await ok<{ household: unknown }>('P53', BENEFITS, { reg: reg(1) })).household).toBeNull();
      const own = await ok<{ household: { benefits: unknown[] } }>('P53', BENEFITS, { reg: h53[0].registryNo });
      expect(own.household.benefits).toEqual([{ projectNo: school53, projectType: 'EDUCATION', type: 'TRAINING', amount: null, date: '2016-09-01' }]);
      const p52 = await ok<{ projects: Page<{ projectNo: string }> }>('P52', PROJECTS, { first: 500 });
      expect(numbers(p52.projects)).not.toContain(school53);
      expect(numbers(p52.projects)).toHaveLength(54);
    });

    it('MOE reads only education projects, their beneficiaries only among households it matched, cut by its policy', async () => {
      const all = numbers((await ok<{ projects: Page<{ projectNo: string }> }>('MOE', PROJECTS, { first: 500 })).projects);
      expect(all).toHaveLength(52);
      expect(all).toEqual(expect.arrayContaining([school, school53]));
      expect(all).not.toContain(road);
      expect((await ok<{ project: unknown }>('MOE', PROJECT, { no: road })).project).toBeNull();
      expect((await ok<{ project: unknown }>('MOE', PROJECT, { no: housing })).project).toBeNull();
      type B = { project: { beneficiaries: Page<{ registryNo: string | null; villageCode: string; status: string; members: Array<{ name: string }> }> } };
      const { data, redacted } = await readShared<B>(hub, 'MOE', BENEFICIARIES, { no: school, first: 20 });
      // Ten households benefit; MOE matched five of them, and its policy hides registry numbers.
      const nodes = data.project.beneficiaries.edges.map((e) => e.node);
      expect(nodes.map((n) => n.members[0].name)).toEqual(h52.slice(0, 5).map((h) => h.members[0].name));
      expect(nodes.every((n) => n.registryNo === null && n.villageCode !== null)).toBe(true);
      expect(redacted).toContain('project.beneficiaries.edges.0.node.registryNo');
      // Its own funds figures are shown; the ledger is outside its agreement: an empty page, named as cut.
      const ledger = await readShared<{ project: { transactions: Page<unknown> } }>(hub, 'MOE', LEDGER, { no: school });
      expect(ledger.data.project.transactions.edges).toEqual([]);
      expect(ledger.redacted).toEqual(['project.transactions']);
      const { project } = await ok<{ project: ProjectNode }>('MOE', PROJECT, { no: school });
      expect(project.funds.disbursed).toBe('610000.25');
    });

    it('a household’s benefits, to a ministry, come only from projects of its types', async () => {
      // Household 1 benefits from the road, the school and the housing project; MOE reads the household only through its match.
      const q = `{ households(first: 10) { edges { node { villageCode benefits { projectNo projectType amount } } } } }`;
      const moe = await ok<{ households: Page<{ benefits: Array<{ projectType: string }> }> }>('MOE', q);
      expect(moe.households.edges).toHaveLength(5);
      const types = new Set(moe.households.edges.flatMap((e) => e.node.benefits.map((b) => b.projectType)));
      expect([...types]).toEqual(['EDUCATION']);
      const mohurd = await ok<{ households: Page<{ benefits: Array<{ projectType: string }> }> }>('MOHURD', q);
      expect(mohurd.households.edges[0].node.benefits).toEqual([{ projectNo: housing, projectType: 'HOUSING_RENOVATION', amount: '20000.00' }]);
    });

    it('MOHURD reads housing projects with their ledger; MOHRSS training projects without the fields its policy withholds', async () => {
      expect(numbers((await ok<{ projects: Page<{ projectNo: string }> }>('MOHURD', PROJECTS, { first: 500 })).projects)).toEqual([housing]);
      const ledger = await readShared<{ project: { transactions: Page<{ reference: string }> } }>(hub, 'MOHURD', LEDGER, { no: housing });
      expect(ledger.data.project.transactions.edges.map((e) => e.node.reference)).toEqual(['H1']);
      expect(ledger.redacted).toEqual([]);
      const q = `query($no: String!) { project(projectNo: $no) { projectNo type name implementingUnit version budget { amount } } }`;
      expect((await ok<{ project: unknown }>('MOHRSS', q, { no: housing })).project).toBeNull();
      const shown = await readShared<{ project: Record<string, unknown> }>(hub, 'MOHRSS', q, { no: training });
      expect(shown.data.project).toMatchObject({ projectNo: training, type: 'EMPLOYMENT_TRAINING', name: '村道硬化 4', implementingUnit: null, version: null });
      expect(shown.data.project.budget).toHaveLength(2);
      expect(shown.redacted.sort()).toEqual(['project.implementingUnit', 'project.version']);
    });

    it('MCA, MPS and CDPF read no project, no beneficiary and no benefit', async () => {
      for (const who of ['MCA', 'MPS', 'CDPF']) {
        expect((await ok<{ projects: Page<unknown> }>(who, PROJECTS, { first: 500 })).projects.edges).toEqual([]);
        expect((await ok<{ project: unknown }>(who, PROJECT, { no: school })).project).toBeNull();
      }
    });

    it('refuses a ministry a filter that selects by a project field its policy hides', async () => {
      // MCA's agreement grants no project field; MOE's grants the county and the approval date a year filter reveals.
      const res = await hub.gql('MCA', PROJECTS, { filter: { countyCode: '520102' } });
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.body.errors?.[0].extensions?.hiddenFields).toEqual(['countyCode']);
      expect((await hub.gql('MOE', PROJECTS, { filter: { countyCode: '520102', year: 2016 } })).body.errors).toBeUndefined();
    });
  });

  describe('statements per page: constant in the number of projects', () => {
    /**
     * Statements of `read`, after an uncounted one. The tenant lookup is cached for 30 s per process and may
     * expire between the two (these pages take seconds on a loaded machine): the fewer of two counts is the read's own.
     */
    async function countWarm(read: () => Promise<unknown>): Promise<number> {
      await read();
      return Math.min(await hub.countStatements(read), await hub.countStatements(read));
    }

    it.each([
      // The page, funds, beneficiaries (with their members and benefits) and the audit row; a ministry: and its policy.
      ['LGOP', 6],
      ['P52', 6],
      ['MOE', 7],
    ])('a 5-project and a 50-project page with funds and 20 beneficiaries each, read by %s', async (who, statements) => {
      const read = (n: number) => async () => {
        const data = await ok<{ projects: Page<{ beneficiaries: Page<unknown> }> }>(who, PAGE, { filter: { type: 'EDUCATION', provinceCode: '52' }, first: n });
        expect(data.projects.edges).toHaveLength(n);
        const beneficiaries = data.projects.edges.map((e) => e.node.beneficiaries.edges.length);
        if (who !== 'MOE') expect(beneficiaries.slice(1).every((b) => b === 20)).toBe(true);
      };
      const [five, fifty] = [await countWarm(read(5)), await countWarm(read(50))];
      expect(fifty).toBe(five);
      expect(fifty).toBe(statements + TRANSACTION_FRAMING);
    });
  });
});
