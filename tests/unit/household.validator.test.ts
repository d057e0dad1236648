import { HouseholdStatus, PovertyCause } from '../../src/modules/households/household.enums';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { HealthStatus, Relationship } from '../../src/modules/members/member.enums';
import { validateHousehold } from '../../src/modules/pushes/household.validator';
import type { HouseholdInput, MemberInput } from '../../src/modules/pushes/push.inputs';
import type { FieldError } from '../../src/modules/pushes/push.types';

const TODAY = new Date('2026-06-15T00:00:00Z');
const CTX = { provinceCode: '52', today: TODAY };
const PATH = 'households[3]';

const person = (seq: number, relationship = Relationship.CHILD): MemberInput => ({
  idNumber: buildIdNumber('520102', '1980-05-05', seq),
  name: `名${seq}`,
  relationship,
  health: HealthStatus.HEALTHY,
});

function household(over: Partial<HouseholdInput> = {}): HouseholdInput {
  return {
    registryNo: '5201020010010001',
    villageCode: '520102001001',
    status: HouseholdStatus.POOR,
    identifiedYear: 2015,
    primaryCause: PovertyCause.ILLNESS,
    members: [person(1, Relationship.HEAD), person(2, Relationship.SPOUSE)],
    ...over,
  };
}

function errors(over: Partial<HouseholdInput>, ctx = CTX): FieldError[] {
  const r = validateHousehold(household(over), PATH, ctx);
  if (r.ok) throw new Error('expected the household to be refused');
  return r.errors;
}
function accepted(over: Partial<HouseholdInput> = {}, ctx = CTX) {
  const r = validateHousehold(household(over), PATH, ctx);
  if (!r.ok) throw new Error(`expected the household to be accepted: ${JSON.stringify(r.errors)}`);
  return r.record;
}
/** [path, code] of each error. */
const where = (es: FieldError[]) => es.map((e) => [e.path, e.code]);

describe('validateHousehold: an accepted household', () => {
  it('becomes a record with its county and province from the village, absent optional fields null', () => {
    const r = accepted();
    expect(r).toEqual({
      registryNo: '5201020010010001',
      villageCode: '520102001001',
      countyCode: '520102',
      provinceCode: '52',
      status: HouseholdStatus.POOR,
      identifiedYear: 2015,
      exitYear: null,
      primaryCause: PovertyCause.ILLNESS,
      otherCauses: [],
      annualIncomePerCapita: null,
      housingSafe: null,
      drinkingWaterSafe: null,
      members: expect.any(Array),
    });
    expect(r.members.map((m) => m.relationship)).toEqual([Relationship.HEAD, Relationship.SPOUSE]);
  });

  it('stores the other causes once each and sorted, and keeps false and 0 as given', () => {
    const r = accepted({
      otherCauses: [PovertyCause.LACK_OF_WATER, PovertyCause.DISASTER, PovertyCause.LACK_OF_WATER],
      housingSafe: false,
      drinkingWaterSafe: false,
      annualIncomePerCapita: 0,
    });
    expect(r).toMatchObject({
      otherCauses: [PovertyCause.DISASTER, PovertyCause.LACK_OF_WATER],
      housingSafe: false,
      drinkingWaterSafe: false,
      annualIncomePerCapita: 0,
    });
  });
});

