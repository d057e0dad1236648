import { GraphQLError } from 'graphql';
import { REDACTED, type Redactable } from '../../src/graphql/redactable';
import { Relationship } from '../../src/modules/members/member.enums';
import { HOUSEHOLD_POLICY_FIELDS, MEMBER_POLICY_FIELDS, MemberRows } from '../../src/modules/sharing-policies/sharing-policy.fields';
import { type MemberFacts, SharingPolicy, ageOn } from '../../src/modules/sharing-policies/sharing-policy.rules';
import { SEED_POLICIES } from '../../src/modules/sharing-policies/sharing-policy.seed';

const TODAY = new Date('2026-06-15T00:00:00Z');
const seed = (code: string) => {
  const data = SEED_POLICIES.find((p) => p.tenantCode === code);
  if (!data) throw new Error(`no seed policy ${code}`);
  return data;
};
const policy = (code: string) => new SharingPolicy(seed(code), TODAY);
const redacted = (row: Redactable) => [...(row[REDACTED] ?? [])].sort();
const sorted = (xs: readonly string[]) => [...xs].sort();

/** A household row with a value in every field a policy can grant. */
const HOUSEHOLD = {
  id: 7,
  registryNo: '5201020010010001',
  villageCode: '520102001001',
  countyCode: '520102',
  provinceCode: '52',
  status: 'POOR',
  identifiedYear: 2015,
  exitYear: null,
  primaryCause: 'ILLNESS',
  otherCauses: ['LACK_OF_FUNDS'],
  annualIncomePerCapita: 2100.5,
  housingSafe: true,
  drinkingWaterSafe: false,
  removalReason: null,
  version: 3,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  events: [],
};

let nextId = 1;
/** A member row with a value in every member field; the caller neither matched nor sent it unless told. */
function member(over: Partial<MemberFacts> = {}): MemberFacts {
  const id = nextId++;
  return {
    id,
    householdId: 7,
    idNumber: '520102197001010019',
    name: `张${id}`,
    sex: 'MALE',
    birthDate: '1970-01-01',
    relationship: Relationship.HEAD,
    ethnicity: '汉',
    education: 'PRIMARY',
    inSchool: false,
    health: 'DISABLED',
    disabilityLevel: 2,
    labourCapacity: 'NORMAL',
    migrantWorker: true,
    medicalInsured: true,
    pensionInsured: false,
    receivesDibao: true,
    status: 'ACTIVE',
    statusDate: '2020-01-01',
    matched: false,
    sent: false,
    ...over,
  };
}
/** Born `years` full years before TODAY, plus or minus some days (negative: the birthday is still ahead). */
function bornYearsAgo(years: number, daysAfterBirthday = 0): string {
  const d = new Date(Date.UTC(TODAY.getUTCFullYear() - years, TODAY.getUTCMonth(), TODAY.getUTCDate() - daysAfterBirthday));
  return d.toISOString().slice(0, 10);
}
/** The member fields with a value (not null) on a cut row. */
const shown = (row: Record<string, unknown>) => MEMBER_POLICY_FIELDS.filter((f) => row[f] !== null).sort();

