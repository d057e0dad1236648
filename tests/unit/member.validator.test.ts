import { buildIdNumber } from '../../src/modules/id-number/id-number.generator';
import { EducationLevel, HealthStatus, LabourCapacity, Relationship, Sex } from '../../src/modules/members/member.enums';
import { validateMember } from '../../src/modules/pushes/member.validator';
import type { MemberInput } from '../../src/modules/pushes/push.inputs';
import type { FieldError } from '../../src/modules/pushes/push.types';

const TODAY = new Date('2026-06-15T00:00:00Z');
const PATH = 'households[2].members[1]';
/** The standard's example: born 1949-12-31, female (sequence 002). */
const EXAMPLE = '11010519491231002X';
/** A man born 1980-05-05 (odd sequence). */
const MAN = buildIdNumber('520102', '1980-05-05', 11);

const input = (over: Partial<MemberInput> = {}): MemberInput => ({
  idNumber: MAN,
  name: '张三',
  relationship: Relationship.HEAD,
  health: HealthStatus.HEALTHY,
  ...over,
});

function errors(over: Partial<MemberInput>, today = TODAY): FieldError[] {
  const r = validateMember(input(over), PATH, today);
  if (r.ok) throw new Error('expected the member to be refused');
  return r.errors;
}
function accepted(over: Partial<MemberInput> = {}) {
  const r = validateMember(input(over), PATH, TODAY);
  if (!r.ok) throw new Error(`expected the member to be accepted: ${JSON.stringify(r.errors)}`);
  return r.record;
}
/** [path, code] of each error. */
const where = (es: FieldError[]) => es.map((e) => [e.path, e.code]);

describe('validateMember: the ID number', () => {
  it('stores the normalised number, with sex and birth date taken from it', () => {
    expect(accepted({ idNumber: '110105 19491231 002x' })).toMatchObject({ idNumber: EXAMPLE, sex: Sex.FEMALE, birthDate: '1949-12-31' });
    expect(accepted({ idNumber: '110105491231002' })).toMatchObject({ idNumber: EXAMPLE, birthDate: '1949-12-31' });
    expect(accepted()).toMatchObject({ idNumber: MAN, sex: Sex.MALE, birthDate: '1980-05-05' });
  });

  it('refuses a malformed number at <path>.idNumber with the reason, as BAD_USER_INPUT', () => {
    const es = errors({ idNumber: '11010519491231002' });
    expect(where(es)).toEqual([[`${PATH}.idNumber`, 'BAD_USER_INPUT']]);
    expect(es[0].message).toMatch(/^ID number has 17 characters/);
  });

  it('refuses a wrong check character, saying which it should be', () => {
    expect(errors({ idNumber: '110105194912310021' })).toEqual([
      { path: `${PATH}.idNumber`, code: 'BAD_USER_INPUT', message: 'ID number check character is 1 but should be X' },
    ]);
  });

  it('refuses a birth date after today (the day of the push), and accepts one born today', () => {
    const born = buildIdNumber('520102', '2026-06-16', 2);
    expect(errors({ idNumber: born }).map((e) => e.message)).toEqual(['ID number birth date 2026-06-16 is in the future']);
    expect(validateMember(input({ idNumber: buildIdNumber('520102', '2026-06-15', 2), relationship: Relationship.CHILD }), PATH, TODAY).ok).toBe(true);
  });

  it('with a bad number, does not also compare sex and birth date with it', () => {
    expect(where(errors({ idNumber: 'nonsense', sex: Sex.FEMALE, birthDate: new Date('1999-01-01') }))).toEqual([[`${PATH}.idNumber`, 'BAD_USER_INPUT']]);
  });
});

describe('validateMember: sex and birth date must agree with the ID number', () => {
  it('accepts them when they agree', () => {
    expect(accepted({ sex: Sex.MALE, birthDate: new Date('1980-05-05T00:00:00Z') })).toMatchObject({ sex: Sex.MALE, birthDate: '1980-05-05' });
  });

  it('refuses another birth date at <path>.birthDate, naming both', () => {
    expect(errors({ birthDate: new Date('1980-05-06T00:00:00Z') })).toEqual([
      { path: `${PATH}.birthDate`, code: 'BAD_USER_INPUT', message: 'Birth date 1980-05-06 disagrees with the ID number (1980-05-05)' },
    ]);
  });

  it('refuses another sex at <path>.sex', () => {
    expect(errors({ sex: Sex.FEMALE })).toEqual([{ path: `${PATH}.sex`, code: 'BAD_USER_INPUT', message: 'Sex FEMALE disagrees with the ID number (MALE)' }]);
  });
});