describe('validateHousehold: registry number and village', () => {
  it.each([['52010'], ['5201020010010001x'], ['52-0102'], ['5'.repeat(33)]])('refuses the registry number %j as BAD_USER_INPUT', (registryNo) => {
    expect(errors({ registryNo })).toEqual([
      { path: `${PATH}.registryNo`, code: 'BAD_USER_INPUT', message: 'Registry number must be 6-32 digits or capital letters' },
    ]);
  });

  it('accepts 6 and 32 characters, capital letters included', () => {
    expect(accepted({ registryNo: '52ABCD' }).registryNo).toBe('52ABCD');
    expect(accepted({ registryNo: `52${'9'.repeat(30)}` }).registryNo).toHaveLength(32);
  });

  it('refuses with FORBIDDEN a registry number or village of another province', () => {
    expect(errors({ registryNo: '5301020010010001', villageCode: '530102001001' })).toEqual([
      { path: `${PATH}.registryNo`, code: 'FORBIDDEN', message: 'Registry number must start with your province code 52' },
      { path: `${PATH}.villageCode`, code: 'FORBIDDEN', message: 'Village code must start with your province code 52' },
    ]);
    expect(where(errors({ villageCode: '530102001001' }))).toEqual([[`${PATH}.villageCode`, 'FORBIDDEN']]);
  });

  it.each([['52010200100'], ['5201020010011'], ['52010200100A']])('refuses the village code %j as BAD_USER_INPUT', (villageCode) => {
    expect(errors({ villageCode })).toEqual([{ path: `${PATH}.villageCode`, code: 'BAD_USER_INPUT', message: 'Village code must be 12 digits' }]);
  });
});

describe('validateHousehold: years', () => {
  it('accepts identification from 1986 to this year, and refuses the years either side', () => {
    expect(accepted({ identifiedYear: 1986 }).identifiedYear).toBe(1986);
    expect(accepted({ identifiedYear: 2026 }).identifiedYear).toBe(2026);
    for (const identifiedYear of [1985, 2027]) {
      expect(errors({ identifiedYear })).toEqual([
        { path: `${PATH}.identifiedYear`, code: 'BAD_USER_INPUT', message: 'Identification year must be between 1986 and 2026' },
      ]);
    }
  });

  it('takes "this year" from the day of the push it is given', () => {
    expect(where(errors({ identifiedYear: 2026 }, { provinceCode: '52', today: new Date('2025-12-31T23:00:00Z') }))).toEqual([
      [`${PATH}.identifiedYear`, 'BAD_USER_INPUT'],
    ]);
  });

  it('requires the exit year of an EXITED household; a RETURNED one may omit it', () => {
    expect(errors({ status: HouseholdStatus.EXITED })).toEqual([
      { path: `${PATH}.exitYear`, code: 'BAD_USER_INPUT', message: 'An EXITED household needs its exit year' },
    ]);
    expect(accepted({ status: HouseholdStatus.RETURNED }).exitYear).toBeNull();
  });

  it.each([HouseholdStatus.POOR, HouseholdStatus.REMOVED])('refuses an exit year on a %s household', (status) => {
    expect(errors({ status, exitYear: 2018 })).toEqual([
      { path: `${PATH}.exitYear`, code: 'BAD_USER_INPUT', message: 'Only an EXITED or RETURNED household has an exit year' },
    ]);
  });

  it('accepts an exit in the identification year and in this year; refuses one before identification or in the future', () => {
    expect(accepted({ status: HouseholdStatus.EXITED, exitYear: 2015 }).exitYear).toBe(2015);
    expect(accepted({ status: HouseholdStatus.RETURNED, exitYear: 2026 }).exitYear).toBe(2026);
    expect(errors({ status: HouseholdStatus.EXITED, exitYear: 2014 }).map((e) => e.message)).toEqual(['Exit year 2014 is before the identification year 2015']);
    expect(errors({ status: HouseholdStatus.EXITED, exitYear: 2027 }).map((e) => e.message)).toEqual(['Exit year 2027 is in the future']);
  });
});

describe('validateHousehold: income per person', () => {
  it('accepts 0 and just under 100 million', () => {
    expect(accepted({ annualIncomePerCapita: 99_999_999.99 }).annualIncomePerCapita).toBe(99_999_999.99);
  });

  it.each([[-0.01], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %d as negative or not a number', (annualIncomePerCapita) => {
    expect(errors({ annualIncomePerCapita })).toEqual([
      { path: `${PATH}.annualIncomePerCapita`, code: 'BAD_USER_INPUT', message: 'Income per person cannot be negative' },
    ]);
  });

  it('refuses 100 million and more', () => {
    expect(errors({ annualIncomePerCapita: 100_000_000 })).toEqual([
      { path: `${PATH}.annualIncomePerCapita`, code: 'BAD_USER_INPUT', message: 'Income per person must be below 100,000,000 yuan a year' },
    ]);
  });
});