describe('SharingPolicy.household: the household cut of each seed policy', () => {
  it.each(SEED_POLICIES.map((p) => [p.tenantCode]))('%s: exactly its granted fields keep their values; every other policy field is null and named', (code) => {
    const data = seed(code);
    const view = policy(code).household(HOUSEHOLD);
    const hidden = HOUSEHOLD_POLICY_FIELDS.filter((f) => !(data.householdFields as string[]).includes(f));
    expect(hidden.length).toBeGreaterThan(0);
    expect(redacted(view)).toEqual(sorted(hidden));
    for (const f of hidden) expect(view[f]).toBeNull();
    for (const f of data.householdFields) expect(view[f]).toEqual(HOUSEHOLD[f]);
    // Not a policy field: the row's own id is kept for the resolvers.
    expect(view.id).toBe(7);
  });

  it('never grants the registry number, the removal reason or the history to a seeded ministry', () => {
    for (const p of SEED_POLICIES) {
      const view = new SharingPolicy(p, TODAY).household(HOUSEHOLD);
      expect([p.tenantCode, view.registryNo, view.removalReason, view.events]).toEqual([p.tenantCode, null, null, null]);
    }
  });

  it('MPS sees where the household is and not its status; MCA the means test; MOHRSS no village', () => {
    expect(policy('MPS').household(HOUSEHOLD)).toMatchObject({
      provinceCode: '52',
      countyCode: '520102',
      villageCode: '520102001001',
      status: null,
      annualIncomePerCapita: null,
    });
    expect(policy('MCA').household(HOUSEHOLD)).toMatchObject({
      status: 'POOR',
      annualIncomePerCapita: 2100.5,
      housingSafe: true,
      drinkingWaterSafe: false,
      otherCauses: ['LACK_OF_FUNDS'],
    });
    expect(policy('MOHRSS').household(HOUSEHOLD)).toMatchObject({ countyCode: '520102', villageCode: null, housingSafe: null, annualIncomePerCapita: 2100.5 });
  });

  it('a ministry without an agreement sees no household field at all', () => {
    const view = new SharingPolicy(null, TODAY).household(HOUSEHOLD);
    expect(redacted(view)).toEqual(sorted(HOUSEHOLD_POLICY_FIELDS));
    for (const f of HOUSEHOLD_POLICY_FIELDS) expect(view[f]).toBeNull();
  });

  it('cuts a copy: the row it was given (maybe a managed entity) keeps every value and gets no mark', () => {
    const row = { ...HOUSEHOLD };
    const view = policy('MPS').household(row);
    expect(view).not.toBe(row);
    expect(row).toEqual(HOUSEHOLD);
    expect((row as Redactable)[REDACTED]).toBeUndefined();
  });

  it('names a hidden field even when the row was read without it, and does not add it to the row', () => {
    const view = policy('MPS').household({ provinceCode: '52' });
    expect(Object.keys(view)).toEqual(['provinceCode']);
    expect(view.provinceCode).toBe('52');
    expect(redacted(view)).toContain('status');
  });
});

describe('SharingPolicy.members: which members a policy lists', () => {
  const rows = () => [member({ matched: true }), member({ relationship: Relationship.SPOUSE }), member({ relationship: Relationship.CHILD, matched: true })];

  it('lists every member for an ALL policy, in order', () => {
    const list = rows();
    expect(seed('MOE').memberRows).toBe(MemberRows.ALL);
    expect(
      policy('MOE')
        .members(list)
        .map((m) => m.id),
    ).toEqual(list.map((m) => m.id));
  });

  it('lists only the members its own batches matched for a MATCHED policy (MOHRSS), and a policy-less ministry likewise', () => {
    const list = rows();
    expect(seed('MOHRSS').memberRows).toBe(MemberRows.MATCHED);
    expect(
      policy('MOHRSS')
        .members(list)
        .map((m) => m.id),
    ).toEqual([list[0].id, list[2].id]);
    expect(new SharingPolicy(null, TODAY).members(list).map((m) => m.id)).toEqual([list[0].id, list[2].id]);
    expect(policy('MOHRSS').members([member()])).toEqual([]);
  });

  it('cuts each listed member like member() does', () => {
    const [first] = policy('MPS').members([member({ matched: true })]);
    expect(shown(first)).toEqual(sorted(seed('MPS').memberFields));
  });
});

describe('SharingPolicy.member: the member fields of each seed policy', () => {
  it.each(SEED_POLICIES.filter((p) => p.memberRules.length === 0).map((p) => [p.tenantCode]))(
    '%s (no rules): exactly its member fields have values; the others are null and named',
    (code) => {
      const data = seed(code);
      const view = policy(code).member(member({ sent: true }));
      expect(shown(view)).toEqual(sorted(data.memberFields));
      expect(redacted(view)).toEqual(MEMBER_POLICY_FIELDS.filter((f) => !(data.memberFields as string[]).includes(f)).sort());
    },
  );

  it('a ministry without an agreement sees no member field', () => {
    const view = new SharingPolicy(null, TODAY).member(member({ sent: true }));
    expect(shown(view)).toEqual([]);
    expect(redacted(view)).toEqual(sorted(MEMBER_POLICY_FIELDS));
    expect(view.id).toBeDefined();
  });

  it('NHFPC sees health and medical insurance but not dibao or pension; MCA sees dibao but not medical insurance', () => {
    expect(policy('NHFPC').member(member())).toMatchObject({
      health: 'DISABLED',
      disabilityLevel: 2,
      medicalInsured: true,
      receivesDibao: null,
      pensionInsured: null,
    });
    expect(policy('MCA').member(member())).toMatchObject({ receivesDibao: true, labourCapacity: 'NORMAL', medicalInsured: null });
  });
});

