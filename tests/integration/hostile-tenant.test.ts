import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { countIdCandidates } from '../support/id-candidates';
import { PUSH, householdInput } from '../support/push-fixtures';
import { submitAndRun } from '../support/reconcile-fixtures';
import { readShared } from '../support/sharing-fixtures';
import { startTestHub, type TestHub } from '../support/test-hub';

type Row = Record<string, unknown>;
type Member = Row & { idNumber: string | null; birthDate: string | null; sex: string | null; relationship: string | null };
type Household = Row & { villageCode: string | null; countyCode: string | null; provinceCode: string | null; members: Member[] };

const MEMBER_FIELDS = `idNumber name sex birthDate relationship ethnicity education inSchool health disabilityLevel labourCapacity
  migrantWorker medicalInsured pensionInsured receivesDibao status statusDate`;
const HOUSEHOLD_FIELDS = `registryNo villageCode countyCode provinceCode status identifiedYear exitYear primaryCause otherCauses
  annualIncomePerCapita housingSafe drinkingWaterSafe`;
const MATCHED_ALL = `query($sector: Sector!) { matchedHouseholds(sector: $sector, first: 50) { edges { node {
  household { ${HOUSEHOLD_FIELDS} members { ${MEMBER_FIELDS} } } matches { member { ${MEMBER_FIELDS} } } } } } }`;
const RECORDS_ALL = `query($id: ID!) { batchRecords(batchId: $id, first: 50) { edges { node { rowNo outcome member { ${MEMBER_FIELDS} } } } } }`;
const CASES = `query($filter: DiscrepancyFilter) { discrepancies(filter: $filter, first: 100) { edges { node { kind idNumber countyCode evidence } } } }`;

const MINISTRIES: Array<[string, string]> = [
  ['MOE', 'EDUCATION'],
  ['MCA', 'MINIMUM_LIVING'],
  ['NHFPC', 'HEALTH'],
  ['MOHRSS', 'EMPLOYMENT'],
  ['MOHURD', 'HOUSING'],
  ['MPS', 'CIVIL_REGISTRATION'],
  ['CDPF', 'DISABILITY'],
];

