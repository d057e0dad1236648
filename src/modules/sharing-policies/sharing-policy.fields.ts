import { Relationship } from '../members/member.enums';
import type { ProjectType } from '../projects/project.enums';

/** Household fields a policy can grant; `events` is the history, `members` is always listed (policy cuts its rows). */
export const HOUSEHOLD_POLICY_FIELDS = [
  'registryNo',
  'villageCode',
  'countyCode',
  'provinceCode',
  'status',
  'identifiedYear',
  'exitYear',
  'primaryCause',
  'otherCauses',
  'annualIncomePerCapita',
  'housingSafe',
  'drinkingWaterSafe',
  'removalReason',
  'version',
  'createdAt',
  'updatedAt',
  'events',
] as const;

/** Member fields a policy can grant. */
export const MEMBER_POLICY_FIELDS = [
  'idNumber',
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
  'status',
  'statusDate',
] as const;

/**
 * Project fields a policy can grant (projectNo, type and funds are always shown: the type is what the
 * policy selects by, the funds are public by the announcement system); `transactions` is the ledger.
 */
export const PROJECT_POLICY_FIELDS = [
  'name',
  'provinceCode',
  'countyCode',
  'villageCodes',
  'status',
  'targetsHouseholds',
  'announcement',
  'approvedOn',
  'plannedStart',
  'plannedEnd',
  'completedOn',
  'implementingUnit',
  'budget',
  'version',
  'createdAt',
  'updatedAt',
  'transactions',
] as const;

export type HouseholdPolicyField = (typeof HOUSEHOLD_POLICY_FIELDS)[number];
export type ProjectPolicyField = (typeof PROJECT_POLICY_FIELDS)[number];
export type MemberPolicyField = (typeof MEMBER_POLICY_FIELDS)[number];

/** Extra member fields granted only on rows that meet every given condition. */
export interface MemberFieldRule {
  fields: MemberPolicyField[];
  minAge?: number | null;
  maxAge?: number | null;
  relationships?: Relationship[] | null;
}

/** Which members of a visible household a policy lists. */
export enum MemberRows {
  ALL = 'ALL',
  MATCHED = 'MATCHED',
}

/** A data-sharing agreement between LGOP and one tenant, as stored in `sharing_policies`. */
export interface SharingPolicyData {
  tenantCode: string;
  description: string;
  householdFields: HouseholdPolicyField[];
  memberFields: MemberPolicyField[];
  memberRules: MemberFieldRule[];
  memberRows: MemberRows;
  /** The project types whose projects (and their beneficiaries among its households) the tenant reads. */
  projectTypes: ProjectType[];
  projectFields: ProjectPolicyField[];
}