describe('member field rules by age (MOE: schooling for ages 3-22, MOHRSS: labour facts for 16-64)', () => {
  const schooling = (birthDate: string | null) => {
    const view = policy('MOE').member(member({ relationship: Relationship.CHILD, birthDate }));
    return { education: view.education, inSchool: view.inSchool, cut: redacted(view).filter((f) => f === 'education' || f === 'inSchool') };
  };
  const granted = { education: 'PRIMARY', inSchool: false, cut: [] };
  const refused = { education: null, inSchool: null, cut: ['education', 'inSchool'] };

  it('applies from the 3rd birthday, not the day before', () => {
    expect(schooling(bornYearsAgo(3))).toEqual(granted);
    expect(schooling(bornYearsAgo(3, -1))).toEqual(refused);
    expect(schooling(bornYearsAgo(1))).toEqual(refused);
  });

  it('applies through the whole 22nd year and stops on the 23rd birthday', () => {
    expect(schooling(bornYearsAgo(22))).toEqual(granted);
    expect(schooling(bornYearsAgo(23, -1))).toEqual(granted);
    expect(schooling(bornYearsAgo(23))).toEqual(refused);
    expect(schooling(bornYearsAgo(40))).toEqual(refused);
  });

  it('does not apply an age rule to a member without a birth date', () => {
    expect(schooling(null)).toEqual(refused);
  });

  it('keeps the fields of the policy itself whatever the age', () => {
    const view = policy('MOE').member(member({ birthDate: bornYearsAgo(80), sent: true }));
    expect(view).toMatchObject({ name: expect.any(String), birthDate: bornYearsAgo(80), relationship: Relationship.HEAD, status: 'ACTIVE' });
  });

  it('MOHRSS: labour facts at 16 and at 64, not at 15 or 65', () => {
    const labour = (years: number, days = 0) => {
      const view = policy('MOHRSS').member(member({ birthDate: bornYearsAgo(years, days) }));
      return [view.education, view.labourCapacity, view.migrantWorker, view.pensionInsured];
    };
    expect(labour(16)).toEqual(['PRIMARY', 'NORMAL', true, false]);
    expect(labour(65, -1)).toEqual(['PRIMARY', 'NORMAL', true, false]);
    expect(labour(16, -1)).toEqual([null, null, null, null]);
    expect(labour(65)).toEqual([null, null, null, null]);
  });
});

describe('member field rules by relationship (MOHURD: the ID number and name of the head only)', () => {
  it('shows the head its ID number (masked) and name, with the relationship and status every row has', () => {
    const view = policy('MOHURD').member(member({ relationship: Relationship.HEAD }));
    expect(shown(view)).toEqual(['idNumber', 'name', 'relationship', 'status']);
    expect(view.idNumber).toBe('520102************');
  });

  it.each(Object.values(Relationship).filter((r) => r !== Relationship.HEAD))('hides the ID number and name of a %s', (relationship) => {
    const view = policy('MOHURD').member(member({ relationship, sent: true }));
    expect([view.idNumber, view.name, view.relationship]).toEqual([null, null, relationship]);
    expect(redacted(view)).toEqual(expect.arrayContaining(['idNumber', 'name']));
  });

  it('hides them on a member whose relationship is unknown', () => {
    const view = policy('MOHURD').member(member({ relationship: null }));
    expect([view.idNumber, view.name]).toEqual([null, null]);
  });

  it('a rule with both an age and a relationship condition needs both', () => {
    const both = new SharingPolicy(
      { ...seed('MOHURD'), memberRules: [{ fields: ['health'], relationships: [Relationship.CHILD], minAge: 6, maxAge: 15 }] },
      TODAY,
    );
    expect(both.member(member({ relationship: Relationship.CHILD, birthDate: bornYearsAgo(10) })).health).toBe('DISABLED');
    expect(both.member(member({ relationship: Relationship.CHILD, birthDate: bornYearsAgo(30) })).health).toBeNull();
    expect(both.member(member({ relationship: Relationship.HEAD, birthDate: bornYearsAgo(10) })).health).toBeNull();
  });
});