describe('issue 12: what a hostile tenant learns', () => {
  let hub: TestHub;
  const h1 = householdInput('52', 1);
  const h2 = { ...householdInput('52', 2), status: 'EXITED', exitYear: 2019, primaryCause: 'DISASTER' };
  // An adult in school: MOE's policy shows schooling for ages 3-22 only.
  const adult = { idNumber: buildIdNumber('520102', '2002-05-05', 41), name: '张大', relationship: 'CHILD', health: 'HEALTHY', inSchool: true };
  h1.members.push(adult);
  const head = h1.members[0] as { idNumber: string; name: string };
  const spouse = h1.members[1] as { idNumber: string; name: string };

  beforeAll(async () => {
    hub = await startTestHub();
    const res = await hub.gql('P52', PUSH, { key: 'plant', households: [h1, h2] });
    expect((res.body.data as { pushHouseholds: { created: number } }).pushHouseholds.created).toBe(2);
  });
  afterAll(() => hub.close());

  describe('1. masked ID numbers cannot be rebuilt', () => {
    // Same county and birth date as the head, a similar name, another number: a PROBABLE match with the head.
    const probableHead = { idNumber: buildIdNumber('520102', '1970-01-01', 777), name: head.name };

    it.each(MINISTRIES)('%s: every masked number, with all else it sees, leaves at least 100 candidates', async (ministry, sector) => {
      const batchId = await submitAndRun(hub, ministry, sector, [probableHead, { idNumber: spouse.idNumber, name: spouse.name }]);
      const seen: number[] = [];
      const { data } = await readShared<{ matchedHouseholds: { edges: Array<{ node: { household: Household; matches: Array<{ member: Member | null }> } }> } }>(
        hub,
        ministry,
        MATCHED_ALL,
        { sector },
      );
      for (const { node } of data.matchedHouseholds.edges) {
        const h = node.household;
        const region = { countyCode: h.villageCode ?? h.countyCode, provinceCode: h.provinceCode };
        for (const m of [...h.members, ...node.matches.flatMap((x) => (x.member ? [x.member] : []))]) {
          if (!m.idNumber?.includes('*')) continue;
          // What the ministry itself sent about the head (its PROBABLE record) counts as seen too.
          const birthDate = m.birthDate ?? (m.relationship === 'HEAD' ? '1970-01-01' : null);
          seen.push(countIdCandidates(m.idNumber, { ...region, birthDate, sex: m.sex }));
        }
      }
      const records = await readShared<{ batchRecords: { edges: Array<{ node: { outcome: string; member: Member | null } }> } }>(hub, ministry, RECORDS_ALL, {
        id: batchId,
      });
      const probable = records.data.batchRecords.edges.find((e) => e.node.outcome === 'PROBABLE')?.node.member;
      expect(probable?.idNumber).toContain('*');
      seen.push(countIdCandidates(probable!.idNumber!, { countyCode: '520102', birthDate: '1970-01-01', sex: probable!.sex ?? 'MALE' }));
      expect(seen.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...seen)).toBeGreaterThanOrEqual(100);
    });
  });

  describe('2. no filter on a field the policy hides', () => {
    const forbidden = async (ministry: string, query: string, variables: Row, field: string) => {
      const res = await hub.gql(ministry, query, variables);
      expect(res.body.data ?? null).toBeNull();
      const error = res.body.errors?.[0];
      expect(error?.extensions).toMatchObject({ code: 'FORBIDDEN', fields: [expect.objectContaining({ path: `filter.${field}` })] });
    };
    const HOUSEHOLDS = `query($filter: HouseholdFilter) { households(filter: $filter, first: 50) { edges { node { countyCode status } } } }`;
    const MATCHED = `query($filter: MatchedHouseholdFilter) { matchedHouseholds(sector: CIVIL_REGISTRATION, filter: $filter, first: 50) { edges { node { household { countyCode } } } } }`;

    beforeAll(async () => {
      await submitAndRun(
        hub,
        'MPS',
        'CIVIL_REGISTRATION',
        [h2.members[0], spouse].map((m) => ({ idNumber: m.idNumber, name: m.name })),
      );
    });

    it.each<[string, Row]>([
      ['status', { status: 'POOR' }],
      ['status', { status: 'EXITED' }],
      ['status', { status: 'RETURNED' }],
      ['primaryCause', { primaryCause: 'DISASTER' }],
      ['identifiedYear', { identifiedYear: 2015 }],
      ['exitYear', { exitYear: 2019 }],
    ])('MPS: households filtered by the hidden %s (%j) is FORBIDDEN', async (field, filter) => {
      await forbidden('MPS', HOUSEHOLDS, { filter }, field);
    });

    it('MPS: matchedHouseholds filtered by status is FORBIDDEN; MOHRSS may not filter by the village it does not see', async () => {
      await forbidden('MPS', MATCHED, { filter: { status: 'POOR' } }, 'status');
      await forbidden('MOHRSS', HOUSEHOLDS, { filter: { villageCode: h1.villageCode } }, 'villageCode');
    });

    it('filters on fields the policy grants still work, and LGOP and provinces filter by anything', async () => {
      const mps = await readShared<{ households: { edges: unknown[] } }>(hub, 'MPS', HOUSEHOLDS, { filter: { countyCode: '520102' } });
      expect(mps.data.households.edges).toHaveLength(2);
      const mpsMatched = await readShared<{ matchedHouseholds: { edges: unknown[] } }>(hub, 'MPS', MATCHED, { filter: { countyCode: '520102' } });
      expect(mpsMatched.data.matchedHouseholds.edges).toHaveLength(2);
      for (const who of ['P52', 'LGOP']) {
        const res = await readShared<{ households: { edges: unknown[] } }>(hub, who, HOUSEHOLDS, { filter: { status: 'EXITED', exitYear: 2019 } });
        expect(res.data.households.edges).toHaveLength(1);
      }
    });

    it('discrepancies: a policy that hides the county refuses a county filter', async () => {
      const sql = hub.db.orm.em.fork().getConnection();
      await sql.execute(`update sharing_policies set household_fields = array_remove(household_fields, 'countyCode') where tenant_code = 'MPS'`);
      try {
        await forbidden('MPS', CASES, { filter: { countyCode: '520102' } }, 'countyCode');
        await forbidden('MPS', HOUSEHOLDS, { filter: { countyCode: '520102' } }, 'countyCode');
      } finally {
        await sql.execute(`update sharing_policies set household_fields = array_append(household_fields, 'countyCode') where tenant_code = 'MPS'`);
      }
    });
  });

  describe('3. discrepancy evidence is cut by the viewer’s policy', () => {
    type Case = { kind: string; idNumber: string; evidence: { sector: Row; registry: Row } };
    const casesOf = async (who: string, kinds: string[]) => {
      const { data, redacted } = await readShared<{ discrepancies: { edges: Array<{ node: Case }> } }>(hub, who, CASES, {});
      const edges = data.discrepancies.edges.map((e, i) => ({ ...e.node, i })).filter((c) => kinds.includes(c.kind));
      return { cases: edges, redacted };
    };

    it('MOHURD sees neither the registry name of a non-head member nor any birth date; the province sees both', async () => {
      await submitAndRun(hub, 'MOHURD', 'HOUSING', [{ idNumber: spouse.idNumber, name: '别人', birthDate: '1972-02-03' }]);
      const { cases, redacted } = await casesOf('MOHURD', ['NAME_MISMATCH', 'BIRTHDATE_MISMATCH']);
      expect(cases.map((c) => c.kind).sort()).toEqual(['BIRTHDATE_MISMATCH', 'NAME_MISMATCH']);
      const name = cases.find((c) => c.kind === 'NAME_MISMATCH')!;
      const birth = cases.find((c) => c.kind === 'BIRTHDATE_MISMATCH')!;
      expect(name.evidence).toEqual({ sector: { name: '别人' }, registry: { name: null } });
      expect(birth.evidence).toEqual({ sector: { birthDate: '1972-02-03' }, registry: { birthDate: null } });
      expect(redacted).toEqual(
        expect.arrayContaining([
          `discrepancies.edges.${name.i}.node.evidence.registry.name`,
          `discrepancies.edges.${birth.i}.node.evidence.registry.birthDate`,
        ]),
      );
      const province = await casesOf('P52', ['NAME_MISMATCH']);
      expect(province.cases.find((c) => c.idNumber === spouse.idNumber)?.evidence.registry).toEqual({ name: spouse.name });
      expect(province.redacted).toEqual([]);
    });

    it('MOE sees in-school of the registry for a child, not for a 24-year-old', async () => {
      const child = h1.members[2] as { idNumber: string; name: string };
      await submitAndRun(hub, 'MOE', 'EDUCATION', [
        { idNumber: adult.idNumber, name: adult.name, attributes: { enrolled: false } },
        { idNumber: child.idNumber, name: child.name, attributes: { enrolled: false } },
      ]);
      const { cases, redacted } = await casesOf('MOE', ['SCHOOL_STATUS_STALE']);
      const ofAdult = cases.find((c) => c.idNumber === adult.idNumber)!;
      const ofChild = cases.find((c) => c.idNumber === child.idNumber)!;
      expect(ofAdult.evidence.registry).toEqual({ inSchool: null });
      expect(ofChild.evidence.registry).toEqual({ inSchool: true });
      expect(redacted).toContain(`discrepancies.edges.${ofAdult.i}.node.evidence.registry.inSchool`);
      expect(redacted).not.toContain(`discrepancies.edges.${ofChild.i}.node.evidence.registry.inSchool`);
      const lgop = await casesOf('LGOP', ['SCHOOL_STATUS_STALE']);
      expect(lgop.cases.find((c) => c.idNumber === adult.idNumber)?.evidence.registry).toEqual({ inSchool: true });
    });
  });
});
