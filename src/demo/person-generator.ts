import { EducationLevel, HealthStatus, LabourCapacity, MemberStatus, type Relationship, Sex } from '../modules/members/member.enums';
import { type IdNumberAllocator, dayOfIso, isoOfDay } from './id-allocator';
import { normalisePersonName, personName } from './person-names';
import type { SeedCounty } from './region-catalog';
import type { SeedMember } from './registry-seed.types';
import { type SeedRandom, WeightedTable } from './seed-random';

/** Who to generate: the household decides relationships, ages and families. */
export interface PersonSpec {
  /** County whose code goes into the ID number (usually the household's own). */
  idCounty: SeedCounty;
  male: boolean;
  /** Whole years on the as-of date. */
  age: number;
  relationship: Relationship;
  ethnicity: string;
  /** Surname, Yi clan name, or (Uyghur) the father's given name. */
  familyName: string;
  receivesDibao: boolean;
}

const E = EducationLevel;
const ADULT_EDUCATION = new WeightedTable<EducationLevel>([
  [E.JUNIOR_SECONDARY, 50],
  [E.PRIMARY, 25],
  [E.SENIOR_SECONDARY, 15],
  [E.TERTIARY, 4],
  [E.NONE, 6],
]);
const MIDDLE_EDUCATION = new WeightedTable<EducationLevel>([
  [E.PRIMARY, 45],
  [E.JUNIOR_SECONDARY, 30],
  [E.NONE, 15],
  [E.SENIOR_SECONDARY, 10],
]);
const OLD_EDUCATION = new WeightedTable<EducationLevel>([
  [E.NONE, 50],
  [E.PRIMARY, 45],
  [E.JUNIOR_SECONDARY, 5],
]);

const H = HealthStatus;
const CHILD_HEALTH = new WeightedTable<HealthStatus>([
  [H.HEALTHY, 93],
  [H.CHRONIC_ILLNESS, 3],
  [H.SERIOUS_ILLNESS, 1],
  [H.DISABLED, 3],
]);
const ADULT_HEALTH = new WeightedTable<HealthStatus>([
  [H.HEALTHY, 78],
  [H.CHRONIC_ILLNESS, 11],
  [H.SERIOUS_ILLNESS, 4],
  [H.DISABLED, 7],
]);
const OLD_HEALTH = new WeightedTable<HealthStatus>([
  [H.HEALTHY, 48],
  [H.CHRONIC_ILLNESS, 35],
  [H.SERIOUS_ILLNESS, 8],
  [H.DISABLED, 9],
]);

/** Members with plausible attributes for their age, and ID numbers that agree with them. */
export class PersonGenerator {
  constructor(
    private readonly rng: SeedRandom,
    private readonly ids: IdNumberAllocator,
    /** Day number (see id-allocator) of the as-of date that ages refer to. */
    private readonly asOfDay: number,
  ) {}

  person(spec: PersonSpec): SeedMember {
    const rng = this.rng;
    const name = personName(rng, spec.ethnicity, spec.male, spec.familyName);
    const health = healthFor(rng, spec.age);
    const school = schoolingFor(rng, spec.age);
    const labour = labourFor(rng, spec.age, health, school.inSchool);
    const member: SeedMember = {
      idNumber: '',
      name,
      nameNorm: normalisePersonName(name),
      sex: spec.male ? Sex.MALE : Sex.FEMALE,
      birthDate: null,
      age: spec.age,
      relationship: spec.relationship,
      ethnicity: spec.ethnicity,
      education: school.education,
      inSchool: school.inSchool,
      health,
      disabilityLevel: health === H.DISABLED ? rng.int(1, 4) : null,
      labourCapacity: labour,
      migrantWorker: labour === LabourCapacity.NORMAL && spec.age >= 18 && spec.age <= 55 && rng.chance(0.4),
      medicalInsured: rng.chance(0.96),
      pensionInsured: spec.age >= 16 && !school.inSchool && rng.chance(0.82),
      receivesDibao: spec.receivesDibao,
      status: MemberStatus.ACTIVE,
      statusDate: null,
    };
    this.reissue(member, spec.idCounty, spec.age);
    return member;
  }

  /**
   * Gives `member` a new age: a birth date and a new ID number that agree
   * with it (faults that make a person older or younger stay ID-consistent).
   */
  reissue(member: SeedMember, idCounty: SeedCounty, age: number): void {
    const day = this.asOfDay - Math.floor((age + this.rng.next()) * 365.2425);
    const issued = this.ids.allocate(this.rng, idCounty.index, day, member.sex === Sex.MALE);
    member.idNumber = issued.idNumber;
    member.birthDate = isoOfDay(issued.day);
    member.age = age;
  }

  /** A date (`YYYY-MM-DD`) between 1 January of `fromYear` and the as-of date, for status changes. */
  dateSince(fromYear: number): string {
    const from = Math.min(dayOfIso(`${fromYear}-01-01`), this.asOfDay);
    return isoOfDay(this.rng.int(from, this.asOfDay));
  }
}

function schoolingFor(rng: SeedRandom, age: number): { education: EducationLevel; inSchool: boolean } {
  if (age < 3) return { education: E.NONE, inSchool: false };
  if (age < 6) return { education: E.PRESCHOOL, inSchool: rng.chance(0.6) };
  if (age < 12) return { education: E.PRIMARY, inSchool: rng.chance(0.98) };
  if (age < 15) return { education: E.JUNIOR_SECONDARY, inSchool: rng.chance(0.96) };
  if (age < 19) return { education: rng.chance(0.6) ? E.SENIOR_SECONDARY : E.JUNIOR_SECONDARY, inSchool: rng.chance(0.85) };
  if (age < 23) {
    const tertiary = rng.chance(0.2);
    return { education: tertiary ? E.TERTIARY : rng.chance(0.5) ? E.SENIOR_SECONDARY : E.JUNIOR_SECONDARY, inSchool: tertiary };
  }
  const table = age < 41 ? ADULT_EDUCATION : age < 61 ? MIDDLE_EDUCATION : OLD_EDUCATION;
  return { education: table.draw(rng), inSchool: false };
}

function healthFor(rng: SeedRandom, age: number): HealthStatus {
  return (age < 16 ? CHILD_HEALTH : age < 60 ? ADULT_HEALTH : OLD_HEALTH).draw(rng);
}

function labourFor(rng: SeedRandom, age: number, health: HealthStatus, inSchool: boolean): LabourCapacity {
  if (age < 16 || inSchool || health === H.SERIOUS_ILLNESS) return LabourCapacity.NONE;
  if (health === H.DISABLED) return rng.chance(0.5) ? LabourCapacity.NONE : LabourCapacity.WEAK;
  if (age >= 70) return rng.chance(0.7) ? LabourCapacity.NONE : LabourCapacity.WEAK;
  if (age >= 60 || health === H.CHRONIC_ILLNESS) return rng.chance(0.25) ? LabourCapacity.NORMAL : LabourCapacity.WEAK;
  return LabourCapacity.NORMAL;
}