describe('validateMember: name', () => {
  it('trims the name and stores its normalised form', () => {
    expect(accepted({ name: '  阿依古丽·买买提 ' })).toMatchObject({ name: '阿依古丽·买买提', nameNorm: '阿依古丽买买提' });
  });

  it.each([[''], ['   '], ['\t\n']])('refuses an empty name %j', (name) => {
    expect(errors({ name })).toEqual([{ path: `${PATH}.name`, code: 'BAD_USER_INPUT', message: 'Name is empty' }]);
  });

  it('accepts 64 characters and refuses 65', () => {
    expect(accepted({ name: '名'.repeat(64) }).name).toHaveLength(64);
    expect(where(errors({ name: '名'.repeat(65) }))).toEqual([[`${PATH}.name`, 'BAD_USER_INPUT']]);
  });

  it.each([['张\u0000三'], ['张\u001b三'], ['张\u007f三']])('refuses a control character inside the name (%j)', (name) => {
    expect(errors({ name }).map((e) => e.message)).toEqual(['Name must be at most 64 printable characters']);
  });
});

describe('validateMember: disability level', () => {
  it.each([1, 4])('accepts level %i for a DISABLED member', (level) => {
    expect(accepted({ health: HealthStatus.DISABLED, disabilityLevel: level }).disabilityLevel).toBe(level);
  });

  it.each([0, 5, -1])('refuses level %i', (level) => {
    expect(errors({ health: HealthStatus.DISABLED, disabilityLevel: level })).toEqual([
      { path: `${PATH}.disabilityLevel`, code: 'BAD_USER_INPUT', message: 'Disability level is 1 (most severe) to 4' },
    ]);
  });

  it('refuses a level on a member who is not DISABLED; both problems when both hold', () => {
    expect(errors({ health: HealthStatus.CHRONIC_ILLNESS, disabilityLevel: 2 }).map((e) => e.message)).toEqual([
      'Only a DISABLED member has a disability level',
    ]);
    expect(errors({ health: HealthStatus.HEALTHY, disabilityLevel: 9 }).map((e) => e.path)).toEqual([`${PATH}.disabilityLevel`, `${PATH}.disabilityLevel`]);
  });

  it('accepts a DISABLED member without a level', () => {
    expect(accepted({ health: HealthStatus.DISABLED }).disabilityLevel).toBeNull();
  });
});

describe('validateMember: ethnicity and the optional fields', () => {
  it('accepts 32 characters of ethnicity and refuses 33; stores it trimmed', () => {
    expect(accepted({ ethnicity: 'x'.repeat(32) }).ethnicity).toBe('x'.repeat(32));
    expect(accepted({ ethnicity: ' 汉 ' }).ethnicity).toBe('汉');
    expect(errors({ ethnicity: 'x'.repeat(33) })).toEqual([
      { path: `${PATH}.ethnicity`, code: 'BAD_USER_INPUT', message: 'Ethnicity is at most 32 characters' },
    ]);
  });

  it('stores a blank ethnicity and every absent optional field as null', () => {
    expect(accepted({ ethnicity: '  ' })).toMatchObject({
      ethnicity: null,
      education: null,
      inSchool: null,
      disabilityLevel: null,
      labourCapacity: null,
      migrantWorker: null,
      medicalInsured: null,
      pensionInsured: null,
      receivesDibao: null,
    });
  });

  it('keeps the given values, false included', () => {
    const r = accepted({
      relationship: Relationship.SPOUSE,
      education: EducationLevel.PRIMARY,
      inSchool: false,
      labourCapacity: LabourCapacity.WEAK,
      migrantWorker: false,
      medicalInsured: true,
      pensionInsured: false,
      receivesDibao: true,
    });
    expect(r).toMatchObject({
      relationship: Relationship.SPOUSE,
      education: EducationLevel.PRIMARY,
      inSchool: false,
      labourCapacity: LabourCapacity.WEAK,
      migrantWorker: false,
      medicalInsured: true,
      pensionInsured: false,
      receivesDibao: true,
      health: HealthStatus.HEALTHY,
    });
  });
});

describe('validateMember: every problem at once', () => {
  it('reports each refused field, in field order, none stopping the others', () => {
    const es = errors({ name: '', sex: Sex.FEMALE, birthDate: new Date('1990-01-01'), disabilityLevel: 7, ethnicity: 'y'.repeat(40) });
    expect(es.map((e) => e.path)).toEqual([
      `${PATH}.name`,
      `${PATH}.birthDate`,
      `${PATH}.sex`,
      `${PATH}.disabilityLevel`,
      `${PATH}.disabilityLevel`,
      `${PATH}.ethnicity`,
    ]);
    expect(new Set(es.map((e) => e.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });
});
