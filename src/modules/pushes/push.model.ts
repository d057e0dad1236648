import type { HouseholdStatus, PovertyCause } from '../households/household.enums';
import type { EducationLevel, HealthStatus, LabourCapacity, Relationship, Sex } from '../members/member.enums';
import type { FieldError } from './push.types';

/** A member after validation: ID normalised, sex and birth date filled from the ID. */
export interface MemberRecord {
  idNumber: string;
  name: string;
  nameNorm: string;
  sex: Sex;
  birthDate: string;
  relationship: Relationship;
  ethnicity: string | null;
  education: EducationLevel | null;
  inSchool: boolean | null;
  health: HealthStatus;
  disabilityLevel: number | null;
  labourCapacity: LabourCapacity | null;
  migrantWorker: boolean | null;
  medicalInsured: boolean | null;
  pensionInsured: boolean | null;
  receivesDibao: boolean | null;
}

/** A household after validation, in the shape of its table row. */
export interface HouseholdRecord {
  registryNo: string;
  villageCode: string;
  countyCode: string;
  provinceCode: string;
  status: HouseholdStatus;
  identifiedYear: number;
  exitYear: number | null;
  primaryCause: PovertyCause;
  otherCauses: PovertyCause[];
  annualIncomePerCapita: number | null;
  housingSafe: boolean | null;
  drinkingWaterSafe: boolean | null;
  members: MemberRecord[];
}

/** The household fields a push compares and records in events. */
export const HOUSEHOLD_FIELDS = [
  'villageCode',
  'status',
  'identifiedYear',
  'exitYear',
  'primaryCause',
  'otherCauses',
  'annualIncomePerCapita',
  'housingSafe',
  'drinkingWaterSafe',
] as const satisfies ReadonlyArray<keyof HouseholdRecord>;

/** The member fields a push compares and records in events. */
export const MEMBER_FIELDS = [
  'name',
  'sex',
  'birthDate',
  'relationship',
  'ethnicity',
  'education',
  'inSchool',
  'health',
  'disabilityLevel',
  'labourCapacity',
  'migrantWorker',
  'medicalInsured',
  'pensionInsured',
  'receivesDibao',
] as const satisfies ReadonlyArray<keyof MemberRecord>;

export type Validated = { ok: true; record: HouseholdRecord } | { ok: false; errors: FieldError[] };
