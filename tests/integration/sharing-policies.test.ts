import { insertHouseholds, makeHouseholds } from '../support/registry-fixtures';
import { plantRegistry, submitAndRun } from '../support/reconcile-fixtures';
import { MASKED, MATCHED, type MatchedPage, readShared } from '../support/sharing-fixtures';
import { startTestHub, TRANSACTION_FRAMING, type TestHub } from '../support/test-hub';

type Person = { idNumber: string; name: string };

describe('data-sharing policies: what each ministry reads of its matches', () => {
  let hub: TestHub;
  let reg: Awaited<ReturnType<typeof plantRegistry>>;
  const other = makeHouseholds('53', 2);
  beforeAll(async () => {
    hub = await startTestHub();
    reg = await plantRegistry(hub);
    await insertHouseholds(hub.db.orm, other);
  });
  afterAll(() => hub.close());

  const h1 = () => reg.h1.members as unknown as Person[];
  const record = (p: Person, attributes?: Record<string, unknown>) => ({ idNumber: p.idNumber, name: p.name, ...(attributes ? { attributes } : {}) });
  /** The ministry's only matched household, its members by relationship, and the redacted paths. */
  const matchedAs = async (ministry: string, sector: string) => {
    const { data, redacted } = await readShared<MatchedPage>(hub, ministry, MATCHED, { sector, first: 50 });
    expect(data.matchedHouseholds.edges).toHaveLength(1);
    const node = data.matchedHouseholds.edges[0].node;
    const by = Object.fromEntries(node.household.members.map((m, i) => [String(m.relationship ?? i), { ...m, i }]));
    const path = (field: string, member?: number) => `matchedHouseholds.edges.0.node.household.${member === undefined ? '' : `members.${member}.`}${field}`;
    return { node, by, redacted, path };
  };

  it('MOE: its matched household with schooling fields only for members aged 3-22, the numbers it did not send masked', async () => {
    await submitAndRun(hub, 'MOE', 'EDUCATION', [record(h1()[2], { enrolled: true })]);
    const { node, by, redacted, path } = await matchedAs('MOE', 'EDUCATION');
    expect(node.household).toMatchObject({
      registryNo: null,
      provinceCode: '52',
      status: 'POOR',
      primaryCause: 'ILLNESS',
      annualIncomePerCapita: null,
      housingSafe: null,
      events: [],
    });
    expect(by.CHILD).toMatchObject({ idNumber: h1()[2].idNumber, name: h1()[2].name, inSchool: true, health: null });
    expect(by.HEAD).toMatchObject({ name: h1()[0].name, inSchool: null, education: null });
    expect(by.HEAD.idNumber).toMatch(MASKED);
    expect(by.HEAD.idNumber).toBe(`${h1()[0].idNumber.slice(0, 6)}************`);
    expect(redacted).toEqual(
      expect.arrayContaining([path('registryNo'), path('annualIncomePerCapita'), path('events'), path('inSchool', by.HEAD.i), path('health', by.CHILD.i)]),
    );
    expect(redacted).not.toContain(path('inSchool', by.CHILD.i));
    expect(node.matches).toEqual([
      expect.objectContaining({ rowNo: 1, outcome: 'MATCHED', discrepancyKinds: [], member: expect.objectContaining({ idNumber: h1()[2].idNumber }) }),
    ]);
  });

  it('MCA: the means test (income, housing, dibao) but no insurance or schooling', async () => {
    await submitAndRun(hub, 'MCA', 'MINIMUM_LIVING', [record(h1()[0], { monthlyAmount: 300 })]);
    const { node, by, redacted, path } = await matchedAs('MCA', 'MINIMUM_LIVING');
    expect(node.household).toMatchObject({ annualIncomePerCapita: 2100.5, housingSafe: true, drinkingWaterSafe: true, registryNo: null });
    expect(by.HEAD).toMatchObject({ idNumber: h1()[0].idNumber, receivesDibao: false, health: 'HEALTHY', medicalInsured: null, inSchool: null });
    expect(by.SPOUSE.idNumber).toMatch(MASKED);
    expect(redacted).toEqual(expect.arrayContaining([path('medicalInsured', by.HEAD.i), path('inSchool', by.CHILD.i)]));
    expect(node.matches[0].discrepancyKinds).toEqual(['ALLOWANCE_STATUS_STALE']);
  });

  it('NHFPC: health, disability and insurance of every member; no income', async () => {
    await submitAndRun(hub, 'NHFPC', 'HEALTH', [record(h1()[1], { insured: true })]);
    const { node, by, redacted, path } = await matchedAs('NHFPC', 'HEALTH');
    expect(node.household).toMatchObject({ annualIncomePerCapita: null, housingSafe: null, status: 'POOR' });
    expect(by.SPOUSE).toMatchObject({ idNumber: h1()[1].idNumber, health: 'CHRONIC_ILLNESS' });
    expect(by.HEAD).toMatchObject({ medicalInsured: true, receivesDibao: null, education: null });
    expect(redacted).toEqual(expect.arrayContaining([path('annualIncomePerCapita'), path('receivesDibao', by.HEAD.i)]));
    expect(redacted).not.toContain(path('medicalInsured', by.HEAD.i));
  });

  it('MOHRSS: only the matched people, labour facts for ages 16-64', async () => {
    await submitAndRun(hub, 'MOHRSS', 'EMPLOYMENT', [record(h1()[0], { employerType: 'ENTERPRISE', annualWage: 1000 })]);
    const { node, redacted, path } = await matchedAs('MOHRSS', 'EMPLOYMENT');
    expect(node.household.members.map((m) => m.idNumber)).toEqual([h1()[0].idNumber]);
    expect(node.household).toMatchObject({ villageCode: null, annualIncomePerCapita: 2100.5 });
    expect(redacted).toContain(path('villageCode'));
    expect(redacted).not.toContain(path('labourCapacity', 0));
    expect(redacted).toContain(path('health', 0));
  });

  it('MOHURD: the dwelling, and the identity of the head only', async () => {
    await submitAndRun(hub, 'MOHURD', 'HOUSING', [record(h1()[0], { dilapidationGrade: 'A' })]);
    const { node, by, redacted, path } = await matchedAs('MOHURD', 'HOUSING');
    expect(node.household).toMatchObject({ housingSafe: true, drinkingWaterSafe: true, primaryCause: null });
    expect(by.HEAD).toMatchObject({ idNumber: h1()[0].idNumber, name: h1()[0].name });
    expect(by.SPOUSE).toMatchObject({ idNumber: null, name: null, relationship: 'SPOUSE' });
    expect(redacted).toEqual(expect.arrayContaining([path('idNumber', by.SPOUSE.i), path('name', by.CHILD.i), path('primaryCause')]));
  });

  it('MPS: identity fields only', async () => {
    await submitAndRun(hub, 'MPS', 'CIVIL_REGISTRATION', [record(h1()[1], { status: 'ACTIVE' })]);
    const { node, by, redacted, path } = await matchedAs('MPS', 'CIVIL_REGISTRATION');
    expect(node.household).toMatchObject({ status: null, provinceCode: '52', housingSafe: null });
    expect(by.SPOUSE).toMatchObject({ idNumber: h1()[1].idNumber, name: h1()[1].name, sex: 'FEMALE', birthDate: '1972-02-02', health: null, inSchool: null });
    expect(by.CHILD.idNumber).toMatch(MASKED);
    expect(redacted).toEqual(expect.arrayContaining([path('status'), path('health', by.SPOUSE.i), path('medicalInsured', by.HEAD.i)]));
    expect(redacted).not.toContain(path('ethnicity', by.SPOUSE.i));
  });

  it('CDPF: disability and labour of every member, nothing of insurance', async () => {
    const disabled = reg.h3.members[1] as unknown as Person;
    await submitAndRun(hub, 'CDPF', 'DISABILITY', [record(disabled, { certificateNo: 'C-1', level: 3 })]);
    const { node, redacted, path } = await matchedAs('CDPF', 'DISABILITY');
    const i = node.household.members.findIndex((m) => m.idNumber === disabled.idNumber);
    expect(node.household.members[i]).toMatchObject({ health: 'DISABLED', disabilityLevel: 3, medicalInsured: null });
    expect(redacted).toContain(path('medicalInsured', i));
  });

  it('households and household for a ministry are exactly its matches, under the same policy', async () => {
    const list = await readShared<{
      households: { edges: Array<{ node: { registryNo: string | null; villageCode: string | null; members: Array<{ idNumber: string }> } }> };
    }>(hub, 'MOHRSS', `{ households(first: 100) { edges { node { registryNo villageCode members { idNumber } } } } }`);
    expect(list.data.households.edges).toEqual([{ node: { registryNo: null, villageCode: null, members: [{ idNumber: h1()[0].idNumber }] } }]);
    expect(list.redacted).toEqual(['households.edges.0.node.registryNo', 'households.edges.0.node.villageCode']);
    const one = (who: string, r: string) =>
      hub.gql<{ household: Record<string, unknown> | null }>(who, `query($r: String!) { household(registryNo: $r) { countyCode status } }`, { r });
    expect((await one('CDPF', reg.h3.registryNo as string)).body.data?.household).toEqual({ countyCode: '520102', status: 'POOR' });
    expect((await one('CDPF', reg.h1.registryNo as string)).body.data?.household).toBeNull();
    expect((await one('MOE', other[0].registryNo)).body.data?.household).toBeNull();
  });

  it('the owning province and LGOP read whole ID numbers; a province and LGOP get no redactedFields', async () => {
    for (const who of ['P52', 'LGOP']) {
      const res = await readShared<{ household: { registryNo: string; members: Array<{ idNumber: string }> } }>(
        hub,
        who,
        `query($r: String!) { household(registryNo: $r) { registryNo members { idNumber } } }`,
        { r: reg.h1.registryNo },
      );
      expect(res.data.household.members.map((m) => m.idNumber).sort()).toEqual(
        h1()
          .map((m) => m.idNumber)
          .sort(),
      );
      expect(res.redacted).toEqual([]);
    }
  });

  it('lookupPersons applies the same policy', async () => {
    const q = `query($ids: [String!]!) { lookupPersons(idNumbers: $ids) { idNumber registered householdStatus provinceCode registryNo } }`;
    const mps = await readShared<{ lookupPersons: Array<Record<string, unknown>> }>(hub, 'MPS', q, { ids: [h1()[0].idNumber] });
    expect(mps.data.lookupPersons[0]).toEqual({ idNumber: h1()[0].idNumber, registered: true, householdStatus: null, provinceCode: '52', registryNo: null });
    expect(mps.redacted).toEqual(['lookupPersons.0.householdStatus', 'lookupPersons.0.registryNo']);
    const moe = await readShared<{ lookupPersons: Array<Record<string, unknown>> }>(hub, 'MOE', q, { ids: [h1()[0].idNumber] });
    expect(moe.data.lookupPersons[0]).toMatchObject({ householdStatus: 'POOR', provinceCode: '52' });
  });

  it('LGOP reads the seven agreements; no one else may', async () => {
    const res = await readShared<{ sharingPolicies: Array<{ tenantCode: string; memberRules: unknown[] }> }>(
      hub,
      'LGOP',
      `{ sharingPolicies { tenantCode householdFields memberFields memberRows memberRules { fields minAge maxAge relationships } } }`,
    );
    expect(res.data.sharingPolicies.map((p) => p.tenantCode)).toEqual(['CDPF', 'MCA', 'MOE', 'MOHRSS', 'MOHURD', 'MPS', 'NHFPC']);
    expect(res.data.sharingPolicies.find((p) => p.tenantCode === 'MOE')?.memberRules).toEqual([
      { fields: ['education', 'inSchool'], minAge: 3, maxAge: 22, relationships: null },
    ]);
    for (const who of ['MOE', 'P52']) expect((await hub.gql(who, `{ sharingPolicies { tenantCode } }`)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await hub.gql('P52', MATCHED, { sector: 'EDUCATION' })).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('pages 50 matched households with members in as many statements as 5, and filters by county, status and kind', async () => {
    const many = makeHouseholds('52', 60, 100);
    await insertHouseholds(hub.db.orm, many);
    await submitAndRun(
      hub,
      'MOE',
      'EDUCATION',
      many.map((h) => ({ idNumber: h.members[2].idNumber, name: h.members[2].name, attributes: { enrolled: true } })),
      '2021',
    );
    const page = (first: number) => async () => {
      const res = await hub.gql<MatchedPage>('MOE', MATCHED, { sector: 'EDUCATION', first });
      expect(res.body.data?.matchedHouseholds.edges).toHaveLength(first);
      expect(res.body.data?.matchedHouseholds.edges[first - 1].node.household.members).toHaveLength(3);
    };
    // Uncounted first: the tenant lookup is cached for 30 s, which a loaded machine can outlast since MOE's last request.
    await page(1)();
    const [five, fifty] = [await hub.countStatements(page(5)), await hub.countStatements(page(50))];
    expect(fifty).toBe(five);
    // The policy, the page with its batches, members and the read's audit row (the look-ahead), in two statements.
    expect(fifty).toBeLessThanOrEqual(2 + TRANSACTION_FRAMING);
    // MOE is not shown registry numbers, yet the audit row names the 50 households it was given (LGOP's record, not MOE's view).
    const [audited] = await hub.db.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ n: number }>>(
        `select cardinality(registry_nos) as n from audit_log where tenant_code = 'MOE' and operation = 'matchedHouseholds' order by id desc limit 1`,
      );
    expect(audited?.n).toBe(50);
    // LGOP's page of the same matches (no policy) and MOE's households (its matched households) count the same way.
    const lgop = (first: number) => async () => {
      const res = await hub.gql<MatchedPage>('LGOP', MATCHED, { sector: 'EDUCATION', first });
      expect(res.body.data?.matchedHouseholds.edges[first - 1].node.household.members).toHaveLength(3);
    };
    await lgop(1)(); // the tenant's first request reads the tenant (then cached)
    const [lgopFive, lgopFifty] = [await hub.countStatements(lgop(5)), await hub.countStatements(lgop(50))];
    expect(lgopFifty).toBe(lgopFive);
    // The page with its batches and members and the read's audit row, the events (LGOP sees them).
    expect(lgopFifty).toBe(2 + TRANSACTION_FRAMING);
    const households = (first: number) => async () => {
      const res = await hub.gql<{ households: { edges: Array<{ node: { members: unknown[] } }> } }>(
        'MOE',
        `query($first: Int) { households(first: $first) { edges { node { status members { name } events { type } } } } }`,
        { first },
      );
      expect(res.body.data?.households.edges).toHaveLength(first);
      expect(res.body.data?.households.edges[first - 1].node.members).toHaveLength(3);
    };
    const [moeFive, moeFifty] = [await hub.countStatements(households(5)), await hub.countStatements(households(50))];
    expect(moeFifty).toBe(moeFive);
    // The policy, the page with its batches and members; events are outside MOE's policy and read nothing.
    expect(moeFifty).toBeLessThanOrEqual(2 + TRANSACTION_FRAMING);
    // Its audit row, written by the page's statement, names the 50 households given (their numbers hidden from MOE).
    const [moeAudited] = await hub.db.orm.em
      .fork()
      .getConnection()
      .execute<Array<{ n: number }>>(
        `select cardinality(registry_nos) as n from audit_log where tenant_code = 'MOE' and operation = 'households' order by id desc limit 1`,
      );
    expect(moeAudited?.n).toBe(50);
    const exited = await readShared<MatchedPage>(hub, 'MOE', MATCHED, { sector: 'EDUCATION', first: 100, filter: { status: 'EXITED', countyCode: '520102' } });
    expect(exited.data.matchedHouseholds.edges).toHaveLength(many.filter((h) => h.status === 'EXITED').length);
    const stale = await readShared<MatchedPage>(hub, 'MOE', MATCHED, { sector: 'EDUCATION', first: 100, filter: { discrepancyKind: 'SCHOOL_STATUS_STALE' } });
    expect(stale.data.matchedHouseholds.edges).toHaveLength(60);
  });
});
