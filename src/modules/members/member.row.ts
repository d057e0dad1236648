import type { EducationLevel, HealthStatus, LabourCapacity, MemberStatus, Relationship, Sex } from './member.enums';

/**
 * A member as the GraphQL `Member` type serves it, read as a plain row (no
 * entity, no unit of work): the type's fields in their GraphQL names, plus its
 * household. Dates are `YYYY-MM-DD` text. Fields a data-sharing policy cuts are null.
 */
export type MemberRow = {
  id: number;
  householdId: number;
  idNumber: string | null;
  name: string | null;
  sex: Sex | null;
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
};

/**
 * On a household row whose page statement brought its members along (the look-ahead of
 * `members`): those members, in order, with only the fields that operation selected. The
 * `members` field answers from the row itself, so another field of the same operation that
 * selects other member fields never meets these cut-down rows in a shared loader.
 */
export const MEMBERS_ALONG = Symbol('membersAlong');

export type WithMembersAlong = { [MEMBERS_ALONG]?: MemberRow[] };
