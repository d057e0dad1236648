import { HouseholdStatus, PovertyCause } from '../../src/modules/households/household.enums';
import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { HealthStatus, Relationship, Sex } from '../../src/modules/members/member.enums';
import { diffHousehold, eventChanges, isEmptyDiff } from '../../src/modules/pushes/push.diff';
import { HOUSEHOLD_FIELDS, type HouseholdRecord, MEMBER_FIELDS, type MemberRecord } from '../../src/modules/pushes/push.model';
import type { CurrentHousehold, CurrentMember } from '../../src/modules/pushes/push.repository';
import { householdRecord, memberRecord as baseMember } from '../support/push-records';

const HEAD_ID = buildIdNumber('520102', '1970-01-01', 11);
const SPOUSE_ID = buildIdNumber('520102', '1972-02-02', 12);
const CHILD_ID = buildIdNumber('520102', '2010-03-03', 13);

/** This file's members: born 1970-01-01 and medically insured, unless told. */
function memberRecord(idNumber: string, over: Partial<MemberRecord> = {}): MemberRecord {
  return baseMember(idNumber, { birthDate: '1970-01-01', medicalInsured: true, ...over });
}

function record(over: Partial<HouseholdRecord> = {}): HouseholdRecord {
  return householdRecord({
    otherCauses: [PovertyCause.LACK_OF_FUNDS, PovertyCause.DISASTER],
    annualIncomePerCapita: 2100.5,
    drinkingWaterSafe: null,
    members: [memberRecord(HEAD_ID), memberRecord(SPOUSE_ID, { relationship: Relationship.SPOUSE, sex: Sex.FEMALE, birthDate: '1972-02-02' })],
    ...over,
  });
}

/** The registry's copy of a record: the household row and its member rows, all ACTIVE unless told. */
function stored(r: HouseholdRecord, version = 1): { household: CurrentHousehold; members: CurrentMember[] } {
  const { members, ...row } = r;
  return {
    household: { ...row, id: 70, version },
    members: members.map(({ nameNorm: _n, ...m }, i) => ({ ...m, id: 700 + i, householdId: 70, status: 'ACTIVE' })),
  };
}