describe('validateHousehold: members', () => {
  it('refuses a household without members (and says nothing of a head)', () => {
    expect(errors({ members: [] })).toEqual([{ path: `${PATH}.members`, code: 'BAD_USER_INPUT', message: 'A household needs at least one member' }]);
  });

  it('accepts 50 members and refuses 51', () => {
    const many = (n: number) => [person(1, Relationship.HEAD), ...Array.from({ length: n - 1 }, (_, i) => person(i + 2))];
    expect(accepted({ members: many(50) }).members).toHaveLength(50);
    expect(errors({ members: many(51) })).toEqual([{ path: `${PATH}.members`, code: 'BAD_USER_INPUT', message: 'A household has at most 50 members' }]);
  });

  it('requires exactly one head', () => {
    expect(errors({ members: [person(1, Relationship.SPOUSE), person(2)] })).toEqual([
      { path: `${PATH}.members`, code: 'BAD_USER_INPUT', message: 'The household has no head (relationship HEAD)' },
    ]);
    expect(errors({ members: [person(1, Relationship.HEAD), person(2, Relationship.HEAD), person(3, Relationship.HEAD)] })).toEqual([
      { path: `${PATH}.members`, code: 'BAD_USER_INPUT', message: 'The household has 3 heads; it must have exactly one' },
    ]);
  });

  it("reports a member's own errors under households[i].members[j]", () => {
    expect(where(errors({ members: [person(1, Relationship.HEAD), { ...person(2), name: ' ' }] }))).toEqual([[`${PATH}.members[1].name`, 'BAD_USER_INPUT']]);
  });

  it('refuses the same person listed twice with DUPLICATE_ID_NUMBER at the later one, naming the first, whatever the form', () => {
    const head = person(1, Relationship.HEAD);
    const again = { ...person(2), idNumber: head.idNumber.replace(/^(\d{6})(\d{8})/, '$1 $2 ') };
    expect(errors({ members: [head, person(3), again] })).toEqual([
      { path: `${PATH}.members[2].idNumber`, code: 'DUPLICATE_ID_NUMBER', message: 'The same person is listed twice (also members[0])' },
    ]);
  });

  it('knows a 15-digit and an 18-digit number of the same person are one person', () => {
    const eighteen = '11010519491231002X';
    const members = [
      { ...person(1, Relationship.HEAD), idNumber: eighteen },
      { ...person(2), idNumber: '110105491231002' },
    ];
    expect(where(errors({ members }, { provinceCode: '52', today: TODAY }))).toEqual([[`${PATH}.members[1].idNumber`, 'DUPLICATE_ID_NUMBER']]);
  });
});

describe('validateHousehold: every problem at once', () => {
  it('reports place, years, income and members together, each with its path', () => {
    const es = errors({
      registryNo: 'x',
      villageCode: '530102001001',
      identifiedYear: 1900,
      status: HouseholdStatus.POOR,
      exitYear: 2000,
      annualIncomePerCapita: -1,
      members: [{ ...person(1, Relationship.SPOUSE), idNumber: 'bad' }],
    });
    expect(where(es)).toEqual([
      [`${PATH}.registryNo`, 'BAD_USER_INPUT'],
      [`${PATH}.villageCode`, 'FORBIDDEN'],
      [`${PATH}.identifiedYear`, 'BAD_USER_INPUT'],
      [`${PATH}.exitYear`, 'BAD_USER_INPUT'],
      [`${PATH}.annualIncomePerCapita`, 'BAD_USER_INPUT'],
      [`${PATH}.members`, 'BAD_USER_INPUT'],
      [`${PATH}.members[0].idNumber`, 'BAD_USER_INPUT'],
    ]);
  });
});
