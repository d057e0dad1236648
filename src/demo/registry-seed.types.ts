import type { HouseholdStatus, PovertyCause } from '../modules/households/household.enums';
import type { EducationLevel, HealthStatus, LabourCapacity, MemberStatus, Relationship, Sex } from '../modules/members/member.enums';

/** A generated member, in the shape of a `members` row (ids are given when it is written). */
export interface SeedMember {
  idNumber: string;
  name: string;
  nameNorm: string;
  sex: Sex | null;
  /** `YYYY-MM-DD`; the one inside the ID number unless a fault says otherwise. */
  birthDate: string | null;
  /** Age in whole years on the generator's as-of date, as generated (faults may change the birth date). */
  age: number;
  relationship: Relationship | null;
  ethnicity: string;
  education: EducationLevel | null;
  inSchool: boolean | null;
  health: HealthStatus | null;
  disabilityLevel: number | null;
  labourCapacity: LabourCapacity | null;
  migrantWorker: boolean;
  medicalInsured: boolean;
  pensionInsured: boolean;
  receivesDibao: boolean;
  status: MemberStatus;
  statusDate: string | null;
}

/** A generated household with its members, in the shape of a `households` row. */
export interface SeedHousehold {
  villageCode: string;
  countyCode: string;
  provinceCode: string;
  status: HouseholdStatus;
  identifiedYear: number;
  exitYear: number | null;
  primaryCause: PovertyCause | null;
  otherCauses: PovertyCause[];
  annualIncomePerCapita: number | null;
  housingSafe: boolean | null;
  drinkingWaterSafe: boolean | null;
  removalReason: string | null;
  /** Head first, as the registry lists them. */
  members: SeedMember[];
  /** The data-quality problems injected into this household (empty for clean ones). */
  faults: string[];
}