describe('diffHousehold', () => {
  it('a new household: every household field with a value changes from null, every member is added', () => {
    const r = record();
    const diff = diffHousehold(r, undefined, []);
    const valued = HOUSEHOLD_FIELDS.filter((f) => r[f] !== null);
    expect(Object.keys(diff.fields).sort()).toEqual([...valued].sort());
    expect(diff.fields.status).toEqual({ old: null, new: HouseholdStatus.POOR });
    expect(diff.fields.exitYear).toBeUndefined();
    expect(diff.fields.drinkingWaterSafe).toBeUndefined();
    expect(diff.added.map((m) => m.idNumber)).toEqual([HEAD_ID, SPOUSE_ID]);
    expect([diff.changed, diff.removed]).toEqual([[], []]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('the registry number and the codes derived from the village are not compared (the village is)', () => {
    const { household, members } = stored(record());
    const diff = diffHousehold(record(), { ...household, registryNo: 'X', countyCode: 'Y', provinceCode: 'Z' }, members);
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('the same household again is an empty diff', () => {
    const { household, members } = stored(record());
    const diff = diffHousehold(record(), household, members);
    expect(diff).toEqual({ fields: {}, added: [], changed: [], removed: [] });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('records each changed household field with its old and new value, and only those', () => {
    const { household, members } = stored(record());
    const diff = diffHousehold(record({ status: HouseholdStatus.EXITED, exitYear: 2019, housingSafe: false }), household, members);
    expect(diff.fields).toEqual({
      status: { old: HouseholdStatus.POOR, new: HouseholdStatus.EXITED },
      exitYear: { old: null, new: 2019 },
      housingSafe: { old: true, new: false },
    });
    expect([diff.added, diff.changed, diff.removed]).toEqual([[], [], []]);
  });

  it('compares income as a number: the stored numeric text equals the same amount, null differs from 0 both ways', () => {
    const { household, members } = stored(record({ annualIncomePerCapita: 2100.5 }));
    const asText = { ...household, annualIncomePerCapita: '2100.50' as unknown as number };
    expect(diffHousehold(record({ annualIncomePerCapita: 2100.5 }), asText, members).fields).toEqual({});
    expect(diffHousehold(record({ annualIncomePerCapita: 2100.51 }), household, members).fields).toEqual({
      annualIncomePerCapita: { old: 2100.5, new: 2100.51 },
    });
    const none = { ...household, annualIncomePerCapita: null };
    expect(diffHousehold(record({ annualIncomePerCapita: 0 }), none, members).fields).toEqual({ annualIncomePerCapita: { old: null, new: 0 } });
    const zero = { ...household, annualIncomePerCapita: 0 };
    expect(diffHousehold(record({ annualIncomePerCapita: null }), zero, members).fields).toEqual({ annualIncomePerCapita: { old: 0, new: null } });
  });

  it('compares other causes as a set: order does not matter, none equals an empty list, another cause does', () => {
    const { household, members } = stored(record());
    expect(diffHousehold(record({ otherCauses: [PovertyCause.DISASTER, PovertyCause.LACK_OF_FUNDS] }), household, members).fields).toEqual({});
    const none = { ...household, otherCauses: null as unknown as PovertyCause[] };
    expect(diffHousehold(record({ otherCauses: [] }), none, members).fields).toEqual({});
    expect(diffHousehold(record({ otherCauses: [PovertyCause.DISASTER] }), household, members).fields).toEqual({
      otherCauses: { old: [PovertyCause.LACK_OF_FUNDS, PovertyCause.DISASTER], new: [PovertyCause.DISASTER] },
    });
  });

  it('records a changed member by its fields, and not the normalised name, which is derived', () => {
    const { household, members } = stored(record());
    const r = record();
    r.members[1] = { ...r.members[1], health: HealthStatus.SERIOUS_ILLNESS, medicalInsured: false, nameNorm: 'SOMETHING ELSE' };
    const diff = diffHousehold(r, household, members);
    expect(diff.changed).toEqual([
      {
        record: r.members[1],
        changes: { health: { old: HealthStatus.HEALTHY, new: HealthStatus.SERIOUS_ILLNESS }, medicalInsured: { old: true, new: false } },
      },
    ]);
    expect([diff.fields, diff.added, diff.removed]).toEqual([{}, [], []]);
    expect(MEMBER_FIELDS).not.toContain('nameNorm');
  });

  it('adds a member the registry does not have, and one it has but no longer active (brought back)', () => {
    const { household, members } = stored(record());
    members[1].status = 'MOVED_OUT';
    const r = record({ members: [...record().members, memberRecord(CHILD_ID, { relationship: Relationship.CHILD, birthDate: '2010-03-03' })] });
    const diff = diffHousehold(r, household, members);
    expect(diff.added.map((m) => m.idNumber)).toEqual([SPOUSE_ID, CHILD_ID]);
    expect([diff.changed, diff.removed]).toEqual([[], []]);
  });

  it('removes the active members the push no longer lists, not those already gone', () => {
    const r = record({ members: [...record().members, memberRecord(CHILD_ID, { relationship: Relationship.CHILD })] });
    const { household, members } = stored(r);
    members.push({ ...members[0], id: 799, idNumber: buildIdNumber('520102', '1940-01-01', 15), status: 'DECEASED' });
    const diff = diffHousehold(record(), household, members);
    expect(diff.removed).toEqual([members[2]]);
    expect(diff.removed[0]).toMatchObject({ id: 702, idNumber: CHILD_ID, status: 'ACTIVE' });
    expect([diff.added, diff.changed, diff.fields]).toEqual([[], [], {}]);
    expect(isEmptyDiff(diff)).toBe(false);
  });
});

describe('eventChanges: what the event of a push records', () => {
  it('household fields alone: no members entry', () => {
    const { household, members } = stored(record());
    const changes = eventChanges(diffHousehold(record({ housingSafe: false }), household, members));
    expect(changes).toEqual({ housingSafe: { old: true, new: false } });
  });

  it('members by ID number: added, removed and changed with their fields', () => {
    const { household, members } = stored(record());
    const r = record({ members: [memberRecord(HEAD_ID, { receivesDibao: true }), memberRecord(CHILD_ID, { relationship: Relationship.CHILD })] });
    expect(eventChanges(diffHousehold(r, household, members))).toEqual({
      members: { added: [CHILD_ID], removed: [SPOUSE_ID], changed: { [HEAD_ID]: { receivesDibao: { old: null, new: true } } } },
    });
  });

  it('nothing for an empty diff', () => {
    expect(eventChanges({ fields: {}, added: [], changed: [], removed: [] })).toEqual({});
  });
});
