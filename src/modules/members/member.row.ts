import type { EducationLevel, HealthStatus, LabourCapacity, MemberStatus, Relationship, Sex } from './member.enums';

/**
 * A member as a read serialises it: the GraphQL fields of `Member` (plus its
 * ids), read as a plain row, never hydrated into a unit of work.
 */
export interface MemberRow {
  id: number;
  householdId: number;
  idNumber: string | null;
  name: string | null;
  sex: Sex | null;
  /** `YYYY-MM-DD`, as the entity keeps a `date`. */
  birthDate: string | null;
  relationship: Relationship | null;
  ethnicity: string | null;
  education: EducationLevel | null;
  inSchool: boolean | null;
  health: HealthStatus | null;
  disabilityLevel: number | null;
  labourCapacity: LabourCapacity | null;
  migrantWorker: boolean | null;
  medicalInsured: boolean | null;
  pensionInsured: boolean | null;
  receivesDibao: boolean | null;
  status: MemberStatus | null;
  statusDate: string | null;
}