describe('ID numbers: whole only when the caller itself sent the member', () => {
  it('masks every number the caller did not send, keeping only the region', () => {
    const view = policy('MPS').member(member({ idNumber: '11010519491231002X', matched: true, sent: false }));
    expect(view.idNumber).toBe('110105************');
  });

  it('shows the whole number the caller sent itself (a MATCHED record)', () => {
    expect(policy('MPS').member(member({ idNumber: '11010519491231002X', sent: true })).idNumber).toBe('11010519491231002X');
  });

  it('masks without marking the field redacted: the field has a value, just not all of it', () => {
    const view = policy('MPS').member(member());
    expect(redacted(view)).not.toContain('idNumber');
  });

  it('sending a number does not grant the field: a policy without idNumber still nulls it', () => {
    const view = policy('MOHURD').member(member({ relationship: Relationship.SPOUSE, sent: true }));
    expect(view.idNumber).toBeNull();
    expect(redacted(view)).toContain('idNumber');
  });

  it('leaves a missing ID number null, and never touches the row it was given', () => {
    expect(policy('MPS').member(member({ idNumber: null })).idNumber).toBeNull();
    const row = member({ idNumber: '11010519491231002X' });
    policy('MPS').member(row);
    expect(row.idNumber).toBe('11010519491231002X');
  });
});

describe('SharingPolicy.lookup: the policy cut of a lookupPersons answer', () => {
  const answer = {
    input: 'x',
    idNumber: '11010519491231002X',
    valid: true,
    registered: true,
    householdStatus: 'POOR',
    provinceCode: '52',
    registryNo: '5201020010010001',
  };

  it('MOE: status and province, never the registry number', () => {
    const view = policy('MOE').lookup(answer);
    expect(view).toMatchObject({ registered: true, householdStatus: 'POOR', provinceCode: '52', registryNo: null, idNumber: answer.idNumber });
    expect(redacted(view)).toEqual(['registryNo']);
  });

  it('MPS: the province it sees, not the status it does not', () => {
    const view = policy('MPS').lookup(answer);
    expect([view.householdStatus, view.provinceCode, view.registryNo]).toEqual([null, '52', null]);
    expect(redacted(view)).toEqual(['householdStatus', 'registryNo']);
  });

  it('no agreement: whether the person is registered, and nothing about the household', () => {
    const view = new SharingPolicy(null, TODAY).lookup(answer);
    expect([view.registered, view.householdStatus, view.provinceCode, view.registryNo]).toEqual([true, null, null, null]);
  });
});

describe('SharingPolicy.assertFilter', () => {
  it('refuses with FORBIDDEN a filter by a field the policy hides, naming it', () => {
    let thrown: unknown;
    try {
      policy('MPS').assertFilter('households', { status: 'POOR', countyCode: '520102' });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'HIDDEN_FILTER_FIELD',
      hiddenFields: ['status'],
      fields: [{ path: 'filter.status', message: expect.stringContaining('status') }],
    });
  });

  it('accepts a filter by granted fields, an empty filter and none', () => {
    expect(() => policy('MPS').assertFilter('households', { countyCode: '520102', villageCode: '520102001001' })).not.toThrow();
    expect(() => policy('MPS').assertFilter('households', {})).not.toThrow();
    expect(() => policy('MPS').assertFilter('households', null)).not.toThrow();
  });

  it('refuses a policy-less ministry even the province filter', () => {
    expect(() => new SharingPolicy(null, TODAY).assertFilter('discrepancies', { provinceCode: '52' })).toThrow(/provinceCode/);
  });
});

describe('ageOn: full years on a day (UTC)', () => {
  const on = (iso: string) => new Date(`${iso}T00:00:00Z`);

  it('counts a year on the birthday, not the day before', () => {
    expect(ageOn('2000-06-15', on('2010-06-15'))).toBe(10);
    expect(ageOn('2000-06-15', on('2010-06-14'))).toBe(9);
    expect(ageOn('2000-06-15', on('2010-05-31'))).toBe(9);
    expect(ageOn('2000-06-15', on('2010-07-01'))).toBe(10);
  });

  it('is 0 on the day of birth and through the first year', () => {
    expect(ageOn('2020-01-01', on('2020-01-01'))).toBe(0);
    expect(ageOn('2020-01-01', on('2020-12-31'))).toBe(0);
  });

  it('takes someone born on 29 February a year older on 1 March of a common year', () => {
    expect(ageOn('2012-02-29', on('2013-02-28'))).toBe(0);
    expect(ageOn('2012-02-29', on('2013-03-01'))).toBe(1);
    expect(ageOn('2012-02-29', on('2016-02-29'))).toBe(4);
  });

  it('uses the UTC day, not the local one', () => {
    expect(ageOn('2000-06-15', new Date('2010-06-14T23:30:00-02:00'))).toBe(10);
  });

  it('is null without a birth date', () => {
    expect(ageOn(null, on('2010-01-01'))).toBeNull();
    expect(ageOn('', on('2010-01-01'))).toBeNull();
  });
});
